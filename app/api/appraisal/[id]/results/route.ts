import { requireApiAccess } from "@/lib/auth/access";
import { noticeResponse } from "@/app/_lib/notice-response";
import { sessionTallies } from "@/lib/data/appraisal";
import { loadDataset } from "@/lib/data/dataset";
import { toCsv } from "@/lib/export/csv";

/** A closed session's results as CSV (admins only; an open session has no results to give). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const access = await requireApiAccess(request, "admin");
  if (!access.ok) return access.response;
  const { id } = await params;
  const dataset = await loadDataset();
  const session = dataset.appraisals.find((s) => s.id === id);
  if (!session) return noticeResponse("not-found", { code: "api.appraisal-not-found", params: { id } }, { status: 404 });
  if (session.status === "进行中") return noticeResponse("open", { code: "api.appraisal-open" }, { status: 409 });
  const csv = toCsv({
    name: "述职评议",
    columns: [
      { header: "单位" },
      { header: "好", type: "number" },
      { header: "较好", type: "number" },
      { header: "一般", type: "number" },
      { header: "差", type: "number" },
      { header: "票数", type: "number" },
      { header: "好和较好占比", type: "number" },
      { header: "得分", type: "number" },
    ],
    rows: sessionTallies(dataset, session).map((r) => [
      r.unit,
      r.counts.好,
      r.counts.较好,
      r.counts.一般,
      r.counts.差,
      r.ballots,
      r.goodShare === null ? null : Math.round(r.goodShare * 1000) / 10,
      r.score,
    ]),
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="appraisal-${id}.csv"; filename*=UTF-8''${encodeURIComponent(`述职评议-${id}.csv`)}`,
      "Cache-Control": "no-store",
    },
  });
}
