/**
 * The workbook reader against what other spreadsheet apps write, each case a
 * small workbook made here (by LibreOffice, or part by part as Tencent Docs,
 * .NET generators, Numbers, Excel for Mac write them), and checked against
 * LibreOffice's own reading of the same file (its CSV export), not only
 * against exceljs, which shares some of the old mistakes.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { a1, type CellValue, type RawTab } from "@/lib/schema/cells";
import { meetingsTab, visitsTab } from "@/lib/schema/tabs";
import { parseWorkbook } from "@/lib/schema/workbook";
import { readWorkbookFast } from "@/lib/sheets/xlsx-fast-reader";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { generateSampleData } from "@/seeds/generate";
import { editWithLibreOffice, libreOfficeAvailable, LIBREOFFICE_PACKAGES } from "../support/libreoffice";
import { buildWorkbook, type BookOptions, type SheetSpec } from "../support/xlsx-fixtures";
import { zipOf } from "../support/xlsx-parts";

let dir: string;

beforeAll(async () => {
  if (!libreOfficeAvailable()) {
    throw new Error(`These tests check the reader against real LibreOffice: apt-get install -y ${LIBREOFFICE_PACKAGES}`);
  }
  dir = await mkdtemp(path.join(os.tmpdir(), "reader-compat-"));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Each sheet of each file as LibreOffice reads it: its CSV export, one file per sheet, in one soffice run. */
async function libreOfficeReads(files: string[]): Promise<Map<string, string[][]>> {
  const out = await mkdtemp(path.join(dir, "csv-"));
  execFileSync(
    "/usr/bin/soffice",
    [
      `-env:UserInstallation=file://${path.join(out, "profile")}`,
      "--headless",
      "--convert-to",
      // UTF-8, comma, quote; the last token (-1) writes every sheet to FILE-SHEET.csv.
      "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
      "--outdir",
      out,
      ...files,
    ],
    { stdio: "ignore", timeout: 120_000 },
  );
  const sheets = new Map<string, string[][]>();
  for (const name of await readdir(out)) {
    if (!name.endsWith(".csv")) continue;
    const text = await readFile(path.join(out, name), "utf8");
    sheets.set(
      name.slice(0, -4),
      text
        .split("\n")
        .filter((l, i, all) => l !== "" || i < all.length - 1)
        .map((l) => (l === "" ? [] : l.split(","))),
    );
  }
  return sheets;
}

/** LibreOffice's text for a cell, read back as the value it shows. */
function fromLibreOffice(text: string | undefined): CellValue {
  if (text === undefined || text === "") return null;
  if (text === "TRUE" || text === "FALSE") return text === "TRUE";
  if (/^-?\d+(\.\d+)?$/u.test(text)) return Number(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/u.exec(text);
  const us = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/u.exec(text);
  if (iso) return new Date(Date.UTC(+iso[1]!, +iso[2]! - 1, +iso[3]!, +(iso[4] ?? 0), +(iso[5] ?? 0), +(iso[6] ?? 0)));
  if (us) return new Date(Date.UTC(+us[3]!, +us[1]! - 1, +us[2]!, +us[4]!, +us[5]!, +us[6]!));
  return text;
}

/** Every cell LibreOffice shows is the cell the reader gives, and the reader gives no cell LibreOffice does not show. */
function expectSameAsLibreOffice(tabs: RawTab[], file: string, csv: Map<string, string[][]>) {
  const base = path.basename(file, ".xlsx");
  for (const tab of tabs) {
    const lines = csv.get(`${base}-${tab.title}`);
    expect(lines, `LibreOffice's export of ${base} / ${tab.title}`).toBeDefined();
    const width = Math.max(...tab.rows.map((r) => r.cells.length), ...lines!.map((l) => l.length));
    const height = Math.max(lines!.length, ...tab.rows.map((r) => r.row));
    for (let r = 1; r <= height; r++) {
      const ours = tab.rows.find((x) => x.row === r)?.cells ?? [];
      for (let c = 0; c < width; c++) {
        const theirs = fromLibreOffice(lines![r - 1]?.[c]);
        const mine = ours[c] === "" ? null : (ours[c] ?? null);
        expect(mine, `${base} / ${tab.title}!${a1(c, r)}`).toEqual(theirs);
      }
    }
  }
}

const is = (text: string, p = "") => `<${p}is><${p}t>${text}</${p}t></${p}is>`;

const CJK_FORMATS = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];

/** The hand-built workbooks, each as one app or generator writes it, with the reader's expected tabs. */
const CASES: { name: string; why: string; sheets: SheetSpec[]; options?: BookOptions; expected: RawTab[] }[] = [
  {
    name: "prefixed",
    why: "every element with a namespace prefix (<x:worksheet><x:sheetData><x:row><x:c>), as Tencent Docs and .NET write",
    sheets: [
      {
        name: "台账",
        rows: `<x:row r="1"><x:c r="A1" t="inlineStr">${is("台账", "x:")}</x:c><x:c r="B1"><x:v>42</x:v></x:c></x:row><x:row r="3"><x:c r="C3" t="inlineStr">${is("第三行", "x:")}</x:c></x:row>`,
      },
    ],
    options: { prefix: "x" },
    expected: [
      {
        title: "台账",
        rows: [
          { row: 1, cells: ["台账", 42] },
          { row: 3, cells: [null, null, "第三行"] },
        ],
        protected: false,
      },
    ],
  },
  {
    name: "rels-named",
    why: "worksheets found through the workbook's relationships, not a sheetN.xml name (older Numbers exports)",
    sheets: [
      { name: "甲", rows: `<row r="1"><c r="A1" t="inlineStr">${is("甲表")}</c></row>` },
      { name: "乙", rows: `<row r="1"><c r="A1" t="inlineStr">${is("乙表")}</c></row>` },
    ],
    options: { sheetPaths: ["xl/worksheets/data.xml", "xl/worksheets/sheet1.xml"], sheetTargets: ["worksheets/data.xml", "/xl/worksheets/sheet1.xml"] },
    expected: [
      { title: "甲", rows: [{ row: 1, cells: ["甲表"] }], protected: false },
      { title: "乙", rows: [{ row: 1, cells: ["乙表"] }], protected: false },
    ],
  },
  {
    name: "workbook-elsewhere",
    why: "the workbook part found through _rels/.rels, not at xl/workbook.xml",
    sheets: [{ name: "表", rows: `<row r="1"><c r="A1" t="inlineStr">${is("主体")}</c></row>` }],
    options: { workbookPath: "Book/Main.xml", sheetPaths: ["Book/Sheets/One.xml"] },
    expected: [{ title: "表", rows: [{ row: 1, cells: ["主体"] }], protected: false }],
  },
  {
    name: "date1904-true",
    why: 'date1904="true" (Excel for Mac, LibreOffice 7.3) as well as "1"',
    sheets: [{ name: "日期", rows: `<row r="1"><c r="A1" s="1"><v>44624</v></c><c r="B1" s="1"><v>0</v></c></row>` }],
    options: { date1904: "true", formats: [0, "yyyy-mm-dd"] },
    expected: [{ title: "日期", rows: [{ row: 1, cells: [new Date(Date.UTC(2026, 2, 5)), new Date(Date.UTC(1904, 0, 1))] }], protected: false }],
  },
  {
    name: "iso-dates",
    why: 't="d" cells holding ISO 8601 dates',
    sheets: [{ name: "日期", rows: `<row r="1"><c r="A1" t="d" s="1"><v>2026-03-05T09:30:00</v></c><c r="B1" t="d" s="2"><v>2026-03-05</v></c></row>` }],
    options: { formats: [0, "yyyy-mm-dd hh:mm", "yyyy-mm-dd"] },
    expected: [{ title: "日期", rows: [{ row: 1, cells: [new Date(Date.UTC(2026, 2, 5, 9, 30)), new Date(Date.UTC(2026, 2, 5))] }], protected: false }],
  },
  {
    name: "cjk-formats",
    why: "the Chinese, Japanese and Korean built-in formats 27–36 and 50–58 (times among them: 32–35, 55, 56) read as dates",
    sheets: [{ name: "格式", rows: `<row r="1">${CJK_FORMATS.map((_, i) => `<c s="${i + 1}"><v>46086.5</v></c>`).join("")}</row>` }],
    options: { formats: [0, ...CJK_FORMATS] },
    expected: [{ title: "格式", rows: [{ row: 1, cells: CJK_FORMATS.map(() => new Date(Date.UTC(2026, 2, 5, 12))) }], protected: false }],
  },
  {
    name: "falsy-formulas",
    why: 'a formula whose cached result is 0, FALSE or "" reads as 0, false, "" (a 解决问题数 computed as 0 reads 0)',
    sheets: [
      {
        name: "公式",
        rows: `<row r="1"><c r="A1"><f>1-1</f><v>0</v></c><c r="B1" t="b"><f>1=2</f><v>0</v></c><c r="C1" t="str"><f>""</f><v></v></c><c r="D1" t="inlineStr">${is("后")}</c></row>`,
      },
    ],
    expected: [{ title: "公式", rows: [{ row: 1, cells: [0, false, "", "后"] }], protected: false }],
  },
  {
    name: "no-references",
    why: "rows and cells without r= placed in sequence",
    sheets: [
      {
        name: "无号",
        rows: `<row><c><v>1</v></c><c><v>2</v></c><c t="inlineStr">${is("三")}</c></row><row><c t="inlineStr">${is("第二行")}</c><c/><c><v>5</v></c></row><row r="5"><c r="B5"><v>7</v></c><c><v>8</v></c></row><row><c><v>9</v></c></row>`,
      },
    ],
    expected: [
      {
        title: "无号",
        rows: [
          { row: 1, cells: [1, 2, "三"] },
          { row: 2, cells: ["第二行", null, 5] },
          { row: 5, cells: [null, 7, 8] },
          { row: 6, cells: [9] },
        ],
        protected: false,
      },
    ],
  },
];

describe("the workbook reader reads what other spreadsheet apps write", () => {
  it("reads each hand-built workbook as LibreOffice reads it", async () => {
    const files: string[] = [];
    for (const c of CASES) {
      const file = path.join(dir, `${c.name}.xlsx`);
      await writeFile(file, buildWorkbook(c.sheets, c.options));
      files.push(file);
    }
    const csv = await libreOfficeReads(files);
    for (const [i, c] of CASES.entries()) {
      const tabs = await readWorkbookFast(files[i]!);
      expect(tabs, `${c.name}: ${c.why}`).toStrictEqual(c.expected);
      expectSameAsLibreOffice(tabs, files[i]!, csv);
    }
  }, 120_000);

  it("finds the workbook part whatever the case and separators of its name", async () => {
    // Zip tools on Windows write "\" separators; some generators capitalise part names.
    for (const [name, entryName, target] of [
      ["backslashes", (n: string) => n.replace(/\//gu, "\\"), "xl/workbook.xml"],
      ["upper-case", (n: string) => n.replace(/^xl\//u, "XL/").replace("workbook.xml", "Workbook.XML"), "/xl/workbook.xml"],
      ["mixed-target", (n: string) => n, "XL\\WORKBOOK.xml"],
      ["escaped-target", (n: string) => n.replace("workbook.xml", "work book.xml"), "/xl/work%20book.xml"],
    ] as const) {
      const file = path.join(dir, `${name}.xlsx`);
      await writeFile(
        file,
        buildWorkbook([{ name: "表", rows: `<row r="1"><c r="A1" t="inlineStr">${is(name)}</c></row>` }], { entryName, workbookTarget: target }),
      );
      expect(await readWorkbookFast(file), name).toStrictEqual([{ title: "表", rows: [{ row: 1, cells: [name] }], protected: false }]);
    }
  });

  it("reports what it cannot make sense of as an error naming the part, never as an empty tab", async () => {
    const book = `<workbook xmlns:r="r"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/><sheet name="好表" sheetId="2" r:id="rId2"/></sheets></workbook>`;
    const rels = (target: string) =>
      `<Relationships><Relationship Id="rId1" Target="${target}"/><Relationship Id="rId2" Target="worksheets/good.xml"/></Relationships>`;
    const good = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr">${is("好")}</c></row></sheetData></worksheet>`;
    // A worksheet the reader cannot make sense of: that tab is unreadable, naming the part; the others are read.
    const tabCases: [string, Record<string, string>, RegExp][] = [
      ["unknown-vocabulary", { "xl/worksheets/sheet1.xml": `<table><tr><td>台账</td></tr></table>` }, /^xl\/worksheets\/sheet1.xml：没有找到工作表数据/u],
      ["missing-part", {}, /^xl\/worksheets\/sheet1.xml：工作表「台账」的部件不在文件中$/u],
      [
        "bad-row-number",
        { "xl/worksheets/sheet1.xml": `<worksheet><sheetData><row r="0"><c t="inlineStr">${is("零")}</c></row></sheetData></worksheet>` },
        /^xl\/worksheets\/sheet1.xml：行号无效/u,
      ],
    ];
    for (const [name, sheetParts, message] of tabCases) {
      const file = path.join(dir, `${name}.xlsx`);
      await writeFile(
        file,
        zipOf({ "xl/workbook.xml": book, "xl/_rels/workbook.xml.rels": rels("worksheets/sheet1.xml"), ...sheetParts, "xl/worksheets/good.xml": good }),
      );
      const tabs = await readWorkbookFast(file);
      expect(tabs, name).toEqual([
        { title: "台账", rows: [], protected: false, unreadable: expect.stringMatching(message) },
        { title: "好表", rows: [{ row: 1, cells: ["好"] }], protected: false },
      ]);
      // What 数据体检 lists: the tab named, the part named, as an error.
      const renamed = tabs.map((t) => (t.title === "台账" ? { ...t, title: visitsTab.title } : t));
      const problems = parseWorkbook({ source: "xlsx", tabs: renamed, readAt: new Date().toISOString() }).problems.filter((p) => p.code === "unreadable-tab");
      expect(
        problems.map((p) => [p.tab, p.severity]),
        name,
      ).toEqual([[visitsTab.title, "error"]]);
      expect(problems[0]?.message).toContain(`无法读取工作表「${visitsTab.title}」：`);
      expect(problems[0]?.message).toMatch(new RegExp(message.source.replace(/^\^|\$$/gu, ""), "u"));
    }
    // A workbook the reader cannot make sense of at all fails whole, naming the part.
    const bookCases: [string, Buffer, RegExp][] = [
      ["no-sheets", zipOf({ "xl/workbook.xml": `<workbook><sheets/></workbook>` }), /xl\/workbook.xml 中没有列出任何工作表/u],
      ["no-workbook", zipOf({ "[Content_Types].xml": "<Types/>" }), /缺少工作簿部件 xl\/workbook.xml/u],
      ["broken-workbook", zipOf({ "xl/workbook.xml": `<workbook><sheets>` }), /不是 xlsx 工作簿（xl\/workbook.xml：XML 格式错误/u],
    ];
    for (const [name, zip, message] of bookCases) {
      const file = path.join(dir, `${name}.xlsx`);
      await writeFile(file, zip);
      await expect(readWorkbookFast(file), name).rejects.toThrow(message);
    }
  });

  it("refuses a shared-strings zip bomb quickly and with bounded memory", async () => {
    // ~100 KB packed, ~50 MB (four million empty shared strings) unpacked.
    const sst = Buffer.concat([
      Buffer.from('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'),
      Buffer.alloc(50 * 2 ** 20, "<si><t/></si>"),
      Buffer.from("</sst>"),
    ]);
    const zip = buildWorkbook([{ name: "表", rows: `<row r="1"><c r="A1" t="s"><v>0</v></c></row>` }], {
      sharedStrings: sst,
      deflate: (n) => n.endsWith("sharedStrings.xml"),
    });
    expect(zip.length).toBeLessThan(120_000);
    const file = path.join(dir, "bomb.xlsx");
    await writeFile(file, zip);

    const before = process.memoryUsage().rss;
    const started = performance.now();
    await expect(readWorkbookFast(file)).rejects.toThrow(/不是 xlsx 工作簿（xl\/sharedStrings.xml：解压后超过 \d+ MiB.*压缩炸弹/u);
    const ms = performance.now() - started;
    const grown = process.memoryUsage().rss - before;
    expect(ms).toBeLessThan(2_000);
    expect(grown).toBeLessThan(100 * 2 ** 20);
  });
});

describe("links read as links", () => {
  it("reads a LibreOffice hyperlink in 佐证链接 as its target, its text the label, and keeps the visit in the figures", async () => {
    const file = path.join(dir, "links.xlsx");
    await new XlsxStore(file, { backups: 0 }).create(generateSampleData({ year: 2026, today: "2026-06-15" }));
    const before = parseWorkbook(await new XlsxStore(file, { backups: 0 }).readAll());
    const visit = before.visits[0]!;
    const meeting = before.meetings[0]!;
    const tabs = await readWorkbookFast(file);
    const cellOf = (tabTitle: string, header: string, row: number) => {
      const headerRow = tabs.find((t) => t.title === tabTitle)!.rows.find((r) => r.cells.includes(header))!;
      return a1(headerRow.cells.indexOf(header), row);
    };
    const evidenceCell = cellOf(visitsTab.title, visitsTab.columns.evidence.header, visit._row);
    const minutesCell = cellOf(meetingsTab.title, meetingsTab.columns.minutes.header, meeting._row);

    // As a person does it in LibreOffice Calc: Insert › Hyperlink on the cell, and a HYPERLINK formula.
    await editWithLibreOffice(file, [
      { sheet: visitsTab.title, op: "link", cell: evidenceCell, text: "现场照片", url: "https://oa.example.gov.cn/photos/7" },
      { sheet: meetingsTab.title, op: "set", cell: minutesCell, value: '=HYPERLINK("https://oa.example.gov.cn/minutes/3";"会议纪要")' },
    ]);

    const after = parseWorkbook(await new XlsxStore(file, { backups: 0 }).readAll());
    const linked = after.visits.find((v) => v.id === visit.id);
    expect(linked?.evidence).toBe("https://oa.example.gov.cn/photos/7");
    expect(linked?._labels?.evidence).toBe("现场照片");
    const minuted = after.meetings.find((m) => m.id === meeting.id);
    expect(minuted?.minutes).toBe("https://oa.example.gov.cn/minutes/3");
    expect(minuted?._labels?.minutes).toBe("会议纪要");
    // Nothing reported, nothing left out of the figures.
    expect(after.visits).toHaveLength(before.visits.length);
    expect(after.meetings).toHaveLength(before.meetings.length);
    expect(after.problems.filter((p) => p.code === "bad-url")).toEqual([]);

    // LibreOffice itself shows the link's text in those cells.
    const csv = await libreOfficeReads([file]);
    const shown = (tab: string, cell: string) => {
      const m = /^([A-Z]+)(\d+)$/u.exec(cell)!;
      const col = m[1]!.split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      return csv.get(`links-${tab}`)?.[Number(m[2]) - 1]?.[col];
    };
    expect(shown(visitsTab.title, evidenceCell)).toBe("现场照片");
    expect(shown(meetingsTab.title, minutesCell)).toBe("会议纪要");
  }, 120_000);

  it("reports a link that is not a web address, naming its target", async () => {
    const file = path.join(dir, "internal-link.xlsx");
    await writeFile(
      file,
      zipOf({
        "xl/workbook.xml": `<workbook xmlns:r="r"><sheets><sheet name="会议" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        "xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`,
        "xl/worksheets/sheet1.xml":
          `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr">${is("会议编号")}</c><c r="B1" t="inlineStr">${is("日期")}</c><c r="C1" t="inlineStr">${is("类型")}</c><c r="D1" t="inlineStr">${is("纪要链接")}</c></row>` +
          `<row r="2"><c r="A2" t="inlineStr">${is("HY-1")}</c><c r="B2" t="inlineStr">${is("2026-03-05")}</c><c r="C2" t="inlineStr">${is("其他")}</c><c r="D2" t="inlineStr">${is("见附表")}</c></row>` +
          `</sheetData><hyperlinks><hyperlink ref="D2" location="附表!A1" display="见附表"/></hyperlinks></worksheet>`,
      }),
    );
    const tabs = await readWorkbookFast(file);
    expect(tabs[0]?.rows[1]?.links).toEqual({ 3: "#附表!A1" });
    const dataset = parseWorkbook({ source: "xlsx", tabs, readAt: new Date().toISOString() });
    expect(dataset.problems.find((p) => p.code === "bad-url")?.value).toBe("#附表!A1");
  });
});
