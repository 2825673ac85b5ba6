"use server";

import { z } from "zod";
import { today } from "@/lib/data/dataset";
import { assignIds } from "@/lib/data/writes";
import { requiredChoice } from "@/lib/forms/fields";
import { newRowId, type IdTab } from "@/lib/forms/ids";
import { accountabilityTab, meetingsTab, scoresTab, tasksTab, unitsTab, visitsTab } from "@/lib/schema/tabs";
import type { FormState } from "@/lib/forms/state";
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
    for (const key of keys) {
      const spec = ASSIGNABLE[key];
      const outcome = await assignIds(ctx.viewer, spec, () => newRowId(key, year));
      if (!outcome.ok) {
        const prefix = done.length > 0 ? `已完成：${done.join("，")}。` : "";
        return {
          status: "error",
          ok: false,
          reason: outcome.reason === "locked" || outcome.reason === "busy" ? "busy" : "failed",
          error: `${prefix}${outcome.message}`,
          fieldErrors: {},
          at: Date.now(),
        };
      }
      if (outcome.assigned.length > 0)
        done.push(`「${spec.title}」${outcome.assigned.length} 行（${outcome.assigned.map((a) => `第 ${a.row} 行 ${a.id}`).join("、")}）`);
    }
    return {
      status: "ok",
      ok: true,
      message: done.length > 0 ? `已补编号：${done.join("；")}。` : "所有行都已有编号，无需补充。",
      ...(done.length === 0 && { unchanged: true }),
      at: Date.now(),
    };
  },
);
