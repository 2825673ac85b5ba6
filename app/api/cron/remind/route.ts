import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { runConfiguredReminders } from "@/lib/reminders/configured";

export const dynamic = "force-dynamic";
/** A run may wait on robots' rate limits (20 messages a minute each). */
export const maxDuration = 300;

const noStore = { "Cache-Control": "no-store" };

function bearerMatches(request: Request, secret: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/iu.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The scheduled reminder run (Vercel Cron sends `Authorization: Bearer $CRON_SECRET`).
 * Anything else is 401, and so is every call while CRON_SECRET is unset.
 */
export async function GET(request: Request) {
  const secret = env().CRON_SECRET;
  if (!secret || !bearerMatches(request, secret)) {
    return Response.json(
      { error: "unauthorized", message: secret ? "需要请求头 Authorization: Bearer <CRON_SECRET>" : "未设置 CRON_SECRET，定时提醒接口未启用" },
      { status: 401, headers: noStore },
    );
  }
  const report = await runConfiguredReminders(new URL(request.url).origin);
  const { runId, day, planned, skipped, sent, failed, problems, messagesByType, unrecorded } = report;
  return Response.json(
    {
      ok: failed.length === 0 && !unrecorded,
      runId,
      day,
      planned,
      skipped,
      sent: sent.length,
      failed,
      problems,
      messagesByType,
      ...(unrecorded && { unrecorded }),
    },
    { headers: noStore },
  );
}
