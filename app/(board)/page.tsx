import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { requirePageAccess } from "@/lib/auth/access";
import { pageCapability } from "@/lib/auth/pages";
import { loadSummary } from "@/lib/data/summary";
import { currentMessages } from "../_lib/locale";
import { CardsSkeleton, ChartSkeleton, LineSkeleton } from "../_components/skeletons";
import { WidgetBoundary } from "../_components/widget";
import { WidgetFailed } from "../_components/widget-failed";
import { Freshness } from "../_components/overview/freshness";
import { HeadlineCards } from "../_components/overview/headline-cards";
import { CompletionByLeadUnitWidget, ScoreRankingWidget, TasksByKeyTaskWidget, VisitsByMonthWidget } from "../_components/overview/charts";

function parseYear(value: string | string[] | undefined): number | undefined {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : undefined;
}

function Widget({ fallback, failed, children }: { fallback: ReactNode; failed: string; children: ReactNode }) {
  return (
    <WidgetBoundary failed={<WidgetFailed message={failed} height={120} />}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </WidgetBoundary>
  );
}

/** Only on paper: what the printed overview is, for which year, as of which day. */
async function PrintTitle({ year, t }: { year?: number; t: Awaited<ReturnType<typeof currentMessages>>["t"] }) {
  const summary = await loadSummary(year);
  return (
    <p className="hidden text-base font-semibold print:block" data-testid="print-title">
      {t.trust.printTitle(summary.year, Number(summary.today.slice(5, 7)), Number(summary.today.slice(8, 10)))}
    </p>
  );
}

async function YearPicker({ year, label }: { year?: number; label: string }) {
  const summary = await loadSummary(year);
  const years = summary.years.includes(summary.year) ? summary.years : [...summary.years, summary.year].sort();
  return (
    <nav aria-label={label} className="flex items-center gap-1 text-sm">
      <span className="mr-1 text-slate-600">{label}</span>
      {years.map((y) => (
        <Link
          key={y}
          href={`/?year=${y}`}
          aria-current={y === summary.year ? "page" : undefined}
          className={`rounded-md px-2 py-1 tabular-nums ${y === summary.year ? "bg-brand-700 text-white" : "text-slate-700 hover:bg-slate-100"}`}
        >
          {y}
        </Link>
      ))}
    </nav>
  );
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageAccess(pageCapability("/"), "/");
  const year = parseYear((await searchParams).year);
  const { locale, t } = await currentMessages();
  const failed = t.overview.failed;
  const props = { year, locale, t };
  return (
    <div className="mx-auto max-w-7xl space-y-5">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Suspense fallback={null}>
            <PrintTitle year={year} t={t} />
          </Suspense>
          <h1 className="text-2xl font-bold">{t.overview.title}</h1>
          <div className="mt-1">
            <Widget fallback={<LineSkeleton />} failed={failed}>
              <Freshness locale={locale} t={t} />
            </Widget>
          </div>
        </div>
        <Widget fallback={<LineSkeleton />} failed={failed}>
          <YearPicker year={year} label={t.overview.year} />
        </Widget>
      </header>
      <Widget fallback={<CardsSkeleton count={8} />} failed={failed}>
        <HeadlineCards {...props} />
      </Widget>
      <div className="grid gap-4 xl:grid-cols-2">
        <Widget fallback={<ChartSkeleton />} failed={failed}>
          <TasksByKeyTaskWidget {...props} />
        </Widget>
        <Widget fallback={<ChartSkeleton />} failed={failed}>
          <VisitsByMonthWidget {...props} />
        </Widget>
        <Widget fallback={<ChartSkeleton height={420} />} failed={failed}>
          <CompletionByLeadUnitWidget {...props} />
        </Widget>
        <Widget fallback={<ChartSkeleton height={420} />} failed={failed}>
          <ScoreRankingWidget {...props} />
        </Widget>
      </div>
    </div>
  );
}
