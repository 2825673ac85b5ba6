/** 录入 / 修改走访: one contact-point visit (admin, or a unit for its own unit). */
import { z } from "zod";
import { CADRE_TIERS, VISIT_METHODS, visitsTab } from "../schema/tabs";
import type { FormContext } from "./context";
import { existingId, newId, optionalChoice, optionalNumber, optionalText, optionalUrl, requiredDate, requiredText, requiredUnit } from "./fields";
import { ID_PREFIXES } from "./ids";
import { LIMITS } from "./limits";

const c = visitsTab.columns;

export const CADRE_TIER_LABELS = CADRE_TIERS.map((t) => t.label);
export const VISIT_METHOD_LABELS = VISIT_METHODS.map((t) => t.label);

/** The cells the visit form writes (and, when editing, compares with what the user saw). */
export const VISIT_FIELDS = ["date", "cadre", "tier", "unit", "contactPoint", "method", "suggestions", "solved", "summary", "evidence"] as const;

export function visitSchema(ctx: FormContext, mode: "new" | "edit") {
  return z.object({
    id: mode === "new" ? newId(c.id.header, ID_PREFIXES.visits) : existingId(c.id.header),
    date: requiredDate(c.date.header, { notAfter: ctx.today }),
    cadre: requiredText(c.cadre.header, { max: LIMITS.name, name: true }),
    tier: optionalChoice(c.tier.header, CADRE_TIER_LABELS),
    unit: requiredUnit(c.unit.header, ctx.units),
    contactPoint: requiredText(c.contactPoint.header, { max: LIMITS.short, name: true }),
    method: optionalChoice(c.method.header, VISIT_METHOD_LABELS),
    suggestions: optionalNumber(c.suggestions.header, { min: 0, max: LIMITS.countPerVisit, integer: true }),
    solved: optionalNumber(c.solved.header, { min: 0, max: LIMITS.countPerVisit, integer: true }),
    summary: optionalText(c.summary.header, { max: LIMITS.summary }),
    evidence: optionalUrl(c.evidence.header, { max: LIMITS.url }),
  });
}
