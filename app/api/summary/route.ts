import { requireApiAccess } from "@/lib/auth/access";
import { noticeResponse } from "@/app/_lib/notice-response";
import { summaryFor } from "@/lib/data/summary";

/** The headline figures as JSON: the same `year` and `figures` as `npm run -s doctor -- --json`. */
export async function GET(request: Request) {
  const access = await requireApiAccess(request, "summary.api");
  if (!access.ok) return access.response;
  const param = new URL(request.url).searchParams.get("year");
  const year = param === null || param === "" ? undefined : Number(param);
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
    return noticeResponse("bad-year", { code: "api.bad-year" }, { status: 400 });
  }
  // figures.scores is null for a caller whose role sees no ranking.
  const summary = await summaryFor(access.viewer, year);
  // `unknown` sits beside `figures`, which keeps its keys: rows per figure family whose needed cell could not be read.
  return Response.json({ year: summary.year, figures: summary.figures, unknown: summary.unknown }, { headers: { "Cache-Control": "no-store" } });
}
