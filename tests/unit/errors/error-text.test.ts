import { describe, expect, it } from "vitest";
import { DutyError, ERROR_CODES, isDutyError, WRITE_BUSY_CODES } from "@/lib/errors";
import { errorText, messagesFor } from "@/lib/i18n";

const zh = messagesFor("zh");
const en = messagesFor("en");
const HAN = /[\u4e00-\u9fff]/u;

describe("errors are codes; lib/i18n says them", () => {
  it("says every code in both languages, English without Chinese", () => {
    for (const code of ERROR_CODES) {
      const error = new DutyError(code, { holder: "wangfang", tab: "任务", column: "notes" });
      expect(errorText(zh, error), code).toMatch(HAN);
      // Parameters may be Chinese (a tab's name); the sentence around them is English.
      expect(errorText(en, error).replaceAll("任务", ""), code).not.toMatch(HAN);
    }
  });

  it("names who holds the workbook open, in the viewer's language", () => {
    const locked = new DutyError("write.locked", { holder: "wangfang" });
    expect(errorText(en, locked)).toContain("wangfang");
    expect(errorText(en, locked)).toMatch(/office app/u);
    expect(errorText(zh, locked)).toBe("工作簿正在被 wangfang 编辑，请保存并关闭后再提交");
  });

  it("shows an unexpected error as the generic message, never its text (which may hold a path)", () => {
    const error = new Error("ENOENT: no such file or directory, open '/srv/dutyboard/data/dutyboard.xlsx'");
    expect(errorText(en, error)).toBe(en.errors.unexpected);
    expect(errorText(zh, error)).toBe(zh.errors.unexpected);
    expect(errorText(en, new DutyError("workbook.missing", { file: "/srv/dutyboard/data/dutyboard.xlsx" }))).not.toContain("/srv");
  });

  it("is decided by code, whatever the message says", () => {
    const busy = new DutyError("write.lock-lost");
    expect(isDutyError(busy, ...WRITE_BUSY_CODES)).toBe(true);
    expect(isDutyError(new DutyError("write.locked"), ...WRITE_BUSY_CODES)).toBe(false);
    expect(isDutyError(new Error("write.busy"))).toBe(false);
  });

  it("says every write refusal in English too", () => {
    const params = { tab: "任务", idHeader: "任务编号", id: "RW-1", detail: "", holder: "" };
    for (const reason of Object.keys(zh.errors.write) as (keyof typeof zh.errors.write)[]) {
      expect(en.errors.write[reason](params).replace(/任务编号|任务/gu, ""), reason).not.toMatch(HAN);
    }
  });
});
