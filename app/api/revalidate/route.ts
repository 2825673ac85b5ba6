import { timingSafeEqual } from "node:crypto";
import { refreshDataset } from "@/lib/data/dataset";
import { env } from "@/lib/env";

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The header the secret may also come in, for callers that cannot set Authorization. */
const REVALIDATE_SECRET_HEADER = "x-revalidate-secret";

/** The secret a request carries in a header: `Authorization: Bearer …` or `x-revalidate-secret`. */
function secretInHeader(request: Request): string {
  const bearer = /^Bearer\s+(\S+)\s*$/iu.exec(request.headers.get("authorization") ?? "")?.[1];
  return bearer ?? request.headers.get(REVALIDATE_SECRET_HEADER)?.trim() ?? "";
}

const noStore = { "Cache-Control": "no-store" };

/**
 * Called by the spreadsheet's onEdit trigger (README has the Apps Script) so a
 * hand edit shows at once. Protected by REVALIDATE_SECRET, in a header only: a
 * URL ends up in access logs and proxy histories. Forced reads are
 * rate-limited, so a storm of edits costs a handful of reads.
 */
export async function POST(request: Request) {
  const secret = env().REVALIDATE_SECRET;
  if (!secret) {
    return Response.json({ error: "disabled", message: "未设置 REVALIDATE_SECRET，刷新通知未启用" }, { status: 404, headers: noStore });
  }
  const params = new URL(request.url).searchParams;
  if (params.has("secret") || params.has("token")) {
    return Response.json(
      {
        error: "secret-in-url",
        message: `密钥不能放在网址里（会留在访问日志中）：请改用请求头 Authorization: Bearer <密钥> 或 ${REVALIDATE_SECRET_HEADER}: <密钥>，并尽快更换 REVALIDATE_SECRET`,
      },
      { status: 400, headers: noStore },
    );
  }
  if (!sameSecret(secretInHeader(request), secret)) {
    return Response.json(
      { error: "unauthorized", message: "密钥不正确：请在请求头 Authorization: Bearer <密钥> 中提供 REVALIDATE_SECRET" },
      { status: 401, headers: noStore },
    );
  }
  const refreshed = await refreshDataset();
  return Response.json({ ok: true, refreshed }, { headers: noStore });
}
