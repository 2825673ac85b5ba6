import Link from "next/link";
import { loadOverviewExtras } from "@/lib/data/overview";
import { loadSummary } from "@/lib/data/summary";
import { formatNumber, type Locale, type Messages } from "@/lib/i18n";
import { ChartCard } from "../charts/chart-card";
import { TrendByMonthChart } from "../charts/trend-by-month";
import { drillQuery } from "./drill";

/** Rows the overview lists before linking to the rest (the list prints with the overview). */
const RED_LIST_ROWS = 10;

/** The 红灯 list: the meeting screen's own list (redTasks), worst first, each row a link to its task. */
export async function RedListWidget({ year, unit, locale, t }: { year?: number; unit?: string; locale: Locale; t: Messages }) {
  const [{ redTasks }, { year: shown }] = await Promise.all([loadOverviewExtras(year, unit), loadSummary(year, unit)]);
  const d = t.daily;
  const q = drillQuery(shown, unit);
  const shownRows = redTasks.slice(0, RED_LIST_ROWS);
  return (
    <section className="card p-4" aria-label={d.redList} data-testid="red-list">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold">
          {d.redList} <span className="tabular-nums text-red-700">{formatNumber(locale, redTasks.length)}</span>
        </h2>
        <p className="text-xs text-slate-600">{d.redListIntro}</p>
      </div>
      {redTasks.length === 0 ? (
        <p className="text-sm text-slate-600">{d.redListEmpty}</p>
      ) : (
        <ol className="divide-y divide-slate-100">
          {shownRows.map((r) => (
            <li
              key={r.id}
              className="grid gap-x-4 gap-y-0.5 py-2 text-sm sm:grid-cols-[minmax(0,2.2fr)_minmax(0,1fr)_minmax(0,1.4fr)_auto]"
              data-testid="red-row"
            >
              <Link href={`/tasks/${encodeURIComponent(r.id)}`} className="min-w-0 font-medium text-blue-800 hover:underline">
                <span className="mr-1 font-mono text-xs text-slate-500">{r.id}</span>
                {r.title}
              </Link>
              <Link
                href={`/?${new URLSearchParams({ year: String(shown), unit: r.leadUnit }).toString()}`}
                className="min-w-0 text-slate-800 hover:underline"
                data-testid="red-row-unit"
              >
                {r.leadUnit}
              </Link>
              <span className="min-w-0 text-slate-700">
                {d.redCol.leader} {r.leader ?? "—"} · {d.redCol.owner} {r.owner ?? "—"}
              </span>
              <span className="whitespace-nowrap font-semibold text-red-700" data-testid="red-row-days">
                {r.overdueDays !== null ? d.overdueDays(r.overdueDays) : d.behind(r.behind)}
                {r.extendedTo && <span className="ml-1 text-xs font-normal text-slate-600">（{d.extendedTo(r.extendedTo)}）</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
      {redTasks.length > shownRows.length && (
        <Link href={`/tasks${q.tasks}&light=red`} className="mt-2 block text-sm text-blue-700 underline print:hidden">
          {d.more(redTasks.length - shownRows.length)}
        </Link>
      )}
    </section>
  );
}

/** Overdue tasks and completion month by month, from the meeting snapshots and today's figures. */
export async function TrendWidget({ year, unit, t }: { year?: number; unit?: string; t: Messages }) {
  if (unit !== undefined) return null;
  const { trend, baseline } = await loadOverviewExtras(year, unit);
  const d = t.daily;
  const rows = trend.map((p) => ({
    month: p.live ? `${t.months[p.month - 1] ?? p.month}*` : (t.months[p.month - 1] ?? String(p.month)),
    overdue: p.overdue,
    donePercent: p.donePercent,
    onTimePercent: p.onTimePercent,
  }));
  return (
    <ChartCard title={d.trend} empty={trend.filter((p) => !p.live).length === 0} emptyText={d.trendEmpty} testId="chart-trend">
      <TrendByMonthChart rows={rows} labels={{ overdue: d.overdue, donePercent: t.overview.cards.donePercent, onTimePercent: t.trust.onTime }} />
      <p className="mt-2 text-xs text-slate-600" data-testid="trend-note">
        * {d.trendNow} · {baseline ? d.since(baseline.date) : d.noBaseline}
      </p>
    </ChartCard>
  );
}
