import Link from "next/link";
import type { Viewer } from "@/lib/auth/roles";
import { coverageView } from "@/lib/data/follow-through";
import type { CoveragePeriod } from "@/lib/domain";
import { PlainTable } from "@/app/_components/plain-table";
import { formatNumber, formatPercent, type Locale, type Messages } from "@/lib/i18n";

interface Props {
  viewer: Viewer;
  locale: Locale;
  t: Messages;
  /** Only this unit's roster. */
  unit?: string;
}

/** 走访覆盖率 for this month and this quarter, side by side. */
export async function CoverageCards({ viewer, locale, t, unit }: Props) {
  const f = t.followThrough;
  const [month, quarter] = await Promise.all([coverageView(viewer, "month", unit), coverageView(viewer, "quarter", unit)]);
  if (!quarter.hasRoster)
    return (
      <p className="text-sm text-slate-600" data-testid="coverage-no-roster">
        {f.noRoster}
      </p>
    );
  if (!month.coverage || !quarter.coverage) return null;
  const card = (label: string, v: typeof month, testId: string) => (
    <div className="card min-w-0 p-4" data-testid={testId}>
      <p className="truncate text-sm text-slate-600">
        {f.coverage} · {label}
      </p>
      <p className="mt-1 text-2xl font-bold tabular-nums" data-testid={`${testId}-value`}>
        {formatPercent(locale, v.coverage?.rate ?? null)}
      </p>
      <p className="mt-1 text-xs text-slate-600" data-testid={`${testId}-count`}>
        {f.coverageOf(v.coverage?.met ?? 0, v.coverage?.active ?? 0)} · {f.periodRange(v.start, v.end)}
      </p>
    </div>
  );
  return (
    <div className="space-y-1">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        {card(f.month, month, "coverage-month")}
        {card(f.quarter, quarter, "coverage-quarter")}
      </div>
      <p className="text-xs text-slate-600">{f.coverageDef}</p>
    </div>
  );
}

/** 未走访名单 of the period, with each cadre's contact points and last visit. */
export async function MissingVisitsList({ viewer, locale, t, unit, period }: Props & { period: CoveragePeriod }) {
  const f = t.followThrough;
  const view = await coverageView(viewer, period, unit);
  if (!view.hasRoster) return null;
  const tab = (p: CoveragePeriod, label: string) => (
    <Link
      key={p}
      href={`?period=${p}#missing`}
      scroll={false}
      aria-current={p === period ? "page" : undefined}
      className={`rounded-md px-3 py-1 text-sm ${p === period ? "bg-brand-700 text-white" : "text-slate-700 hover:bg-slate-100"}`}
      data-testid={`missing-period-${p}`}
    >
      {label}
    </Link>
  );
  return (
    <section className="card overflow-hidden" aria-labelledby="missing" data-testid="missing-visits" data-period={period}>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2">
        <h2 id="missing" className="font-semibold">
          {f.missingTitle}（{f.periodRange(view.start, view.end)}）
        </h2>
        <nav className="flex gap-1">{[tab("month", f.month), tab("quarter", f.quarter)]}</nav>
      </div>
      <div className="space-y-2 p-4">
        <p className="text-sm text-slate-600">{f.missingIntro}</p>
        {view.missing === null ? (
          <p className="text-sm text-slate-700" data-testid="missing-aggregates-only">
            {f.missingAggregatesOnly}
          </p>
        ) : (
          <PlainTable
            rows={view.missing.length}
            empty={f.missingNone}
            note={view.ownUnitOnly && <p className="mb-2 text-sm text-slate-600">{f.missingOwnUnit}</p>}
            dense
            minWidth="min-w-[44rem]"
            headers={[f.col.unit, f.col.tier, f.col.name, f.col.contactPoints, f.col.visits, f.col.required, f.col.lastVisit]}
            numeric={[4, 5]}
          >
            {view.missing.map((c) => (
              <tr key={c.id} className="border-t border-slate-100" data-testid="missing-cadre" data-cadre-id={c.id}>
                <td className="px-2 py-1">{c.unit}</td>
                <td className="px-2 py-1">{c.tier}</td>
                <td className="px-2 py-1">
                  <Link href={`/visits/cadres/${encodeURIComponent(c.id)}`} className="text-blue-700 hover:underline" data-testid="missing-cadre-name">
                    {c.name}
                  </Link>
                </td>
                <td className="px-2 py-1">
                  {c.contactPoints.map((p, i) => (
                    <span key={p}>
                      {i > 0 && "、"}
                      <Link href={`/visits/points/${encodeURIComponent(p)}`} className="text-blue-700 hover:underline">
                        {p}
                      </Link>
                    </span>
                  ))}
                </td>
                <td className="px-2 py-1 text-right tabular-nums">{formatNumber(locale, c.visits)}</td>
                <td className="px-2 py-1 text-right tabular-nums">{formatNumber(locale, c.required)}</td>
                <td className="px-2 py-1 tabular-nums">{c.lastVisit ?? f.never}</td>
              </tr>
            ))}
          </PlainTable>
        )}
      </div>
    </section>
  );
}
