import { loadSummary } from "@/lib/data/summary";
import { formatNumber, type Locale, type Messages } from "@/lib/i18n";
import { UnknownNote } from "./headline-cards";
import { ChartCard } from "../charts/chart-card";
import { CompletionByLeadUnitChart } from "../charts/completion-by-lead-unit";
import { ScoreRankingChart } from "../charts/score-ranking";
import { TasksByKeyTaskChart } from "../charts/tasks-by-key-task";
import { VisitsByMonthChart } from "../charts/visits-by-month";
import { drillQuery } from "./drill";

interface Props {
  year?: number;
  /** `/?unit=`: the overview of one unit. */
  unit?: string;
  locale: Locale;
  t: Messages;
}

export async function TasksByKeyTaskWidget({ year, unit, t }: Props) {
  const { charts, unknownRows, year: shown } = await loadSummary(year, unit);
  const rows = charts.tasksByKeyTask.map((k) => ({
    keyTask: k.keyTask,
    done: k.done,
    green: k.green,
    yellow: k.yellow,
    red: k.red,
    unknown: k.unknown,
    cancelled: k.cancelled,
  }));
  return (
    <ChartCard title={t.overview.charts.tasksByKeyTask} empty={rows.length === 0} emptyText={t.overview.charts.empty} testId="chart-tasks-by-key-task">
      <TasksByKeyTaskChart
        base={drillQuery(shown, unit).base}
        rows={rows}
        labels={{
          done: t.status.done,
          green: t.status.green,
          yellow: t.status.yellow,
          red: t.status.red,
          unknown: t.status.unknown,
          cancelled: t.status.cancelled,
        }}
      />
      <UnknownNote n={unknownRows.tasks} t={t} testId="chart-tasks-unknown" tab="任务" />
    </ChartCard>
  );
}

export async function CompletionByLeadUnitWidget({ year, unit, locale, t }: Props) {
  const { charts, unknownRows, year: shown } = await loadSummary(year, unit);
  const rows = charts.completionByLeadUnit
    .filter((u) => u.donePercent !== null)
    .map((u) => ({
      unit: u.unit,
      donePercent: u.donePercent ?? 0,
      label: `${formatNumber(locale, u.donePercent ?? 0, 0)}%（${u.done}/${u.dueByToday}）`,
      onTimePercent: u.onTimePercent ?? 0,
      onTimeLabel: `${formatNumber(locale, u.onTimePercent ?? 0, 0)}%`,
    }));
  return (
    <ChartCard
      title={t.overview.charts.completionByLeadUnit}
      empty={rows.length === 0}
      emptyText={t.overview.charts.empty}
      testId="chart-completion-by-lead-unit"
    >
      <CompletionByLeadUnitChart base={drillQuery(shown).base} rows={rows} name={t.overview.cards.donePercent} onTimeName={t.trust.onTime} />
      <p className="mt-2 text-xs text-slate-600" data-testid="completion-definition">
        {t.trust.completionDef}
      </p>
      <UnknownNote n={unknownRows.tasks} t={t} testId="chart-completion-unknown" tab="任务" />
    </ChartCard>
  );
}

export async function VisitsByMonthWidget({ year, unit, t }: Props) {
  const { charts, today, year: shown, unknownRows } = await loadSummary(year, unit);
  // Months still ahead are not zero: they have not happened yet.
  const lastMonth = Number(today.slice(0, 4)) === shown ? Number(today.slice(5, 7)) : 12;
  const rows = charts.visitsByMonth
    .filter((m) => m.month <= lastMonth)
    .map((m) => ({ month: t.months[m.month - 1] ?? String(m.month), n: m.month, count: m.count, suggestions: m.suggestions, solved: m.solved }));
  const empty = rows.every((r) => r.count === 0);
  return (
    <ChartCard title={t.overview.charts.visitsByMonth} empty={empty} emptyText={t.overview.charts.empty} testId="chart-visits-by-month">
      <VisitsByMonthChart
        base={drillQuery(shown, unit).base}
        rows={rows}
        labels={{ count: t.overview.cards.visits, suggestions: t.overview.cards.suggestions, solved: t.overview.cards.solved }}
      />
      <UnknownNote n={unknownRows.visits} t={t} testId="chart-visits-unknown" tab="走访" />
    </ChartCard>
  );
}

export async function ScoreRankingWidget({ year, unit, locale, t }: Props) {
  const { charts, figures, year: shown } = await loadSummary(year, unit);
  // loadSummary has already kept only what the role may see: score figures are null unless the whole ranking is.
  const withheld = figures.scores === null;
  const rows = charts.ranking
    .filter((r) => r.total !== null)
    .map((r) => ({
      unit: r.unit,
      total: r.total ?? 0,
      grade: r.grade,
      label: `${formatNumber(locale, r.total ?? 0, 1)} ${r.grade ? (t.enums.grade[r.grade] ?? r.grade) : t.overview.cards.incomplete}${r.capped ? "*" : ""}`,
    }));
  return (
    <ChartCard
      title={t.overview.charts.ranking}
      empty={rows.length === 0}
      emptyText={withheld ? t.overview.charts.rankingWithheld : t.overview.charts.empty}
      testId="chart-ranking"
    >
      <ScoreRankingChart base={drillQuery(shown).base} rows={rows} name={t.overview.cards.scoreAverage} />
      <p className="mt-2 text-xs text-slate-600">{withheld ? t.overview.charts.rankingOwnUnit : t.overview.charts.rankingNote}</p>
    </ChartCard>
  );
}
