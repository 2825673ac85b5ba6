import { describe, expect, it } from "vitest";
import { BOM, csvField, toCsv } from "@/lib/export/csv";
import { exportFileName } from "@/lib/export/table";

describe("csvField", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+86 138", "'+86 138"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", '"\'\rcmd"'],
  ])("escapes text that would start a formula: %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it("leaves ordinary text, inner signs and numbers alone", () => {
    expect(csvField("经棚镇")).toBe("经棚镇");
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField("2026-03-05")).toBe("2026-03-05");
    expect(csvField(-5)).toBe("-5");
    expect(csvField(54.9)).toBe("54.9");
  });

  it("quotes separators, quotes and line breaks", () => {
    expect(csvField('他说"好"')).toBe('"他说""好"""');
    expect(csvField("甲,乙")).toBe('"甲,乙"');
    expect(csvField("一行\n两行")).toBe('"一行\n两行"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it("writes blanks for missing values", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(Number.NaN)).toBe("");
  });
});

describe("toCsv", () => {
  it("starts with the UTF-8 byte order mark and ends every line with CRLF", () => {
    const csv = toCsv({
      name: "任务",
      columns: [{ header: "任务编号" }, { header: "进度", type: "number" }, { header: "完成时限", type: "date" }],
      rows: [
        ["RW-001", 60, "2026-06-30"],
        ["=1+1", null, undefined],
      ],
    });
    expect(csv.startsWith(BOM)).toBe(true);
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(csv.slice(1)).toBe("任务编号,进度,完成时限\r\nRW-001,60,2026-06-30\r\n'=1+1,,\r\n");
  });

  it("writes only the header row for an empty table", () => {
    expect(toCsv({ name: "x", columns: [{ header: "a" }, { header: "b" }], rows: [] })).toBe(`${BOM}a,b\r\n`);
  });
});

describe("exportFileName", () => {
  it("names the file after the table and the day, without characters file systems refuse", () => {
    expect(exportFileName("任务", "2026-11-20", "csv")).toBe("任务_2026-11-20.csv");
    expect(exportFileName("考核/记录:2026", "2026-11-20", "xlsx")).toBe("考核_记录_2026_2026-11-20.xlsx");
    expect(exportFileName("  ", "2026-11-20", "csv")).toBe("export_2026-11-20.csv");
  });
});
