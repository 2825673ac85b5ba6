/**
 * The field rules every form shares: what a person may type, and the message
 * they get when it cannot be stored.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  cleanText,
  existingId,
  fieldErrorsOf,
  formValues,
  list,
  newId,
  optionalDate,
  optionalNumber,
  optionalText,
  optionalUrl,
  requiredDate,
  requiredText,
  requiredUnit,
  unstorableCharacter,
} from "@/lib/forms/fields";
import { problem } from "@/lib/forms/messages";

function errorOf(schema: z.ZodType, value: unknown): string | undefined {
  const parsed = z.object({ f: schema }).safeParse(value === undefined ? {} : { f: value });
  return parsed.success ? undefined : fieldErrorsOf(parsed.error).f;
}

function valueOf(schema: z.ZodType, value: unknown): unknown {
  const parsed = z.object({ f: schema }).safeParse({ f: value });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return (parsed.data as { f: unknown }).f;
}

describe("text", () => {
  it("is trimmed and keeps tabs and line breaks", () => {
    expect(valueOf(optionalText("备注", { max: 10 }), "  第一行\r\n第二\t行  ")).toBe("第一行\n第二\t行");
    expect(cleanText("a\r\nb\rc")).toBe("a\nb\nc");
  });

  it("refuses, naming the field and the character, what no workbook's XML can carry", () => {
    // A mis-decoded byte-order mark, its swapped twin, a control character, and half of an emoji.
    for (const [bad, code] of [
      ["\uFFFF", "U+FFFF"],
      ["\uFFFE", "U+FFFE"],
      ["\u0001", "U+0001"],
      ["\u001F", "U+001F"],
      ["\uD83D", "U+D83D"],
      ["\uDC4D", "U+DC4D"],
    ] as const) {
      const message = errorOf(optionalText("备注", { max: 100 }), `会议纪要${bad}已上传`);
      expect(message).toContain("备注");
      expect(message).toContain(code);
      expect(message).toContain("无法保存");
      expect(unstorableCharacter(`x${bad}`)).toBe(code);
    }
    expect(errorOf(requiredText("事项", { max: 100 }), "\uFFFF")).toContain("事项中有一个表格无法保存的字符（U+FFFF");
    // A whole emoji (a surrogate pair) is fine.
    expect(unstorableCharacter("👍\t\n")).toBeUndefined();
  });

  it("refuses invisible and direction-changing characters in names and IDs, not in free text", () => {
    for (const [bad, code] of [
      ["\u202E", "U+202E"],
      ["\u202A", "U+202A"],
      ["\u2066", "U+2066"],
      ["\u2069", "U+2069"],
      ["\u200B", "U+200B"],
      ["\u200D", "U+200D"],
      ["\u2060", "U+2060"],
      ["\uFEFF", "U+FEFF"],
    ] as const) {
      const message = errorOf(requiredText("干部姓名", { max: 50, name: true }), `张${bad}三`);
      expect(message).toBe(`干部姓名中有看不见的字符或文字方向控制符（${code}），会让名称看起来像另一个，请删除后重新填写`);
      expect(errorOf(existingId("任务编号"), `RW-2026${bad}-001`)).toContain(code);
    }
    // In a note, a zero-width joiner belongs to emoji sequences and stays.
    expect(valueOf(optionalText("备注", { max: 100 }), "👨\u200D👩")).toBe("👨\u200D👩");
  });

  it("is empty as undefined, required or not", () => {
    expect(valueOf(optionalText("备注", { max: 10 }), "   ")).toBeUndefined();
    expect(errorOf(requiredText("事项", { max: 10 }), "  ")).toBe("请填写事项");
    expect(errorOf(requiredText("事项", { max: 10 }), undefined)).toBe("请填写事项");
  });

  it("refuses text over the limit, counting characters as a person does", () => {
    expect(errorOf(requiredText("事项", { max: 5 }), "一二三四五六")).toBe("事项最多 5 个字，现在有 6 个字");
    expect(valueOf(requiredText("事项", { max: 5 }), "👍👍👍👍👍")).toBe("👍👍👍👍👍");
  });

  it("keeps a typed formula as the text it is: the stores write it as a value", () => {
    expect(valueOf(optionalText("备注", { max: 100 }), '=IMPORTDATA("http://x")')).toBe('=IMPORTDATA("http://x")');
  });

  it("refuses a value that is not text (a file, several values)", () => {
    expect(errorOf(requiredText("事项", { max: 10 }), ["a", "b"])).toBe("事项应为文字");
    expect(errorOf(optionalText("备注", { max: 10 }), 42)).toBe("备注应为文字");
  });
});

describe("dates", () => {
  it("accepts what the date picker sends and what staff type", () => {
    for (const typed of ["2026-03-05", "2026/3/5", "2026.3.5", "2026年3月5日", "２０２６-０３-０５", "20260305"]) {
      expect(valueOf(requiredDate("日期"), typed)).toBe("2026-03-05");
    }
  });

  it("names a day that does not exist", () => {
    expect(errorOf(requiredDate("日期"), "2026-02-30")).toBe("日期「2026-02-30」不存在，请检查月份和日期");
    expect(errorOf(requiredDate("日期"), "2026-13-01")).toBe("日期「2026-13-01」不存在，请检查月份和日期");
    expect(errorOf(requiredDate("日期"), "下周一")).toBe("日期不是有效的日期：请写成 2026-03-05 这样的格式");
  });

  it("refuses dates outside 2000–2100 and, where asked, after today", () => {
    expect(errorOf(requiredDate("日期"), "1999-12-31")).toBe("日期应在 2000 年到 2100 年之间");
    expect(errorOf(requiredDate("日期", { notAfter: "2026-11-20" }), "2026-11-21")).toBe("日期不能晚于今天");
    expect(valueOf(requiredDate("日期", { notAfter: "2026-11-20" }), "2026-11-20")).toBe("2026-11-20");
    expect(valueOf(optionalDate("完成日期"), "")).toBeUndefined();
  });
});

describe("numbers", () => {
  const count = optionalNumber("意见建议数", { min: 0, max: 1000, integer: true });
  const progress = optionalNumber("进度", { min: 0, max: 100, percent: true });

  it("accepts full-width digits and a percentage where it makes sense", () => {
    expect(valueOf(count, "１２")).toBe(12);
    expect(valueOf(progress, "60%")).toBe(60);
    expect(valueOf(progress, "")).toBeUndefined();
  });

  it("refuses negative counts, fractions of a count, words and out-of-range values", () => {
    expect(errorOf(count, "-1")).toBe("意见建议数不能为负数");
    expect(errorOf(count, "1.5")).toBe("意见建议数应为整数");
    expect(errorOf(count, "很多")).toBe("意见建议数应为数字，如 60");
    expect(errorOf(count, "1001")).toBe("意见建议数不能超过 1000");
    expect(errorOf(progress, "120")).toBe("进度不能超过 100");
    expect(errorOf(count, "1e3")).toBe("意见建议数应为数字，如 60");
  });
});

describe("choices from the sheet", () => {
  const units = ["经棚镇", "宇宙地镇"];

  it("takes a unit of the 单位 tab and refuses any other by name", () => {
    expect(valueOf(requiredUnit("所属单位", units), "经棚镇")).toBe("经棚镇");
    expect(errorOf(requiredUnit("所属单位", units), "火星镇")).toBe("「火星镇」不在单位表中：请从所属单位列表中选择");
    expect(errorOf(requiredUnit("所属单位", units), "")).toBe("请选择所属单位");
  });

  it("reads a list from checkboxes or from text with 、 between", () => {
    const partners = list("参加单位", { allowed: units, unknown: (u) => problem("unknownUnit", "参加单位", u), maxItems: 5 });
    expect(valueOf(partners, ["经棚镇", "宇宙地镇"])).toEqual(["经棚镇", "宇宙地镇"]);
    expect(valueOf(partners, "经棚镇、宇宙地镇，经棚镇")).toEqual(["经棚镇", "宇宙地镇"]);
    expect(valueOf(partners, "")).toEqual([]);
    expect(errorOf(partners, null)).toBe("参加单位应为文字");
    expect(errorOf(partners, "经棚镇、火星镇")).toBe("「火星镇」不在单位表中：请从参加单位列表中选择");
  });

  it("takes only http and https links", () => {
    const url = optionalUrl("佐证链接", { max: 500 });
    expect(valueOf(url, "https://example.org/a")).toBe("https://example.org/a");
    expect(errorOf(url, "javascript:alert(1)")).toBe("佐证链接应为以 http:// 或 https:// 开头的网址");
    expect(errorOf(url, "见附件")).toBe("佐证链接应为以 http:// 或 https:// 开头的网址");
  });
});

describe("IDs", () => {
  it("takes only the app's own shape for a new row, so a post cannot name an existing row", () => {
    const id = newId("走访编号", "ZF");
    expect(valueOf(id, "ZF-2026-MX1HR3JIIJM")).toBe("ZF-2026-MX1HR3JIIJM");
    expect(errorOf(id, "ZF-2026-0001")).toBe("走访编号格式不正确：请刷新页面后重新填写");
    expect(errorOf(id, "RW-2026-MX1HR3JIIJM")).toBe("走访编号格式不正确：请刷新页面后重新填写");
  });
});

describe("FormData", () => {
  it("becomes plain values, several for a repeated name, without React's own fields", () => {
    const data = new FormData();
    data.set("title", "事项");
    data.append("partnerUnits", "经棚镇");
    data.append("partnerUnits", "宇宙地镇");
    data.set("$ACTION_ID_abc", "");
    data.set("file", new Blob(["x"]));
    expect(formValues(data)).toEqual({ title: "事项", partnerUnits: ["经棚镇", "宇宙地镇"], file: null });
  });
});
