import Link from "next/link";
import { after } from "next/server";
import { Suspense } from "react";
import { requirePageAccess } from "@/lib/auth/access";
import { pageCapability } from "@/lib/auth/pages";
import { overviewUnit } from "@/lib/data/overview";
import { ensureMonthlySnapshot } from "@/lib/data/snapshots";
import { loadSummary } from "@/lib/data/summary";
import { currentMessages } from "@/app/_lib/locale";
import { CardsSkeleton, ChartSkeleton, LineSkeleton } from "@/app/_components/skeletons";
import { Notice, parseYear, Section, YearSection, type PageQuery } from "@/app/_components/table/page-parts";
import { Freshness } from "@/app/_components/overview/freshness";
import { HeadlineCards } from "@/app/_components/overview/headline-cards";
import { SigningWidget } from "@/app/_components/evaluation/signing-widget";
import { CompletionByLeadUnitWidget, ScoreRankingWidget, TasksByKeyTaskWidget, VisitsByMonthWidget } from "@/app/_components/overview/charts";
import { FollowThroughWidget } from "@/app/_components/follow-through/overview-widgets";
import { RedListWidget, TrendWidget } from "@/app/_components/overview/red-list";

type Messages = Awaited<ReturnType<typeof currentMessages>>["t"];

/** Only on paper: what the printed overview is, for which year, as of which day. */
async function PrintTitle({ year, unit, t }: { year?: number; unit?: string; t: Messages }) {
  const summary = await loadSummary(year, unit);
  return (
    <p className="hidden text-base font-semibold print:block" data-testid="print-title">
      {t.trust.printTitle(summary.year, Number(summary.today.slice(5, 7)), Number(summary.today.slice(8, 10)))}
      {unit && ` · ${unit}`}
    </p>
  );
}

/** `/?unit=`: which unit the overview is of, with the way back to the whole county. */
function UnitFilter({ unit, unknown, year, t }: { unit?: string; unknown?: string; year?: number; t: Messages }) {
  if (unknown) return <Notice testId="unit-filter-unknown">{t.daily.unknownUnit(unknown)}</Notice>;
  if (!unit) return null;
  return (
    <div
      className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900"
      data-testid="unit-filter"
      role="status"
    >
      <span>{t.daily.filteredTo(unit)}</span>
      <Link href={`/units/${encodeURIComponent(unit)}`} className="font-medium underline print:hidden">
        {t.daily.unitPage}
      </Link>
      <Link href={year ? `/?year=${year}` : "/"} className="font-medium underline print:hidden" data-testid="unit-filter-clear">
        {t.daily.showAll}
      </Link>
    </div>
  );
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<PageQuery> }) {
  await requirePageAccess(pageCapability("/"), "/");
  const query = await searchParams;
  const year = parseYear(query.year);
  const { locale, t } = await currentMessages();
  const { unit, unknown } = await overviewUnit(query.unit).catch(() => ({ unit: undefined, unknown: undefined }));
  // The month's first view records the figures the next meeting (and the next 环比) compares with.
  after(ensureMonthlySnapshot);
  const failed = t.overview.failed;
  const props = { year, unit, locale, t };
  return (
    <div className="mx-auto max-w-7xl space-y-5">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Suspense fallback={null}>
            <PrintTitle year={year} unit={unit} t={t} />
          </Suspense>
          <h1 className="text-2xl font-bold">
            {t.overview.title}
            {unit && <span className="ml-2 text-lg font-semibold text-slate-700">· {unit}</span>}
          </h1>
          <div className="mt-1">
            <Section fallback={<LineSkeleton />} failed={failed}>
              <Freshness locale={locale} t={t} />
            </Section>
          </div>
        </div>
        <div className="print:hidden">
          <YearSection view={() => loadSummary(year, unit)} t={t} />
        </div>
      </header>
      <UnitFilter unit={unit} unknown={unknown} year={year} t={t} />
      <Section fallback={<CardsSkeleton count={8} />} failed={failed}>
        <HeadlineCards {...props} />
      </Section>
      <Section fallback={<ChartSkeleton />} failed={failed}>
        <RedListWidget {...props} />
      </Section>
      <Section fallback={<CardsSkeleton count={2} />} failed={failed}>
        <FollowThroughWidget {...props} />
      </Section>
      <Section fallback={<LineSkeleton />} failed={failed}>
        <SigningWidget year={year} t={t} />
      </Section>
      <div className="grid gap-4 xl:grid-cols-2">
        <Section fallback={<ChartSkeleton />} failed={failed}>
          <TasksByKeyTaskWidget {...props} />
        </Section>
        <Section fallback={<ChartSkeleton />} failed={failed}>
          <VisitsByMonthWidget {...props} />
        </Section>
        {/* On paper the 情况报告 stays within two pages: the two long per-unit charts and the trend are screen-only (the league table prints them per unit). */}
        <div className="print:hidden">
          <Section fallback={<ChartSkeleton height={420} />} failed={failed}>
            <CompletionByLeadUnitWidget {...props} />
          </Section>
        </div>
        <div className="print:hidden">
          <Section fallback={<ChartSkeleton height={420} />} failed={failed}>
            <ScoreRankingWidget {...props} />
          </Section>
        </div>
        {!unit && (
          <div className="print:hidden">
            <Section fallback={<ChartSkeleton />} failed={failed}>
              <TrendWidget {...props} />
            </Section>
          </div>
        )}
      </div>
    </div>
  );
}
