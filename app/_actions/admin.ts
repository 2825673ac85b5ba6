"use server";

import { z } from "zod";
import { today } from "@/lib/data/dataset";
import { assignIds } from "@/lib/data/writes";
import { requiredChoice } from "@/lib/forms/fields";
import { newRowId, type IdTab } from "@/lib/forms/ids";
import { accountabilityTab, meetingsTab, scoresTab, tasksTab, unitsTab, visitsTab } from "@/lib/schema/tabs";
import type { FormState } from "@/lib/forms/state";
import { noticeText, writeFailureText } from "@/lib/i18n";
import { validatedAction } from "./validated-action";

/** The tabs whose IDs the app can make; 用户 and 设置 are keyed by what people type. */
const ASSIGNABLE = {
  units: unitsTab,
  tasks: tasksTab,
  visits: visitsTab,
  meetings: meetingsTab,
  scores: scoresTab,
  accountability: accountabilityTab,
} as const;

const TAB_CHOICES = ["all", ...(Object.keys(ASSIGNABLE) as IdTab[])] as const;

/** 补编号: gives every row that lacks an ID one, in one tab or all of them (admin). */
export const assignMissingIdsAction = validatedAction(
  { capability: "admin", schema: () => z.object({ tab: requiredChoice("工作表", TAB_CHOICES) }) },
  async (input, ctx): Promise<FormState> => {
    const year = Number(today().slice(0, 4));
    const keys = input.tab === "all" ? (Object.keys(ASSIGNABLE) as IdTab[]) : [input.tab as IdTab];
    const done: string[] = [];
    const tabs = ctx.t.notices["user.field-separator"]({});
    for (const key of keys) {
      const spec = ASSIGNABLE[key];
      const outcome = await assignIds(ctx.viewer, spec, () => newRowId(key, year));
      if (!outcome.ok) {
        const prefix = done.length > 0 ? noticeText(ctx.t, { code: "ids.partial", params: { list: done.join(tabs) } }) : "";
        return {
          status: "error",
          ok: false,
          reason: outcome.reason === "locked" || outcome.reason === "busy" ? "busy" : "failed",
          error: `${prefix}${writeFailureText(ctx.t, outcome)}`,
          fieldErrors: {},
          at: Date.now(),
        };
      }
      if (outcome.assigned.length > 0) {
        const rows = outcome.assigned
          .map((a) => noticeText(ctx.t, { code: "ids.row", params: { row: a.row, id: a.id } }))
          .join(ctx.t.notices["ids.row-separator"]({}));
        done.push(noticeText(ctx.t, { code: "ids.tab", params: { tab: spec.title, count: outcome.assigned.length, rows } }));
      }
    }
    return {
      status: "ok",
      ok: true,
      message: noticeText(ctx.t, done.length > 0 ? { code: "ids.done", params: { list: done.join(tabs) } } : { code: "ids.none" }),
      ...(done.length === 0 && { unchanged: true }),
      at: Date.now(),
    };
  },
);
