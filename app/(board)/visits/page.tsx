import type { Metadata } from "next";
import Link from "next/link";
import { visitsView } from "@/lib/data/views";
import { formatNumber, formatPercent } from "@/lib/i18n";
import { currentMessages } from "@/app/_lib/locale";
import { ChartCard } from "@/app/_components/charts/chart-card";
import { COLORS } from "@/app/_components/charts/palette";
import { VisitsByMonthChart } from "@/app/_components/charts/visits-by-month";
import { CardsSkeleton, ChartSkeleton } from "@/app/_components/skeletons";
import { DataTable } from "@/app/_components/table/data-table";
import { Notice, openTablePage, PageHeader, type PageQuery, Section, Stat, type TablePageProps, YearSection } from "@/app/_components/table/page-parts";
import { NewRecordLink } from "@/app/_components/forms/sections";
import { PendingWritesPanel } from "@/app/_components/journal/journal-panels";
import { TableSkeleton } from "@/app/_components/table/table-skeleton";
import { exportLinks, pageLink, serverPage, serverTableThreshold } from "@/app/_components/table/server-page";
import { VISIT_DEFAULT_SORT, visitColumns } from "./columns";
import { HorizontalBars } from "./horizontal-bars";
import { CoverageCards, MissingVisitsList } from "@/app/_components/follow-through/coverage";
import { parsePeriod } from "@/lib/data/follow-through";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.visits.title };
}

type Props = TablePageProps;

async function VisitFigures({ viewer, year, locale, t }: Props) {
  const { aggregates: a } = await visitsView(viewer, year);
  if (!a) return null;
  const n = (x: number) => formatNumber(locale, x);
  const c = t.visits.cards;
  return (
    <div className="space-y-2">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5 [&>*:last-child]:col-span-2 md:[&>*:last-child]:col-span-1">
        <Stat testId="visits-count" label={c.count} value={n(a.totals.count)} />
        <Stat testId="visits-suggestions" label={c.suggestions} value={n(a.totals.suggestions)} />
        <Stat testId="visits-solved" label={c.solved} value={n(a.totals.solved)} />
        <Stat testId="visits-solve-rate" label={c.solveRate} value={formatPercent(locale, a.totals.solveRate)} />
        <Stat testId="visits-cadres" label={c.cadres} value={n(a.totals.cadres)} />
      </div>
      <p className="text-xs text-slate-600" data-testid="visits-solve-rate-definition">
        {t.trust.solveRateDef}
        {a.totals.unknown.suggestions + a.totals.unknown.solved > 0 && (
          <Link href={`/data-health#${encodeURIComponent("tab-走访")}`} className="ml-2 font-medium text-amber-800 underline" data-testid="visits-unknown">
            ⚠ {t.trust.note(Math.max(a.totals.unknown.suggestions, a.totals.unknown.solved))}
          </Link>
        )}
      </p>
    </div>
  );
}

async function VisitCharts({ viewer, year, locale, t }: Props) {
  const view = await visitsView(viewer, year);
  const a = view.aggregates;
  if (!a) return null;
  const ch = t.visits.charts;
  const empty = t.overview.charts.empty;
  // Months still ahead are not zero: they have not happened yet.
  const lastMonth = Number(view.today.slice(0, 4)) === view.year ? Number(view.today.slice(5, 7)) : 12;
  const months = a.byMonth
    .filter((m) => m.month <= lastMonth)
    .map((m) => ({ month: t.months[m.month - 1] ?? String(m.month), count: m.count, suggestions: m.suggestions, solved: m.solved }));
  const bars = (rows: { label: string; count: number; suggestions: number; solved: number }[]) =>
    rows.map((r) => ({
      label: r.label,
      value: r.count,
      valueLabel: `${formatNumber(locale, r.count)}（${formatNumber(locale, r.suggestions)}/${formatNumber(locale, r.solved)}）`,
    }));
  const byUnit = bars(a.byUnit.map((u) => ({ ...u, label: u.unit })));
  const byTier = bars(a.byTier.map((x) => ({ ...x, label: x.tier ?? t.visits.blank })));
  const byMethod = bars(a.byMethod.map((x) => ({ ...x, label: x.method ?? t.visits.blank })));
  const legend = `${ch.visits}（${ch.suggestions}/${ch.solved}）`;
  const none = a.totals.count === 0;
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <div className="xl:col-span-2">
        <ChartCard title={ch.byMonth} empty={none} emptyText={empty} testId="chart-visits-month">
          <VisitsByMonthChart rows={months} labels={{ count: ch.visits, suggestions: ch.suggestions, solved: ch.solved }} />
        </ChartCard>
      </div>
      <ChartCard title={ch.byUnit} empty={none} emptyText={empty} testId="chart-visits-unit">
        <p className="-mt-2 mb-2 text-xs text-slate-600">{legend}</p>
        <HorizontalBars rows={byUnit} name={ch.visits} color={COLORS.visits} title={ch.byUnit} />
      </ChartCard>
      <div className="space-y-4">
        <ChartCard title={ch.byTier} empty={none} emptyText={empty} testId="chart-visits-tier">
          <p className="-mt-2 mb-2 text-xs text-slate-600">{legend}</p>
          <HorizontalBars rows={byTier} name={ch.visits} color={COLORS.done} title={ch.byTier} />
        </ChartCard>
        <ChartCard title={ch.byMethod} empty={none} emptyText={empty} testId="chart-visits-method">
          <p className="-mt-2 mb-2 text-xs text-slate-600">{legend}</p>
          <HorizontalBars rows={byMethod} name={ch.visits} color={COLORS.solved} title={ch.byMethod} />
        </ChartCard>
      </div>
    </div>
  );
}

async function VisitTable({ viewer, year, query, locale, t }: Props) {
  const view = await visitsView(viewer, year);
  if (view.rows === null) return <Notice testId="visits-aggregates-only">{t.visits.aggregatesOnly}</Notice>;
  const columns = visitColumns(t);
  // A big year stays on the server: one page of the URL's view goes to the browser.
  const paged =
    view.rows.length > serverTableThreshold() ? serverPage(view.rows, columns, query, VISIT_DEFAULT_SORT, { yes: t.tables.yes, no: t.tables.no }) : undefined;
  return (
    <div className="space-y-2">
      {view.ownUnitOnly && <Notice>{t.visits.ownUnitOnly}</Notice>}
      <DataTable
        title={t.visits.table}
        rows={paged ? paged.rows : view.rows}
        columns={columns}
        server={paged && { ...paged.paging, exportHref: exportLinks("visits", query, view.year), pageHref: pageLink("visits", view.year) }}
        rowKey="id"
        locale={locale}
        query={query}
        defaultSort={VISIT_DEFAULT_SORT}
        detailKey="id"
        emptyText={t.visits.empty(view.year)}
        exportName={t.visits.exportName(view.year)}
        today={view.today}
        testId="visits-table"
        rowEdit={{ href: "/visits/{id}/edit", label: t.forms.visit.open, unitKey: "unit", units: view.editableUnits }}
      />
    </div>
  );
}

export default async function VisitsPage({ searchParams }: { searchParams: Promise<PageQuery> }) {
  // Viewers get the figures and charts; the rows need visits.read, checked in the view.
  const props = await openTablePage("/visits", searchParams);
  const { viewer, year, t } = props;
  const failed = t.tables.failed;
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader
        title={t.visits.title}
        intro={t.visits.intro}
        year={<YearSection view={() => visitsView(viewer, year)} t={t} />}
        action={<NewRecordLink viewer={viewer} capability="visits.write" href="/visits/new" label={t.forms.visit.newOpen} />}
      />
      <PendingWritesPanel viewer={viewer} />
      <Section fallback={<CardsSkeleton count={5} />} failed={failed}>
        <VisitFigures {...props} />
      </Section>
      <Section fallback={<CardsSkeleton count={2} />} failed={failed}>
        <CoverageCards viewer={viewer} locale={props.locale} t={t} />
      </Section>
      <Section fallback={<TableSkeleton />} failed={failed}>
        <MissingVisitsList viewer={viewer} locale={props.locale} t={t} period={parsePeriod(props.query.period)} />
      </Section>
      <Section fallback={<TableSkeleton />} failed={failed}>
        <VisitTable {...props} />
      </Section>
      <Section fallback={<ChartSkeleton />} failed={failed}>
        <VisitCharts {...props} />
      </Section>
    </div>
  );
}
