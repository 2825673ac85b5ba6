import { after } from "next/server";
import { requireApiAccess } from "@/lib/auth/access";
import { ensureMonthlySnapshot } from "@/lib/data/snapshots";
import { loadScreen } from "@/app/screen/_lib/load-screen";

/**
 * The meeting screen's figures, polled by the running show (with the screen link's
 * token as a Bearer credential when it was opened by a link).
 */
export async function GET(request: Request) {
  const access = await requireApiAccess(request, "screen");
  if (!access.ok) return access.response;
  const payload = await loadScreen(access.viewer);
  // A screen left running into a new month takes that month's snapshot too.
  after(ensureMonthlySnapshot);
  return Response.json(payload, { headers: { "Cache-Control": "no-store" } });
}
