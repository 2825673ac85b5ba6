/**
 * The Sheets API emulator, driven by the real `@googleapis/sheets` client over
 * loopback, as the app's Google backend drives it.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { sheets, type sheets_v4 } from "@googleapis/sheets";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSheetsEmulator, type SheetsEmulator } from "../../scripts/sheets-emulator/server";

let emulator: SheetsEmulator;
let api: sheets_v4.Sheets;

beforeAll(async () => {
  emulator = await startSheetsEmulator();
  api = sheets({ version: "v4", rootUrl: `${emulator.url}/` });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
  emulator.configure({ latencyMs: 0, quotaPerMinute: null, failNext: null, hangNext: null });
  emulator.resetStats();
});

interface ClientError {
  constructor: { name: string };
  status?: number;
  code?: unknown;
  message: string;
  response?: { data?: { error?: { code: number; message: string; status: string } } };
}

/** The error the client rejects with; fails the test when the call succeeds. */
async function rejection(call: Promise<unknown>): Promise<ClientError> {
  try {
    await call;
  } catch (error) {
    return error as ClientError;
  }
  throw new Error("expected the call to fail");
}

async function rows(spreadsheetId: string, range: string, valueRenderOption = "FORMATTED_VALUE") {
  const response = await api.spreadsheets.values.get({ spreadsheetId, range, valueRenderOption });
  return response.data.values ?? [];
}

const TASKS_SHEET = {
  title: "任务",
  rows: [
    ["2026年度从严治党任务分工台账"],
    [],
    ["任务编号", "事项", "进度", null, null],
    ["T-001", "学习", 60, null, ""],
    [],
    ["T-002", "改革", null, null, "备注"],
    [null, null, null],
  ],
};

describe("spreadsheets.create and spreadsheets.get", () => {
  it("creates a spreadsheet and returns its properties, honouring fields", async () => {
    const created = await api.spreadsheets.create({
      requestBody: {
        properties: { title: "DutyBoard", timeZone: "Asia/Shanghai" },
        sheets: [{ properties: { title: "任务" } }, { properties: { title: "走访" } }],
      },
    });
    const spreadsheetId = created.data.spreadsheetId ?? "";
    expect(spreadsheetId).toMatch(/^[\w-]{44}$/);
    expect(created.data.spreadsheetUrl).toBe(`https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`);
    expect(created.data.properties).toMatchObject({ title: "DutyBoard", timeZone: "Asia/Shanghai" });
    expect(created.data.sheets?.[0]?.properties).toEqual({
      sheetId: 0,
      title: "任务",
      index: 0,
      sheetType: "GRID",
      gridProperties: { rowCount: 1000, columnCount: 26 },
    });

    const got = await api.spreadsheets.get({ spreadsheetId, fields: "properties(title,timeZone),sheets(properties(title,index))" });
    expect(got.data).toEqual({
      properties: { title: "DutyBoard", timeZone: "Asia/Shanghai" },
      sheets: [{ properties: { title: "任务", index: 0 } }, { properties: { title: "走访", index: 1 } }],
    });
  });
});

describe("reading values", () => {
  it("batchGets several Chinese-named tabs, leaving out trailing empty cells and rows", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({
      sheets: [
        TASKS_SHEET,
        {
          title: "走访",
          rows: [
            ["走访编号", "日期"],
            ["V-1", "2026-03-05"],
          ],
        },
        {
          title: "It's",
          rows: [
            ["a", "b", "c", "d"],
            [1, 2, 3, 4],
          ],
        },
      ],
    });
    const response = await api.spreadsheets.values.batchGet({
      spreadsheetId,
      ranges: ["任务", "'走访'!A1:Z", "'It''s'!A:C"],
    });
    expect(response.data.valueRanges).toEqual([
      {
        range: "'任务'!A1:Z1000",
        majorDimension: "ROWS",
        values: [["2026年度从严治党任务分工台账"], [], ["任务编号", "事项", "进度"], ["T-001", "学习", "60"], [], ["T-002", "改革", "", "", "备注"]],
      },
      {
        range: "'走访'!A1:Z1000",
        majorDimension: "ROWS",
        values: [
          ["走访编号", "日期"],
          ["V-1", "2026-03-05"],
        ],
      },
      {
        range: "'It''s'!A1:C1000",
        majorDimension: "ROWS",
        values: [
          ["a", "b", "c"],
          ["1", "2", "3"],
        ],
      },
    ]);
  });

  it("names ranges canonically, clips them to the grid and reads columns on request", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [{ title: "Sheet1", rows: [["x"]] }, TASKS_SHEET] });
    const single = await api.spreadsheets.values.get({ spreadsheetId, range: "任务!B4" });
    expect(single.data).toEqual({ range: "'任务'!B4", majorDimension: "ROWS", values: [["学习"]] });
    const clipped = await api.spreadsheets.values.get({ spreadsheetId, range: "'任务'!A2:B5000" });
    expect(clipped.data.range).toBe("'任务'!A2:B1000");
    const firstSheet = await api.spreadsheets.values.get({ spreadsheetId, range: "A1:B2" });
    expect(firstSheet.data).toEqual({ range: "Sheet1!A1:B2", majorDimension: "ROWS", values: [["x"]] });
    const columns = await api.spreadsheets.values.get({ spreadsheetId, range: "任务!A3:C", majorDimension: "COLUMNS" });
    expect(columns.data.values).toEqual([
      ["任务编号", "T-001", "", "T-002"],
      ["事项", "学习", "", "改革"],
      ["进度", "60"],
    ]);
    const empty = await api.spreadsheets.values.get({ spreadsheetId, range: "任务!H1:H9" });
    expect(empty.data).toEqual({ range: "'任务'!H1:H9", majorDimension: "ROWS" });
  });

  it("renders FORMATTED_VALUE, UNFORMATTED_VALUE, FORMULA and FORMATTED_STRING dates as Sheets does", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [{ title: "值", rows: [] }] });
    const typed = ["60%", "1,234", "2026-03-05", "TRUE", "0012", "'0012", "2026/3/5", "2026年3月5日", "14:30", "2026-03-05 14:30", 12.5, "=1+2", "2026.3.5"];
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "值!A1",
      valueInputOption: "USER_ENTERED",
      requestBody: { values: [typed] },
    });

    expect(await rows(spreadsheetId, "值")).toEqual([
      ["60%", "1,234", "2026-03-05", "TRUE", "12", "0012", "2026/3/5", "2026年3月5日", "14:30:00", "2026-03-05 14:30:00", "12.5", "3", "2026.3.5"],
    ]);
    const serial = 46086; // 2026-03-05 counted in days from 1899-12-30
    const afternoon = (14 * 60 + 30) / (24 * 60);
    expect(await rows(spreadsheetId, "值", "UNFORMATTED_VALUE")).toEqual([
      [0.6, 1234, serial, true, 12, "0012", serial, serial, afternoon, serial + afternoon, 12.5, 3, "2026.3.5"],
    ]);
    const asStrings = await api.spreadsheets.values.get({
      spreadsheetId,
      range: "值!A1:J1",
      valueRenderOption: "UNFORMATTED_VALUE",
      dateTimeRenderOption: "FORMATTED_STRING",
    });
    expect(asStrings.data.values).toEqual([[0.6, 1234, "2026-03-05", true, 12, "0012", "2026/3/5", "2026年3月5日", "14:30:00", "2026-03-05 14:30:00"]]);
    expect((await rows(spreadsheetId, "值!L1:L1", "FORMULA"))[0]).toEqual(["=1+2"]);
  });

  it("keeps a cell's format when its value is cleared and rewritten, as Sheets does", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [{ title: "值", rows: [["2026-03-05"]], userEntered: true }] });
    await api.spreadsheets.values.clear({ spreadsheetId, range: "值!A1" });
    expect(await rows(spreadsheetId, "值")).toEqual([]);
    await api.spreadsheets.values.update({ spreadsheetId, range: "值!A1", valueInputOption: "RAW", requestBody: { values: [[46087]] } });
    expect(await rows(spreadsheetId, "值")).toEqual([["2026-03-06"]]);
  });
});

describe("writing values", () => {
  it("stores RAW input literally but parses USER_ENTERED input as typed", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [{ title: "任务", rows: [] }] });
    const formula = '=IMPORTDATA("http://x")';
    const row = [formula, "12", "2026-03-05", true, 7];
    const raw = await api.spreadsheets.values.update({
      spreadsheetId,
      range: "任务!A1",
      valueInputOption: "RAW",
      requestBody: { values: [row] },
    });
    expect(raw.data).toEqual({ spreadsheetId, updatedRange: "'任务'!A1:E1", updatedRows: 1, updatedColumns: 5, updatedCells: 5 });
    await api.spreadsheets.values.update({ spreadsheetId, range: "任务!A2", valueInputOption: "USER_ENTERED", requestBody: { values: [row] } });

    expect(await rows(spreadsheetId, "任务", "UNFORMATTED_VALUE")).toEqual([
      [formula, "12", "2026-03-05", true, 7],
      ["#NAME?", 12, 46086, true, 7],
    ]);
    expect(await rows(spreadsheetId, "任务!A1:A2", "FORMULA")).toEqual([[formula], [formula]]);
    expect(emulator.dumpSpreadsheet(spreadsheetId).sheets[0]?.formulas).toEqual({ A2: formula });
  });

  it("leaves cells alone for null and empties them for an empty string", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [{ title: "任务", rows: [["a", "b", "c"]] }] });
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "任务!A1:C1",
      valueInputOption: "RAW",
      requestBody: { values: [[null, "", "C"]] },
    });
    expect(await rows(spreadsheetId, "任务")).toEqual([["a", "", "C"]]);
  });

  it("refuses values that overflow a bounded range, and writes that start outside the grid", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [{ title: "任务", rows: [] }] });
    const overflow = await rejection(
      api.spreadsheets.values.update({ spreadsheetId, range: "任务!A1:B1", valueInputOption: "RAW", requestBody: { values: [["a", "b", "c"]] } }),
    );
    expect(overflow.message).toBe("Requested writing within range ['任务'!A1:B1], but tried writing to column [C]");
    const outside = await rejection(
      api.spreadsheets.values.update({ spreadsheetId, range: "任务!A1001", valueInputOption: "RAW", requestBody: { values: [["a"]] } }),
    );
    expect(outside.message).toBe("Range ('任务'!A1001) exceeds grid limits. Max rows: 1000, max columns: 26");
    const noOption = await rejection(api.spreadsheets.values.update({ spreadsheetId, range: "任务!A1", requestBody: { values: [["a"]] } }));
    expect(noOption.status).toBe(400);
  });

  it("grows the grid when values run past its edge from inside it", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [{ title: "任务", rows: [], rowCount: 2, columnCount: 2 }] });
    await api.spreadsheets.values.update({
      spreadsheetId,
      range: "任务!B2",
      valueInputOption: "RAW",
      requestBody: {
        values: [
          ["a", "b"],
          ["c", "d"],
        ],
      },
    });
    const got = await api.spreadsheets.get({ spreadsheetId, fields: "sheets.properties.gridProperties" });
    expect(got.data.sheets?.[0]?.properties?.gridProperties).toEqual({ rowCount: 3, columnCount: 3 });
  });

  it("writes several ranges in one values.batchUpdate", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({
      sheets: [
        { title: "任务", rows: [] },
        { title: "走访", rows: [] },
      ],
    });
    const response = await api.spreadsheets.values.batchUpdate({
      spreadsheetId,
      requestBody: {
        valueInputOption: "RAW",
        data: [
          { range: "任务!A1", values: [["x", "y"]] },
          { range: "'走访'!B2", majorDimension: "COLUMNS", values: [["1", "2"]] },
        ],
      },
    });
    expect(response.data).toMatchObject({ totalUpdatedCells: 4, totalUpdatedSheets: 2 });
    expect(await rows(spreadsheetId, "走访")).toEqual([[], ["", "1"], ["", "2"]]);
  });
});

describe("values.append", () => {
  // The example sheet of Google's guide: tables A1:C2 and B4:D6.
  const GUIDE_SHEET = {
    title: "Sheet1",
    rows: [["x", "y", "z"], ["x", "y", "z"], [], [null, "x", "y"], [null, null, "y", "z"], [null, "x", "y", "z"]],
  };

  it.each([
    ["Sheet1", "Sheet1!B7", "Sheet1!B4:D6"],
    ["B4", "Sheet1!B7", "Sheet1!B4:D6"],
    ["C5:D5", "Sheet1!B7", "Sheet1!B4:D6"],
    ["B2:D4", "Sheet1!B7", "Sheet1!B4:D6"],
    ["A3:G10", "Sheet1!B7", "Sheet1!B4:D6"],
    ["A1", "Sheet1!A3", "Sheet1!A1:C2"],
    ["E4", "Sheet1!E4", undefined],
  ])("finds the table for input range %s as the guide documents", async (range, updatedRange, tableRange) => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [GUIDE_SHEET] });
    const response = await api.spreadsheets.values.append({
      spreadsheetId,
      range,
      valueInputOption: "RAW",
      requestBody: { values: [["n"]] },
    });
    expect(response.data.updates?.updatedRange).toBe(updatedRange);
    expect(response.data.tableRange).toBe(tableRange);
  });

  it("keeps both rows when two appends arrive together", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({
      sheets: [
        {
          title: "走访",
          rows: [
            ["走访编号", "日期", "干部姓名"],
            ["V-1", "2026-03-01", "张三"],
            ["V-2", "2026-03-02", "李四"],
          ],
        },
      ],
    });
    const append = (id: string) =>
      api.spreadsheets.values.append({ spreadsheetId, range: "走访", valueInputOption: "RAW", requestBody: { values: [[id, "2026-03-05", "王五"]] } });
    const responses = await Promise.all([append("V-3"), append("V-4")]);
    expect(responses.map((r) => r.data.updates?.updatedRange).sort()).toEqual(["'走访'!A4:C4", "'走访'!A5:C5"]);
    const ids = (await rows(spreadsheetId, "走访!A2:A")).map((row) => row[0]);
    expect(ids.sort()).toEqual(["V-1", "V-2", "V-3", "V-4"]);
  });

  it("inserts rows with INSERT_ROWS so that what lies below the table moves down", async () => {
    const sheet = { title: "任务", rows: [["任务编号", "事项"], ["T-1", "a"], ["T-2", "b"], [], ["合计", 2]] };
    const newRows = [
      ["T-3", "c"],
      ["T-4", "d"],
    ];

    const inserted = emulator.loadSpreadsheet({ sheets: [sheet] });
    const response = await api.spreadsheets.values.append({
      spreadsheetId: inserted,
      range: "任务!A1:B3",
      valueInputOption: "RAW",
      insertDataOption: "INSERT_ROWS",
      requestBody: { values: newRows },
    });
    expect(response.data).toMatchObject({ tableRange: "'任务'!A1:B3", updates: { updatedRange: "'任务'!A4:B5", updatedRows: 2 } });
    expect(await rows(inserted, "任务")).toEqual([["任务编号", "事项"], ["T-1", "a"], ["T-2", "b"], ["T-3", "c"], ["T-4", "d"], [], ["合计", "2"]]);
    const grid = await api.spreadsheets.get({ spreadsheetId: inserted, fields: "sheets.properties.gridProperties.rowCount" });
    expect(grid.data.sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(1002);

    // OVERWRITE (the default) writes over whatever follows the table.
    const overwritten = emulator.loadSpreadsheet({ sheets: [sheet] });
    await api.spreadsheets.values.append({ spreadsheetId: overwritten, range: "任务!A1:B3", valueInputOption: "RAW", requestBody: { values: newRows } });
    expect(await rows(overwritten, "任务")).toEqual([
      ["任务编号", "事项"],
      ["T-1", "a"],
      ["T-2", "b"],
      ["T-3", "c"],
      ["T-4", "d"],
    ]);
  });
});

describe("spreadsheets.batchUpdate", () => {
  const tasks = () =>
    emulator.loadSpreadsheet({
      sheets: [
        {
          title: "任务",
          rows: [
            ["任务编号", "事项", "进度"],
            ["T-3", "c", 30],
            ["T-1", "a", 90],
            ["T-2", "b", null],
            ["T-4", "d", 60],
          ],
        },
      ],
    });

  it("inserts, deletes and sorts rows", async () => {
    const spreadsheetId = tasks();
    await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: [{ insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 2, endIndex: 4 }, inheritFromBefore: true } }] },
    });
    expect((await rows(spreadsheetId, "任务!A1:A")).map((row) => row[0] ?? null)).toEqual(["任务编号", "T-3", null, null, "T-1", "T-2", "T-4"]);

    await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          { deleteDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 2, endIndex: 4 } } },
          { sortRange: { range: { sheetId: 0, startRowIndex: 1 }, sortSpecs: [{ dimensionIndex: 2, sortOrder: "DESCENDING" }] } },
        ],
      },
    });
    // Blank cells sort last whatever the order.
    expect(await rows(spreadsheetId, "任务!A2:C")).toEqual([
      ["T-1", "a", "90"],
      ["T-4", "d", "60"],
      ["T-3", "c", "30"],
      ["T-2", "b"],
    ]);
    const grid = await api.spreadsheets.get({ spreadsheetId, fields: "sheets.properties.gridProperties.rowCount" });
    expect(grid.data.sheets?.[0]?.properties?.gridProperties?.rowCount).toBe(1000);
  });

  it("adds sheets and protected ranges, and moves protected ranges with inserted rows", async () => {
    const spreadsheetId = tasks();
    const added = await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          { addSheet: { properties: { title: "用户" } } },
          { addProtectedRange: { protectedRange: { range: { sheetId: 0, startRowIndex: 0, endRowIndex: 1 }, description: "表头" } } },
        ],
      },
    });
    const userSheetId = added.data.replies?.[0]?.addSheet?.properties?.sheetId;
    expect(userSheetId).toEqual(expect.any(Number));
    expect(added.data.replies?.[0]?.addSheet?.properties).toMatchObject({ title: "用户", index: 1 });
    const protectedRangeId = added.data.replies?.[1]?.addProtectedRange?.protectedRange?.protectedRangeId;
    expect(protectedRangeId).toEqual(expect.any(Number));

    await api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: { requests: [{ insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 0, endIndex: 1 } } }] },
    });
    const got = await api.spreadsheets.get({ spreadsheetId, fields: "sheets(properties(title),protectedRanges)" });
    expect(got.data.sheets?.[0]?.protectedRanges).toEqual([
      { protectedRangeId, range: { sheetId: 0, startRowIndex: 1, endRowIndex: 2 }, description: "表头", requestingUserCanEdit: true },
    ]);
    expect(got.data.sheets?.[1]).toEqual({ properties: { title: "用户" } });

    await api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests: [{ deleteProtectedRange: { protectedRangeId } }] } });
    const after = await api.spreadsheets.get({ spreadsheetId, fields: "sheets.protectedRanges" });
    expect(after.data.sheets).toEqual([{}, {}]);
  });

  it("applies all requests or none", async () => {
    const spreadsheetId = tasks();
    const error = await rejection(
      api.spreadsheets.batchUpdate({
        spreadsheetId,
        requestBody: { requests: [{ addSheet: { properties: { title: "X" } } }, { deleteSheet: { sheetId: 999 } }] },
      }),
    );
    expect(error.message).toBe("Invalid requests[1].deleteSheet: No grid with id: 999");
    const got = await api.spreadsheets.get({ spreadsheetId, fields: "sheets.properties.title" });
    expect(got.data.sheets).toEqual([{ properties: { title: "任务" } }]);
  });
});

describe("hand edits", () => {
  it("inserts and sorts rows as a person would, without counting as API requests", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({
      sheets: [
        {
          title: "任务",
          rows: [
            ["任务编号", "事项"],
            ["T-1", "a"],
            ["T-2", "b"],
            ["T-3", "c"],
          ],
        },
      ],
    });
    emulator.edit(spreadsheetId, { sheet: "任务", op: "insertRows", at: 3, values: [["T-9", "新增"]] });
    expect(await rows(spreadsheetId, "任务")).toEqual([
      ["任务编号", "事项"],
      ["T-1", "a"],
      ["T-9", "新增"],
      ["T-2", "b"],
      ["T-3", "c"],
    ]);

    const response = await fetch(`${emulator.url}/__emulator/spreadsheets/${spreadsheetId}/edit`, {
      method: "POST",
      body: JSON.stringify([
        { sheet: "任务", op: "sort", fromRow: 2, column: "A", descending: true },
        { sheet: "任务", op: "set", cell: "B2", value: "改了" },
      ]),
    });
    expect(response.status).toBe(200);
    expect(emulator.dumpSpreadsheet(spreadsheetId).sheets[0]?.rows).toEqual([
      ["任务编号", "事项"],
      ["T-9", "改了"],
      ["T-3", "c"],
      ["T-2", "b"],
      ["T-1", "a"],
    ]);
    expect(emulator.stats().requests.total).toBe(1);
  });
});

describe("errors", () => {
  it("answers an unknown sheet with 400 and an unknown spreadsheet with 404, in Google's shape", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [TASKS_SHEET] });
    const badRange = await rejection(api.spreadsheets.values.get({ spreadsheetId, range: "不存在!A1" }));
    expect(badRange.constructor.name).toBe("GaxiosError");
    expect(badRange).toMatchObject({ status: 400, code: 400 });
    expect(badRange.message).toBe("Unable to parse range: 不存在!A1");
    expect(badRange.response?.data).toEqual({ error: { code: 400, message: "Unable to parse range: 不存在!A1", status: "INVALID_ARGUMENT" } });

    const missing = await rejection(api.spreadsheets.values.get({ spreadsheetId: "no-such-spreadsheet", range: "任务" }));
    expect(missing).toMatchObject({ status: 404, code: 404 });
    expect(missing.message).toBe("Requested entity was not found.");
    expect(missing.response?.data?.error?.status).toBe("NOT_FOUND");
  });
});

describe("switches and counters", () => {
  it("injects 429s and 503s; the client retries reads on its own but not appends", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [TASKS_SHEET] });
    emulator.configure({ failNext: { status: 429, count: 1, kind: "write" } });
    const append = () => api.spreadsheets.values.append({ spreadsheetId, range: "任务", valueInputOption: "RAW", requestBody: { values: [["T-9"]] } });
    const refused = await rejection(append());
    expect(refused).toMatchObject({ status: 429, code: 429 });
    expect(refused.response?.data?.error?.status).toBe("RESOURCE_EXHAUSTED");
    await append();

    emulator.configure({ failNext: { status: 503, count: 1, kind: "read" } });
    await api.spreadsheets.values.get({ spreadsheetId, range: "任务!A1" });
    expect(emulator.stats().requests).toMatchObject({ read: 2, write: 2 });
  });

  it("enforces a per-minute quota for reads and writes separately", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [TASKS_SHEET] });
    await fetch(`${emulator.url}/__emulator/config`, { method: "POST", body: JSON.stringify({ quotaPerMinute: 2 }) });
    const read = () => api.spreadsheets.values.get({ spreadsheetId, range: "任务!A1" }, { retry: false });
    await read();
    await read();
    const refused = await rejection(read());
    expect(refused.status).toBe(429);
    expect(refused.message).toBe(
      "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.",
    );
    await api.spreadsheets.values.update({ spreadsheetId, range: "任务!A1", valueInputOption: "RAW", requestBody: { values: [["写"]] } });
  });

  it("adds latency to API calls only, and can hang a request past the client's timeout", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [TASKS_SHEET] });
    // Bounds are relative to the configured delays, so a busy machine cannot fail the test.
    emulator.configure({ latencyMs: 600 });
    let started = performance.now();
    await api.spreadsheets.values.get({ spreadsheetId, range: "任务!A1" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
    started = performance.now();
    await fetch(`${emulator.url}/__emulator/stats`);
    expect(performance.now() - started).toBeLessThan(590);

    emulator.configure({ latencyMs: 0, hangNext: { count: 1, ms: 1500 } });
    const timedOut = await rejection(api.spreadsheets.values.get({ spreadsheetId, range: "任务!A1" }, { timeout: 200, retry: false }));
    expect(timedOut.constructor.name).toBe("GaxiosError");
    // Aborted by the client's timeout: no HTTP response at all.
    expect(timedOut.status).toBeUndefined();
    started = performance.now();
    await api.spreadsheets.values.get({ spreadsheetId, range: "任务!A1" });
    expect(performance.now() - started).toBeLessThan(1500);
    // Let the held request finish on the server before the next test resets it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  });

  it("counts API requests by method and resets the counter", async () => {
    const spreadsheetId = emulator.loadSpreadsheet({ sheets: [TASKS_SHEET] });
    await api.spreadsheets.get({ spreadsheetId });
    await api.spreadsheets.values.batchGet({ spreadsheetId, ranges: ["任务"] });
    await api.spreadsheets.values.append({ spreadsheetId, range: "任务", valueInputOption: "RAW", requestBody: { values: [["T-9"]] } });
    const stats = (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as unknown;
    expect(stats).toEqual({
      requests: {
        total: 3,
        read: 2,
        write: 1,
        byMethod: { "spreadsheets.get": 1, "spreadsheets.values.batchGet": 1, "spreadsheets.values.append": 1 },
      },
    });
    await fetch(`${emulator.url}/__emulator/stats/reset`, { method: "POST" });
    expect(emulator.stats().requests.total).toBe(0);
  });

  it("loads and dumps spreadsheets through the control endpoints", async () => {
    const loaded = await fetch(`${emulator.url}/__emulator/spreadsheets`, {
      method: "POST",
      body: JSON.stringify({ spreadsheetId: "fixture-1", sheets: [{ title: "走访", rows: [["日期"], ["2026/3/5"]], userEntered: true }] }),
    });
    expect(await loaded.json()).toEqual({ spreadsheetId: "fixture-1" });
    const dump = (await (await fetch(`${emulator.url}/__emulator/spreadsheets/fixture-1`)).json()) as { sheets: { title: string; rows: unknown[][] }[] };
    expect(dump.sheets[0]).toMatchObject({ title: "走访", rows: [["日期"], [46086]] });
  });
});

describe("command line", () => {
  it("prints its address, serves the API and stops on SIGTERM", async () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const child = spawn(`${root}node_modules/.bin/tsx`, ["scripts/sheets-emulator/main.ts", "--port", "0"], { cwd: root });
    try {
      const [firstOutput] = (await once(child.stdout, "data")) as [Buffer];
      const line = firstOutput.toString();
      const match = /^Sheets API emulator on (http:\/\/127\.0\.0\.1:(\d+)) \(SHEETS_EMULATOR_HOST=127\.0\.0\.1:(\d+)\)$/m.exec(line);
      expect(match?.[2]).toBe(match?.[3]);
      const stats = await fetch(`${match?.[1]}/__emulator/stats`);
      expect(stats.status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
  });
});
