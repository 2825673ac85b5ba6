/** 录入考核得分 (admin). */
import { z } from "zod";
import { FIX_STATUSES, SCORE_METHODS, scoresTab } from "../schema/tabs";
import type { FormContext } from "./context";
import { newId, optionalChoice, optionalDate, optionalText, requiredChoice, requiredNumber, requiredUnit } from "./fields";
import { ID_PREFIXES } from "./ids";
import { LIMITS } from "./limits";

const c = scoresTab.columns;

export const SCORE_METHOD_LABELS = SCORE_METHODS.map((s) => s.label);
export const FIX_STATUS_LABELS = FIX_STATUSES.map((s) => s.label);

export const SCORE_FIELDS = ["year", "unit", "method", "date", "score", "inspector", "deductions", "fixDue", "fixStatus"] as const;

export function scoreSchema(ctx: FormContext) {
  return z
    .object({
      id: newId(c.id.header, ID_PREFIXES.scores),
      year: requiredNumber(c.year.header, { min: 2000, max: 2100, integer: true }),
      unit: requiredUnit(c.unit.header, ctx.units),
      method: requiredChoice(c.method.header, SCORE_METHOD_LABELS),
      date: optionalDate(c.date.header, { notAfter: ctx.today }),
      score: requiredNumber(c.score.header, { min: 0, max: 100 }),
      inspector: optionalText(c.inspector.header, { max: LIMITS.name, name: true }),
      deductions: optionalText(c.deductions.header, { max: LIMITS.notes }),
      fixDue: optionalDate(c.fixDue.header),
      fixStatus: optionalChoice(c.fixStatus.header, FIX_STATUS_LABELS),
    })
    .superRefine((v, issues) => {
      if (v.date && Number(v.date.slice(0, 4)) !== v.year) {
        issues.addIssue({ code: "custom", path: ["date"], message: `${c.date.header}应在 ${v.year} 年内` });
      }
    });
}
