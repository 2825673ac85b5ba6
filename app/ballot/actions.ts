"use server";

import { currentMessages } from "@/app/_lib/locale";
import { castBallot } from "@/lib/data/appraisal";
import { appraisalText, noticeText } from "@/lib/i18n";
import { ballotGuard, countMiss } from "./_lib/guard";

export type BallotState = { ok: true; message: string } | { ok: false; message: string } | null;

/**
 * A ballot from the public page: no sign-in, the code is the only credential.
 * Everything the form says is re-checked against the session (units, grades)
 * in castBallot; nothing about the caller is stored.
 */
export async function castBallotAction(_previous: BallotState, formData: FormData): Promise<BallotState> {
  const guard = await ballotGuard();
  if (guard.refusal) return { ok: false, message: noticeText((await currentMessages()).t, guard.refusal) };
  const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");
  const grades: Record<string, string> = {};
  const comments: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("grade:")) grades[key.slice(6)] = text(value);
    else if (key.startsWith("comment:") && text(value).trim()) comments[key.slice(8)] = text(value);
  }
  // No revalidation here: it would re-render this page in the action's response, which then
  // finds the code spent and replaces the voter's 投票成功 with 已经投过票. The workbook is
  // re-read when its file changes; on Google the count follows within freshness.seconds.
  const result = await castBallot(
    { code: text(formData.get("code")), sessionId: text(formData.get("session")), grades, comments },
    { afterWrite: async () => {} },
  );
  const { t } = await currentMessages();
  if (result.ok) return { ok: true, message: t.formText.ballot.thanks!({}) };
  if (result.code === "unknown-code") countMiss(guard.address);
  return { ok: false, message: appraisalText(t, result) };
}
