/** 录入问责 (admin). */
import { z } from "zod";
import { ACCOUNTABILITY_KINDS, accountabilityTab } from "../schema/tabs";
import type { FormContext } from "./context";
import { newId, optionalChoice, optionalText, requiredDate, requiredText, requiredUnit, refuse } from "./fields";
import { ID_PREFIXES } from "./ids";
import { LIMITS } from "./limits";
import { problem } from "./messages";

const c = accountabilityTab.columns;

export const ACCOUNTABILITY_KIND_LABELS = ACCOUNTABILITY_KINDS.map((k) => k.label);

export const ACCOUNTABILITY_FIELDS = ["date", "unit", "person", "reason", "kind", "taskId"] as const;

export function accountabilitySchema(ctx: FormContext) {
  return z.object({
    id: newId(c.id.header, ID_PREFIXES.accountability),
    date: requiredDate(c.date.header, { notAfter: ctx.today }),
    unit: requiredUnit(c.unit.header, ctx.units),
    person: optionalText(c.person.header, { max: LIMITS.short, name: true }),
    reason: requiredText(c.reason.header, { max: LIMITS.reason }),
    kind: optionalChoice(c.kind.header, ACCOUNTABILITY_KIND_LABELS),
    taskId: optionalText(c.taskId.header, { max: LIMITS.short, name: true }).transform((id, issues) =>
      id === undefined || ctx.taskIds.includes(id) ? id : refuse(issues, problem("unknownTask", id)),
    ),
  });
}
