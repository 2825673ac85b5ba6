/** 新增会议 (admin). */
import { z } from "zod";
import { MEETING_KINDS, meetingsTab } from "../schema/tabs";
import type { FormContext } from "./context";
import { list, newId, optionalText, optionalUrl, requiredChoice, requiredDate } from "./fields";
import { ID_PREFIXES } from "./ids";
import { LIMITS } from "./limits";
import { problem } from "./messages";

const c = meetingsTab.columns;

export const MEETING_KIND_LABELS = MEETING_KINDS.map((k) => k.label);

export const MEETING_FIELDS = ["date", "kind", "chair", "topics", "taskIds", "minutes"] as const;

export function meetingSchema(ctx: FormContext) {
  return z.object({
    id: newId(c.id.header, ID_PREFIXES.meetings),
    date: requiredDate(c.date.header),
    kind: requiredChoice(c.kind.header, MEETING_KIND_LABELS),
    chair: optionalText(c.chair.header, { max: LIMITS.name, name: true }),
    topics: optionalText(c.topics.header, { max: LIMITS.notes }),
    taskIds: list(c.taskIds.header, { allowed: ctx.taskIds, unknown: (id) => problem("unknownTask", id), maxItems: LIMITS.listItems }),
    minutes: optionalUrl(c.minutes.header, { max: LIMITS.url }),
  });
}
