import type { Metadata } from "next";
import { leagueView } from "@/lib/data/league";
import { currentMessages } from "@/app/_lib/locale";
import { DataTable } from "@/app/_components/table/data-table";
import { Notice, openTablePage, PageHeader, Section, type PageQuery, type TablePageProps } from "@/app/_components/table/page-parts";
import { TableSkeleton } from "@/app/_components/table/table-skeleton";
import { YearSelect } from "@/app/_components/table/year-select";
import { LEAGUE_DEFAULT_SORT, leagueColumns, leagueTableRows } from "./columns";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.daily.league };
}

async function LeagueTable({ viewer, year, query, locale, t }: TablePageProps) {
  const view = await leagueView(viewer, year);
  const d = t.daily;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" data-testid="league-baseline">
          {view.baselineDate ? d.leagueBaseline(view.baselineDate) : d.leagueNoBaseline}
        </p>
        <YearSelect years={view.years} year={view.year} label={t.tables.year} />
      </div>
      <p className="text-sm text-slate-700" data-testid="league-signing">
        {t.evaluation.signing(view.signing.signed, view.signing.due)}
        {" · "}
        {view.signing.unsigned.length > 0 ? t.evaluation.stillToSign(view.signing.unsigned) : t.evaluation.allSigned}
      </p>
      {view.scores === "own-unit" && <Notice testId="league-scores-own">{d.leagueScoresHidden}</Notice>}
      <DataTable
        title={d.league}
        rows={leagueTableRows(view.rows)}
        columns={leagueColumns(t, view)}
        rowKey="unit"
        locale={locale}
        query={query}
        defaultSort={LEAGUE_DEFAULT_SORT}
        emptyText={t.overview.charts.empty}
        exportName={d.leagueExport(view.year)}
        today={view.today}
        testId="league-table"
      />
    </div>
  );
}

export default async function UnitsPage({ searchParams }: { searchParams: Promise<PageQuery> }) {
  const props = await openTablePage("/units", searchParams);
  const { t } = props;
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader title={t.daily.league} intro={t.daily.leagueIntro} />
      <Section fallback={<TableSkeleton />} failed={t.tables.failed}>
        <LeagueTable {...props} />
      </Section>
    </div>
  );
}
