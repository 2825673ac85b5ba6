"use server";

import { z } from "zod";
import { settleJournalConflict } from "@/lib/data/reconcile";
import { requiredChoice } from "@/lib/forms/fields";
import type { FormState } from "@/lib/forms/state";
import { noticeText } from "@/lib/i18n";
import { validatedAction } from "./validated-action";

/** 处理写入冲突 (admin): keep the workbook's value, or write the web value where the cells still hold what was shown. */
export const settleConflictAction = validatedAction(
  { capability: "admin", schema: () => z.object({ id: z.string().min(1).max(64), choice: requiredChoice("处理方式", ["keep", "apply"] as const) }) },
  async (input, ctx): Promise<FormState> => {
    const outcome = await settleJournalConflict(ctx.viewer, input.id, input.choice as "keep" | "apply");
    if (!outcome.ok) return { status: "error", ok: false, reason: "failed", error: noticeText(ctx.t, outcome.notice), fieldErrors: {}, at: Date.now() };
    return { status: "ok", ok: true, message: noticeText(ctx.t, { code: outcome.status === "kept" ? "journal.kept" : "journal.applied" }), at: Date.now() };
  },
);
