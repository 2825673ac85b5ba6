import { workbookHealth } from "@/lib/data/workbook-health";

/**
 * Liveness plus whether the spreadsheet can be read and written, for
 * monitors. Answers codes only (workbook-unreadable, tab-missing,
 * workbook-not-writable …): no sign-in is needed, so no server path or raw
 * error is shown. Goes through the shared snapshot cache, so polling it costs
 * no extra quota.
 */
export async function GET() {
  const headers = { "Cache-Control": "no-store" };
  const health = await workbookHealth();
  if (!health.ok) {
    const { fault, dataset } = health;
    return Response.json(
      {
        ok: false,
        code: fault.code,
        ...(fault.detail && { detail: fault.detail }),
        ...(dataset && { backend: dataset.source, readAt: dataset.readAt }),
        ...(dataset?.stale && { staleSince: dataset.stale.since }),
      },
      { status: 503, headers },
    );
  }
  const { dataset } = health;
  // Stale (the last good read of a spreadsheet that cannot be reached now): the cause, never the raw error.
  const body = {
    ok: !dataset.stale,
    backend: dataset.source,
    readAt: dataset.readAt,
    ...(dataset.stale && { code: "read-failed", staleSince: dataset.stale.since }),
  };
  return Response.json(body, { status: dataset.stale ? 503 : 200, headers });
}
