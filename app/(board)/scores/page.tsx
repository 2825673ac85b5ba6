import type { Metadata } from "next";
import { scoresView, type AnnualScoreRow } from "@/lib/data/views";
import { methodShares, SCORE_METHOD_KEYS as METHOD_KEYS } from "@/lib/domain";
import { formatNumber, type Messages } from "@/lib/i18n";
import { SCORE_METHODS, type ScoreMethod } from "@/lib/schema/tabs";
import { currentMessages } from "@/app/_lib/locale";
import { ChartCard } from "@/app/_components/charts/chart-card";
import { ChartSkeleton } from "@/app/_components/skeletons";
import { DataTable } from "@/app/_components/table/data-table";
import { Notice, openTablePage, PageHeader, type PageQuery, Section, type TablePageProps, YearSection } from "@/app/_components/table/page-parts";
import { NewRecordLink } from "@/app/_components/forms/sections";
import { TableSkeleton } from "@/app/_components/table/table-skeleton";
import { annualColumns, gradeLabels, methodLabels, recordColumns } from "./columns";
import { ScoreMakeUpChart } from "./score-chart";
import { RectificationList } from "@/app/_components/follow-through/rectifications";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.scores.title };
}

type Props = TablePageProps;

async function Rules({ viewer, year, locale, t }: Props) {
  const view = await scoresView(viewer, year);
  const weights = SCORE_METHODS.map((m) => `${t.scores.col[METHOD_KEYS[m.label]]} ${formatNumber(locale, view.weights[m.label], 2)}`).join(" · ");
  return (
    <section className="card space-y-1 p-4 text-sm text-slate-700" data-testid="score-rules">
      <p className="font-medium text-slate-900">{t.scores.weights(weights)}</p>
      <p>{t.scores.gradeRule(view.grades.好, view.grades.较好, view.grades.一般)}</p>
      <p>{t.scores.capRule}</p>
      <p>{t.scores.incompleteRule}</p>
    </section>
  );
}

function methodNames(t: Messages): Record<"drill" | "routine" | "yearEnd" | "report", string> {
  return { drill: t.scores.col.drill, routine: t.scores.col.routine, yearEnd: t.scores.col.yearEnd, report: t.scores.col.report };
}

/** Each method's share of the total (lib/domain methodShares), keyed as the chart's series. */
function makeUp(row: AnnualScoreRow, weights: Record<ScoreMethod, number>) {
  const shares = methodShares({ 拉练抽查: row.drill, 日常督查: row.routine, 年末检查: row.yearEnd, 述职评议: row.report }, weights);
  return { drill: shares.拉练抽查, routine: shares.日常督查, yearEnd: shares.年末检查, report: shares.述职评议 };
}

async function ScoreChart({ viewer, year, locale, t }: Props) {
  const view = await scoresView(viewer, year);
  const grades = gradeLabels(t);
  const rows = view.annual
    .filter((r) => r.total !== null)
    .map((r) => ({
      unit: r.unit,
      ...makeUp(r, view.weights),
      label: `${formatNumber(locale, r.total ?? 0, 1)} ${grades[r.grade] ?? r.grade}${r.capped ? "*" : ""}`,
    }));
  return (
    <ChartCard title={t.scores.chart} empty={rows.length === 0} emptyText={t.overview.charts.empty} testId="chart-score-make-up">
      <ScoreMakeUpChart rows={rows} names={methodNames(t)} title={t.scores.chart} />
      <p className="mt-2 text-xs text-slate-600">{t.scores.chartNote}</p>
    </ChartCard>
  );
}

async function AnnualTable({ viewer, year, query, locale, t }: Props) {
  const view = await scoresView(viewer, year);
  const explained = view.annual.filter((r) => r.capped || r.incomplete);
  return (
    <div className="space-y-2">
      <h2 className="text-lg font-semibold">{t.scores.annualTable}</h2>
      {view.ownUnitOnly && <Notice>{view.wholeRanking ? t.scores.ownUnitOnly : t.scores.rankingHidden}</Notice>}
      <DataTable
        title={t.scores.annualTable}
        rows={view.annual}
        columns={annualColumns(t)}
        rowKey="unit"
        locale={locale}
        query={query}
        defaultSort={[{ key: "rank", desc: false }]}
        detailKey="unit"
        emptyText={t.scores.empty(view.year)}
        exportName={t.scores.annualExportName(view.year)}
        today={view.today}
        testId="scores-table"
      />
      {explained.length > 0 && (
        <ul className="card space-y-1 p-4 text-sm text-slate-700" data-testid="score-explanations">
          {explained.map((r) => (
            <li key={r.unit} data-testid={r.capped ? "capped-explanation" : "incomplete-explanation"}>
              <span aria-hidden className="mr-1">
                {r.capped ? "*" : "△"}
              </span>
              {r.capped
                ? t.scores.cappedExplain(r.unit, r.accountabilityIds.join("、"))
                : t.scores.incompleteExplain(r.unit, r.missing.map((m) => methodLabels(t)[m] ?? m).join("、"))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

async function RecordTable({ viewer, year, query, locale, t }: Props) {
  const view = await scoresView(viewer, year);
  return (
    <div className="space-y-2">
      <h2 className="text-lg font-semibold">{t.scores.recordsTable}</h2>
      <DataTable
        title={t.scores.recordsTable}
        rows={view.records}
        columns={recordColumns(t)}
        rowKey="id"
        locale={locale}
        query={query}
        paramPrefix="r"
        defaultSort={[{ key: "date", desc: false }]}
        detailKey="id"
        emptyText={t.scores.empty(view.year)}
        exportName={t.scores.recordsExportName(view.year)}
        today={view.today}
        testId="score-records-table"
      />
    </div>
  );
}

export default async function ScoresPage({ searchParams }: { searchParams: Promise<PageQuery> }) {
  const props = await openTablePage("/scores", searchParams);
  const { viewer, year, t } = props;
  const failed = t.tables.failed;
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader
        title={t.scores.title}
        intro={t.scores.intro}
        year={<YearSection view={() => scoresView(viewer, year)} t={t} />}
        action={<NewRecordLink viewer={viewer} capability="scores.write" href="/scores/new" label={t.forms.score.open} />}
      />
      <Section fallback={<div className="skeleton h-24 w-full" />} failed={failed}>
        <Rules {...props} />
      </Section>
      <Section fallback={<TableSkeleton />} failed={failed}>
        <AnnualTable {...props} />
      </Section>
      <Section fallback={<ChartSkeleton height={420} />} failed={failed}>
        <ScoreChart {...props} />
      </Section>
      <Section fallback={<TableSkeleton />} failed={failed}>
        <RectificationList viewer={viewer} t={t} />
      </Section>
      <Section fallback={<TableSkeleton />} failed={failed}>
        <RecordTable {...props} />
      </Section>
    </div>
  );
}
