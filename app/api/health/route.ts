import { getStore } from "@/lib/sheets";

/** Liveness plus whether the spreadsheet can be reached: for monitors and the test server. */
export async function GET() {
  try {
    const store = await getStore();
    const version = await store.version();
    return Response.json({ ok: true, backend: store.kind, spreadsheet: version !== undefined });
  } catch (e) {
    return Response.json({ ok: false, error: e instanceof Error ? e.message : String(e) }, { status: 503 });
  }
}
