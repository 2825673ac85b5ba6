/**
 * The English interface shows no Chinese error: every form message, column
 * label, action result and workbook fault has English words, and a form
 * refused in English says so in English (only the user's own data — a unit's
 * or a sheet's name — may stay Chinese).
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { faultPageHtml, requestLocale } from "@/lib/data/workbook-fault-page";
import { accountabilitySchema } from "@/lib/forms/accountability";
import { fieldErrorsOf } from "@/lib/forms/fields";
import { meetingSchema } from "@/lib/forms/meeting";
import { formProblemText, problem } from "@/lib/forms/messages";
import { newTaskSchema } from "@/lib/forms/new-task";
import { scoreSchema } from "@/lib/forms/score";
import { taskProgressSchema } from "@/lib/forms/task-progress";
import { visitSchema } from "@/lib/forms/visit";
import { appraisalText, messagesFor } from "@/lib/i18n";

const zh = messagesFor("zh");
const en = messagesFor("en");
const HAN = /[\u4e00-\u9fff]/u;
const ctx = { today: "2026-11-20", units: ["经棚镇", "宇宙地镇"], taskIds: ["RW-2026-001"] };

/** Every field wrong at once: blank where required, words where numbers go, impossible dates, control characters. */
const GARBAGE: Record<string, string> = {
  id: "",
  progress: "abc",
  status: "maybe",
  doneOn: "2026-02-30",
  notes: "a\u0000b",
  date: "someday",
  cadre: "",
  tier: "x",
  unit: "",
  contactPoint: "\u202E",
  method: "x",
  suggestions: "-1",
  solved: "1.5",
  summary: "",
  evidence: "ftp://x",
  keyTask: "",
  title: "",
  level: "x",
  leadUnit: "",
  partnerUnits: "nowhere",
  start: "2026-12-01",
  due: "2026-01-01",
  kind: "x",
  topics: "",
  taskIds: "RW-9",
  minutes: "nope",
  year: "20",
  score: "1000",
  fixDue: "x",
  fixStatus: "x",
  reason: "",
  taskId: "RW-9",
};

const SCHEMAS: [string, z.ZodType][] = [
  ["task progress", taskProgressSchema(ctx)],
  ["new task", newTaskSchema(ctx)],
  ["visit", visitSchema(ctx, "new")],
  ["visit edit", visitSchema(ctx, "edit")],
  ["meeting", meetingSchema(ctx)],
  ["score", scoreSchema(ctx)],
  ["accountability", accountabilitySchema(ctx)],
];

describe("the English interface says errors in English", () => {
  it("has every form message, result and fault text in both languages", () => {
    for (const section of ["validation", "results"] as const) {
      expect(Object.keys(en.formText[section]).sort()).toEqual(Object.keys(zh.formText[section]).sort());
    }
    expect(Object.keys(en.errors.fault).sort()).toEqual(Object.keys(zh.errors.fault).sort());
    for (const [key, say] of Object.entries(en.errors.fault)) {
      const text = typeof say === "string" ? say : (say as (...a: unknown[]) => string)("sharedStrings.xml", "restore it");
      expect(text, key).not.toMatch(HAN);
    }
    for (const [key, say] of Object.entries(en.formText.results)) {
      const text = typeof say === "string" ? say : (say as (...a: string[]) => string)("RW-1", "own");
      expect(text, key).not.toMatch(HAN);
    }
  });

  it("says every ballot and appraisal refusal by its code in both languages, a write refusal by its reason", () => {
    expect(Object.keys(en.formText.ballot).sort()).toEqual(Object.keys(zh.formText.ballot).sort());
    for (const code of Object.keys(zh.formText.ballot)) {
      const failure = { code, params: { unit: "经棚镇", max: 200, id: "CP-1", cause: "locked" } };
      expect(appraisalText(zh, failure), code).toMatch(HAN);
      expect(appraisalText(en, failure).replaceAll("经棚镇", ""), code).not.toMatch(HAN);
    }
    expect(appraisalText(en, { code: "locked", params: { holder: "wangfang" } })).toContain("wangfang");
    expect(appraisalText(en, { code: "something-new" })).toBe(en.formText.ballot.failed!({}));
  });

  it("has the signed-in error page, the screen's error page and the 403 page in English", () => {
    for (const [key, text] of Object.entries({
      ...en.errors.page,
      ...en.errors.screen,
      forbiddenTitle: en.errors.forbiddenTitle,
      forbiddenBody: en.errors.forbiddenBody,
    })) {
      expect(text, key).not.toMatch(HAN);
    }
  });

  it("refuses each form's wrong values in English, naming the fields in English", () => {
    for (const [name, schema] of SCHEMAS) {
      const parsed = schema.safeParse(GARBAGE);
      expect(parsed.success, name).toBe(false);
      if (parsed.success) continue;
      const english = fieldErrorsOf(parsed.error, en.formText);
      const chinese = fieldErrorsOf(parsed.error);
      expect(Object.keys(english).length, name).toBeGreaterThan(2);
      expect(Object.keys(english), name).toEqual(Object.keys(chinese));
      for (const [field, message] of Object.entries(english)) {
        expect(message, `${name}.${field}: ${message}`).not.toMatch(HAN);
        expect(chinese[field], `${name}.${field}`).toMatch(HAN);
      }
    }
  });

  it("keeps the user's own data as typed (a unit's name) and translates only the label", () => {
    const text = formProblemText(problem("unknownUnit", "参加单位", "火星镇"), en.formText);
    expect(text).toBe('"火星镇" is not in the units tab: choose from the Partner units list');
    expect(formProblemText(problem("unknownUnit", "参加单位", "火星镇"))).toBe("「火星镇」不在单位表中：请从参加单位列表中选择");
  });

  it("shows the 503 page in the viewer's language: the locale cookie first, then Accept-Language", () => {
    expect(requestLocale("en", "zh-CN,zh;q=0.9")).toBe("en");
    expect(requestLocale("zh", "en-US")).toBe("zh");
    expect(requestLocale(undefined, "en-GB,en;q=0.9,zh;q=0.8")).toBe("en");
    expect(requestLocale(undefined, "fr-FR,zh;q=0.5,en;q=0.4")).toBe("zh");
    expect(requestLocale(undefined, "en;q=0,zh")).toBe("zh");
    expect(requestLocale("de", null)).toBe("zh");
    const html = faultPageHtml(
      { title: en.errors.fault.missingTitle, cause: en.errors.fault.missingCause, action: en.errors.fault.noBackup },
      {
        code: "workbook-missing",
        signedIn: false,
        locale: "en",
      },
    );
    expect(html).toContain('<html lang="en">');
    expect(html.replace(/<style>[\s\S]*<\/style>/u, "")).not.toMatch(HAN);
  });
});
