/**
 * `npx tsx bench/google-read-requests.ts`
 *
 * Requests the Google backend sends per read, counted by the Sheets API emulator
 * (in process, real @googleapis/sheets client): the first read (tab list not yet
 * cached), a later read of a sheet whose URL columns hold addresses only, and one
 * after people put links on cells (Insert › Link on 现场照片, a =HYPERLINK).
 */
import { a1, type RawWorkbook } from "../lib/schema/cells";
import { meetingsTab, visitsTab } from "../lib/schema/tabs";
import { GoogleStore } from "../lib/sheets/google-store";
import { generateSampleData } from "../seeds/generate";
import { startSheetsEmulator } from "../scripts/sheets-emulator/server";

const ID = "bench-links";

function cellOf(raw: RawWorkbook, tab: string, header: string, nth: number): string {
  const rows = raw.tabs.find((t) => t.title === tab)!.rows;
  const headerRow = rows.find((r) => r.cells.includes(header))!;
  return a1(headerRow.cells.indexOf(header), headerRow.row + nth);
}

async function main(): Promise<void> {
  const emulator = await startSheetsEmulator();
  try {
    emulator.loadSpreadsheet({ spreadsheetId: ID, sheets: [{ title: "工作表1" }] });
    await new GoogleStore({ spreadsheetId: ID, emulatorHost: emulator.host }).create(generateSampleData({ year: 2026, today: "2026-06-15" }), { force: true });
    const store = new GoogleStore({ spreadsheetId: ID, emulatorHost: emulator.host });
    const rows: [string, Record<string, number>][] = [];
    const measure = async (what: string) => {
      emulator.resetStats();
      const raw = await store.readAll();
      rows.push([what, { ...emulator.stats().requests.byMethod }]);
      return raw;
    };
    const first = await measure("first read (tab list fetched)");
    await measure("later read, URL columns hold addresses only");
    emulator.edit(ID, [
      {
        sheet: visitsTab.title,
        op: "link",
        cell: cellOf(first, visitsTab.title, visitsTab.columns.evidence.header, 1),
        text: "现场照片",
        url: "https://oa.example.gov.cn/photos/7",
      },
      {
        sheet: visitsTab.title,
        op: "link",
        cell: cellOf(first, visitsTab.title, visitsTab.columns.evidence.header, 2),
        text: "走访记录",
        url: "https://oa.example.gov.cn/photos/8",
      },
      {
        sheet: meetingsTab.title,
        op: "set",
        cell: cellOf(first, meetingsTab.title, meetingsTab.columns.minutes.header, 1),
        value: '=HYPERLINK("https://oa.example.gov.cn/minutes/3","会议纪要")',
        userEntered: true,
      },
    ]);
    await measure("later read, links on 2 佐证链接 cells and 1 纪要链接 cell");
    const fresh = new GoogleStore({ spreadsheetId: ID, emulatorHost: emulator.host });
    emulator.resetStats();
    await fresh.readAll();
    rows.push(["first read of a new instance, with those links", { ...emulator.stats().requests.byMethod }]);
    console.log("| read | requests | by method |\n| --- | ---: | --- |");
    for (const [what, byMethod] of rows) {
      const total = Object.values(byMethod).reduce((a, b) => a + b, 0);
      console.log(
        `| ${what} | ${total} | ${Object.entries(byMethod)
          .map(([m, n]) => `${m} ×${n}`)
          .join(", ")} |`,
      );
    }
  } finally {
    await emulator.close();
  }
}

void main();
