/**
 * The English interface shows no Chinese error (issue 13): every error code, every
 * notice code (actions, route handlers, the lib's refusals) and every data-health
 * problem code has words in both dictionaries, and the English words carry no
 * Chinese character of their own. Only the user's data may stay Chinese: tab and
 * column names and the cell values a user must type (是 / 否), which the test
 * passes in or strips as the sheet's own vocabulary.
 */
import { describe, expect, it } from "vitest";
import { settingEditError, userDraftErrors } from "@/lib/domain/admin-rules";
import { ERROR_CODES } from "@/lib/errors";
import { errorText, messagesFor, noticeText, type NoticeCode, writeFailureText } from "@/lib/i18n";
import { PROBLEM_CODES, problemMessage } from "@/lib/schema/problems";
import { parseWorkbook } from "@/lib/schema/workbook";
import { DutyError } from "@/lib/errors";
import { TABS } from "@/lib/schema/tabs";
import { headerOnlyTabs, TASK_HEADER, tab, taskRow, workbook } from "../schema/fixtures";

const zh = messagesFor("zh");
const en = messagesFor("en");
const HAN = /[\u4e00-\u9fff]/u;

/** Parameters in plain ASCII, so any Chinese character in a text comes from its words, not from the data. */
const PARAMS = {
  tab: "Tasks",
  column: "Due",
  columns: "Due",
  id: "T-1",
  idHeader: "ID",
  login: "wang",
  unit: "Unit A",
  cadre: "Li",
  key: "year",
  value: "x",
  expect: "number",
  min: 0,
  max: 100,
  fallback: "30",
  detail: "d",
  holder: "wang",
  name: "book.xlsx",
  lock: ".~lock.book.xlsx#",
  kept: "book.before.xlsx",
  ageMs: 7_200_000,
  hours: 3,
  seconds: 30,
  minutes: 2,
  roles: "admin / unit",
  list: "a",
  text: "t",
  rows: "row 2 T-1",
  row: 2,
  count: 1,
  source: "channels.json",
  file: 1,
  path: "channels.a.url",
  url: 1,
  char: "U+202E",
  first: "E",
  second: "G",
  firstRow: 3,
  length: 500,
  options: "a, b",
  cause: "locked",
};

/** The sheet's own names (tabs, column headers) and the cell values a user must type: data, not words. */
const SHEET_WORDS = [...TABS.flatMap((spec) => [spec.title, ...Object.values(spec.columns).map((c) => c.header)]), "2026年3月5日", "是", "否"].sort(
  (a, b) => b.length - a.length,
);

function withoutSheetWords(text: string): string {
  return SHEET_WORDS.reduce((rest, word) => rest.split(word).join(""), text);
}

describe("every code is worded in both languages", () => {
  it("every error code (lib/errors.ts) has Chinese words and English words without Chinese", () => {
    for (const code of ERROR_CODES) {
      expect(zh.errors.codes[code](PARAMS), code).toMatch(HAN);
      expect(en.errors.codes[code](PARAMS), code).not.toMatch(HAN);
      expect(errorText(en, new DutyError(code, PARAMS)), code).not.toMatch(HAN);
    }
  });

  it("every notice code has words in both dictionaries, the English without Chinese", () => {
    const codes = Object.keys(zh.notices) as NoticeCode[];
    expect(Object.keys(en.notices).sort()).toEqual([...codes].sort());
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) {
      const chinese = noticeText(zh, { code, params: PARAMS });
      const english = noticeText(en, { code, params: PARAMS });
      expect(chinese.trim(), code).not.toBe("");
      expect(english.trim(), code).not.toBe("");
      expect(english, code).not.toMatch(HAN);
    }
  });

  it("every data-health problem code has words in both languages, the English naming only the sheet's own words in Chinese", () => {
    expect(PROBLEM_CODES.length).toBeGreaterThan(0);
    for (const code of PROBLEM_CODES) {
      expect(problemMessage(code, PARAMS, "zh"), code).toMatch(HAN);
      const english = problemMessage(code, PARAMS, "en");
      expect(english.trim(), code).not.toBe("");
      expect(withoutSheetWords(english), code).not.toMatch(HAN);
    }
    for (const expect_ of ["bool", "number", "integer", "timezone", "days"]) {
      const english = problemMessage("bad-setting", { ...PARAMS, expect: expect_ }, "en");
      expect(withoutSheetWords(english), expect_).not.toMatch(HAN);
    }
  });

  it("every refused write is said in English by its reason", () => {
    // A forbidden write's detail is a refusal already worded in the viewer's language; here it is absent.
    const params = { ...PARAMS, detail: "" };
    for (const reason of ["not-found", "duplicate-id", "missing-tab", "missing-header", "locked", "busy", "id-taken", "forbidden", "conflict"]) {
      expect(writeFailureText(en, { reason, params }), reason).not.toMatch(HAN);
      expect(writeFailureText(zh, { reason, params }), reason).toMatch(HAN);
    }
  });
});

describe("what a user meets, in English", () => {
  it("a data-health problem of a workbook with a bad date cell reads in English", () => {
    const tabs = headerOnlyTabs();
    tabs.任务 = tab("任务", [TASK_HEADER, taskRow("T-001", "下周")]);
    const { problems } = parseWorkbook(workbook(Object.values(tabs)));
    const bad = problems.find((p) => p.code === "bad-date" && p.value === "下周");
    expect(bad).toBeDefined();
    expect(bad!.message).toMatch(HAN);
    const english = problemMessage(bad!.code, bad!.params, "en");
    expect(english).toContain("Not a date");
    expect(withoutSheetWords(english)).not.toMatch(HAN);
  });

  it("an admin's refused user and setting read in English, with the user's own data kept as typed", () => {
    const refused = userDraftErrors({ login: "admin", name: "", role: "单位", unit: "不存在镇" }, { units: ["经棚镇"], users: [{ login: "admin" }] }, "add");
    expect(Object.keys(refused).sort()).toEqual(["login", "unit"]);
    for (const why of Object.values(refused)) expect(noticeText(en, why).replace("不存在镇", "")).not.toMatch(HAN);
    expect(noticeText(en, refused.unit!)).toContain("不存在镇");

    const setting = settingEditError("screen.rotateSeconds", "1.5", {});
    expect(setting).toBeDefined();
    expect(noticeText(en, setting!)).toBe("The value “1.5” of “screen.rotateSeconds” is invalid: must be a whole number from 3 to 3600");
    expect(noticeText(zh, setting!)).toBe("「screen.rotateSeconds」的值「1.5」无效：应为 3 到 3600 之间的整数");
  });
});
