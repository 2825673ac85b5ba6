import { timingSafeEqual } from "node:crypto";
import { refreshDataset } from "@/lib/data/dataset";
import { env } from "@/lib/env";

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Called by the spreadsheet's onEdit trigger (README has the Apps Script) so a
 * hand edit shows at once. Protected by REVALIDATE_SECRET; forced reads are
 * rate-limited, so a storm of edits costs a handful of reads.
 */
export async function POST(request: Request) {
  const secret = env().REVALIDATE_SECRET;
  if (!secret) {
    return Response.json({ error: "disabled", message: "未设置 REVALIDATE_SECRET，刷新通知未启用" }, { status: 404 });
  }
  const header = request.headers.get("authorization") ?? "";
  const given = header.startsWith("Bearer ") ? header.slice(7) : (new URL(request.url).searchParams.get("secret") ?? "");
  if (!sameSecret(given, secret)) {
    return Response.json({ error: "unauthorized", message: "密钥不正确" }, { status: 401 });
  }
  const refreshed = await refreshDataset();
  return Response.json({ ok: true, refreshed }, { headers: { "Cache-Control": "no-store" } });
}
