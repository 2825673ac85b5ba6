"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { requireActionAccess } from "@/lib/auth/access";
import { urgeTask } from "@/lib/data/reminders";
import { noticeText } from "@/lib/i18n";
import { currentMessages, refusalText } from "@/app/_lib/locale";

export type UrgeState = { ok: boolean; message: string; at: number } | null;

/** 催办: admin only, checked here and again in the data layer. */
export async function urgeAction(_previous: UrgeState, formData: FormData): Promise<UrgeState> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: await refusalText(access), at: Date.now() };
  const { t } = await currentMessages();
  const u = t.tasks.urge;
  const id = z.string().trim().min(1).max(100).safeParse(formData.get("taskId"));
  if (!id.success) return { ok: false, message: u.notFound, at: Date.now() };
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000"}`;
  const outcome = await urgeTask(access.viewer, id.data, origin);
  const at = Date.now();
  if (!outcome.ok) {
    const messages = {
      forbidden: u.adminOnly,
      "not-found": u.notFound,
      "not-open": u.notOpen,
      "no-target": u.noTarget(outcome.unit ?? ""),
      "no-ledger": u.noLedger,
    };
    return { ok: false, message: messages[outcome.reason], at };
  }
  revalidatePath(`/tasks/${encodeURIComponent(id.data)}`);
  const failed = outcome.failed.map((f) => u.failure(f.target, noticeText(t, f.notice))).join(u.failureSeparator);
  if (outcome.sentTo.length === 0) return { ok: false, message: u.failed(failed), at };
  return {
    ok: outcome.failed.length === 0,
    message: outcome.failed.length === 0 ? u.sent(outcome.sentTo.join("、")) : u.partly(outcome.sentTo.join("、"), failed),
    at,
  };
}
