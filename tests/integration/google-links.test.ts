/**
 * Links on Google Sheets, through the real `@googleapis/sheets` client against
 * the Sheets API emulator: a link put on a 佐证链接 cell (Insert › Link) and a
 * =HYPERLINK in 纪要链接 read as their targets, their text the label, within
 * two requests per read.
 */
import { sheets } from "@googleapis/sheets";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { a1, type RawWorkbook } from "@/lib/schema/cells";
import { meetingsTab, visitsTab } from "@/lib/schema/tabs";
import { parseWorkbook } from "@/lib/schema/workbook";
import { GoogleStore } from "@/lib/sheets/google-store";
import { generateSampleData } from "@/seeds/generate";
import { startSheetsEmulator, type SheetsEmulator } from "../../scripts/sheets-emulator/server";

const ID = "dutyboard-links";
let emulator: SheetsEmulator;

beforeAll(async () => {
  emulator = await startSheetsEmulator();
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  emulator.reset();
  emulator.loadSpreadsheet({ spreadsheetId: ID, sheets: [{ title: "工作表1" }] });
  await new GoogleStore({ spreadsheetId: ID, emulatorHost: emulator.host }).create(generateSampleData({ year: 2026, today: "2026-06-15" }), { force: true });
});

/** The A1 name of a column's cell in a sheet row, found from the header as read. */
function cellOf(raw: RawWorkbook, tab: string, header: string, row: number): string {
  const headerRow = raw.tabs.find((t) => t.title === tab)!.rows.find((r) => r.cells.includes(header))!;
  return a1(headerRow.cells.indexOf(header), row);
}

describe("the emulator reports links as the Sheets API does", () => {
  it("gives a linked cell's text as its value and the link in hyperlink and a text run, until a write replaces the value", async () => {
    const api = sheets({ version: "v4", rootUrl: `${emulator.url}/` });
    emulator.loadSpreadsheet({ spreadsheetId: "links-raw", sheets: [{ title: "表", rows: [["标题"]] }] });
    emulator.edit("links-raw", [
      { sheet: "表", op: "link", cell: "A2", text: "现场照片", url: "https://oa.example.gov.cn/p/1" },
      { sheet: "表", op: "set", cell: "B2", value: '=HYPERLINK("https://oa.example.gov.cn/m/2","纪要")', userEntered: true },
      { sheet: "表", op: "set", cell: "C2", value: '=HYPERLINK("https://oa.example.gov.cn/m/3")', userEntered: true },
    ]);
    const values = await api.spreadsheets.values.get({ spreadsheetId: "links-raw", range: "表!A2:C2", valueRenderOption: "UNFORMATTED_VALUE" });
    expect(values.data.values).toEqual([["现场照片", "纪要", "https://oa.example.gov.cn/m/3"]]);

    // A field mask decides what comes back: includeGridData is ignored once one is set.
    const linksOf = async () =>
      (
        await api.spreadsheets.get({
          spreadsheetId: "links-raw",
          ranges: ["表!A2:C2"],
          includeGridData: false,
          fields: "sheets(data(rowData(values(hyperlink))))",
        })
      ).data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values;
    expect(await linksOf()).toEqual([
      { hyperlink: "https://oa.example.gov.cn/p/1" },
      { hyperlink: "https://oa.example.gov.cn/m/2" },
      { hyperlink: "https://oa.example.gov.cn/m/3" },
    ]);

    await api.spreadsheets.values.update({
      spreadsheetId: "links-raw",
      range: "表!A2",
      valueInputOption: "RAW",
      requestBody: { values: [["https://oa.example.gov.cn/p/9"]] },
    });
    expect((await linksOf())?.[0]).toEqual({});
  });
});

describe("links on Google Sheets", () => {
  it("read a link on a 佐证链接 cell and a =HYPERLINK in 纪要链接 as their targets, in at most two requests per read", async () => {
    const store = new GoogleStore({ spreadsheetId: ID, emulatorHost: emulator.host });
    const first = await store.readAll();
    const before = parseWorkbook(first);
    const visit = before.visits[0]!;
    const meeting = before.meetings[0]!;

    // Without linked labels a read stays one values.batchGet (the tab list is cached).
    emulator.resetStats();
    await store.readAll();
    expect(emulator.stats().requests.byMethod).toEqual({ "spreadsheets.values.batchGet": 1 });

    emulator.edit(ID, [
      {
        sheet: visitsTab.title,
        op: "link",
        cell: cellOf(first, visitsTab.title, visitsTab.columns.evidence.header, visit._row),
        text: "现场照片",
        url: "https://oa.example.gov.cn/photos/7",
      },
      {
        sheet: meetingsTab.title,
        op: "set",
        cell: cellOf(first, meetingsTab.title, meetingsTab.columns.minutes.header, meeting._row),
        value: '=HYPERLINK("https://oa.example.gov.cn/minutes/3","会议纪要")',
        userEntered: true,
      },
    ]);

    // What the Sheets API itself reports for those cells, to the plain client.
    const api = sheets({ version: "v4", rootUrl: `${emulator.url}/` });
    const evidence = cellOf(first, visitsTab.title, visitsTab.columns.evidence.header, visit._row);
    const reported = await api.spreadsheets.get({
      spreadsheetId: ID,
      ranges: [`'${visitsTab.title}'!${evidence}`],
      fields: "sheets(data(rowData(values(formattedValue,hyperlink,textFormatRuns))))",
    });
    expect(reported.data.sheets?.[0]?.data?.[0]?.rowData?.[0]?.values?.[0]).toEqual({
      formattedValue: "现场照片",
      hyperlink: "https://oa.example.gov.cn/photos/7",
      textFormatRuns: [{ format: { link: { uri: "https://oa.example.gov.cn/photos/7" } } }],
    });

    emulator.resetStats();
    const after = parseWorkbook(await store.readAll());
    expect(emulator.stats().requests.byMethod).toEqual({ "spreadsheets.values.batchGet": 1, "spreadsheets.get": 1 });

    const linked = after.visits.find((v) => v.id === visit.id);
    expect([linked?.evidence, linked?._labels?.evidence]).toEqual(["https://oa.example.gov.cn/photos/7", "现场照片"]);
    const minuted = after.meetings.find((m) => m.id === meeting.id);
    expect([minuted?.minutes, minuted?._labels?.minutes]).toEqual(["https://oa.example.gov.cn/minutes/3", "会议纪要"]);
    expect(after.visits).toHaveLength(before.visits.length);
    expect(after.problems.filter((p) => p.code === "bad-url")).toEqual([]);
  });

  it("report a 佐证链接 that is neither an address nor a link, as before", async () => {
    const store = new GoogleStore({ spreadsheetId: ID, emulatorHost: emulator.host });
    const first = await store.readAll();
    const visit = parseWorkbook(first).visits[0]!;
    const cell = cellOf(first, visitsTab.title, visitsTab.columns.evidence.header, visit._row);
    emulator.edit(ID, { sheet: visitsTab.title, op: "set", cell, value: "现场照片" });
    const after = parseWorkbook(await store.readAll());
    expect(after.problems.filter((p) => p.code === "bad-url").map((p) => [p.cell, p.value])).toEqual([[cell, "现场照片"]]);
  });
});
