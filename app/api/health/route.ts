import { loadDataset } from "@/lib/data/dataset";

/**
 * Liveness plus whether the spreadsheet can be read, for monitors. Goes
 * through the shared snapshot cache, so polling it costs no extra quota.
 */
export async function GET() {
  try {
    const dataset = await loadDataset();
    const body = { ok: !dataset.stale, backend: dataset.source, readAt: dataset.readAt, ...(dataset.stale && { stale: dataset.stale }) };
    return Response.json(body, { status: dataset.stale ? 503 : 200, headers: { "Cache-Control": "no-store" } });
  } catch (e) {
    return Response.json({ ok: false, error: e instanceof Error ? e.message : String(e) }, { status: 503 });
  }
}
