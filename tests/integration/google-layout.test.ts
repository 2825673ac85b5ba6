/**
 * The Google backend's view of the spreadsheet's layout (lib/sheets/google-store/layout.ts):
 * the tab list from spreadsheets.get, how long it is trusted, and who shares a fetch.
 * Real `@googleapis/sheets` client against the Sheets API emulator on loopback.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TABS, type TabSpec } from "@/lib/schema/tabs";
import type { Columns } from "@/lib/schema/columns";
import { DEFAULT_TIMING, type GoogleTiming } from "@/lib/sheets/google-retry";
import { SheetLayout } from "@/lib/sheets/google-store/layout";
import { GoogleRequests } from "@/lib/sheets/google-store/requests";
import { SheetsTransport } from "@/lib/sheets/google-transport";
import { startSheetsEmulator, type SheetsEmulator } from "@/scripts/sheets-emulator/server";

let emulator: SheetsEmulator;
const ID = "dutyboard-layout";
const SHORT_MS = 300;
const timing: GoogleTiming = { ...DEFAULT_TIMING, metadataTtlMs: 60_000, metadataTtlWhileTabMissingMs: SHORT_MS };
const expected = (TABS as readonly TabSpec<Columns>[]).filter((s) => !s.optional);
const [lastExpected] = expected.slice(-1) as [TabSpec<Columns>];

function layoutFor(): SheetLayout {
  const requests = new GoogleRequests(new SheetsTransport({ spreadsheetId: ID, emulatorHost: emulator.host }), timing);
  return new SheetLayout(requests, timing, "Asia/Shanghai");
}

const tabListFetches = () => emulator.stats().requests.byMethod["spreadsheets.get"] ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  emulator = await startSheetsEmulator();
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
  // Every tab DutyBoard expects but the last, which a person has not yet renamed from its draft title.
  emulator.loadSpreadsheet({
    spreadsheetId: ID,
    timeZone: "Asia/Shanghai",
    sheets: expected.map((spec, i) => ({ title: spec === lastExpected ? "草稿" : spec.title, sheetId: 100 + i, rows: [] })),
  });
  emulator.resetStats();
});

describe("the tab list", () => {
  it("is fetched again soon while a tab DutyBoard expects is missing, then kept once every tab is there", async () => {
    const layout = layoutFor();
    const first = await layout.metadata();
    expect(first.sheets.map((s) => s.title)).not.toContain(lastExpected.title);
    await layout.metadata();
    expect(tabListFetches()).toBe(1);

    emulator.edit(ID, { sheet: "草稿", op: "renameSheet", title: lastExpected.title });
    await sleep(SHORT_MS + 50);
    const renamed = await layout.metadata();
    expect(tabListFetches()).toBe(2);
    expect(renamed.sheets.find((s) => s.title === lastExpected.title)?.sheetId).toBe(100 + expected.length - 1);

    // Complete now: trusted for metadataTtlMs, so a later rename is not fetched within the short window.
    emulator.edit(ID, { sheet: expected[0]!.title, op: "renameSheet", title: "改名" });
    await sleep(SHORT_MS + 50);
    expect((await layout.metadata()).sheets.map((s) => s.title)).toContain(expected[0]!.title);
    expect(tabListFetches()).toBe(2);
    // …unless asked to refresh (a write that misses its tab does).
    expect((await layout.metadata(true)).sheets.map((s) => s.title)).toContain("改名");
    expect(tabListFetches()).toBe(3);
  });

  it("is fetched once for callers that ask at the same moment", async () => {
    const layout = layoutFor();
    const all = await Promise.all([layout.metadata(), layout.metadata(true), layout.timeZone()]);
    expect(tabListFetches()).toBe(1);
    expect(all[2]).toBe("Asia/Shanghai");
  });

  it("gives the spreadsheet's own time zone over the configured one", async () => {
    emulator.loadSpreadsheet({ spreadsheetId: ID, timeZone: "Europe/Berlin", sheets: [{ title: "任务", rows: [] }] });
    expect(await layoutFor().timeZone()).toBe("Europe/Berlin");
  });
});
