import Link from "next/link";
import { loadSummary } from "@/lib/data/summary";
import { formatNumber, formatPercent, type Locale, type Messages } from "@/lib/i18n";

function Card({ label, value, detail, testId, tone }: { label: string; value: string; detail?: React.ReactNode; testId: string; tone?: "red" | "default" }) {
  return (
    <div className="card min-w-0 p-4" data-testid={testId}>
      <p className="text-sm text-slate-600">{label}</p>
      <p className={`mt-1 text-3xl font-bold tabular-nums ${tone === "red" ? "text-red-700" : "text-slate-900"}`} data-testid={`${testId}-value`}>
        {value}
      </p>
      {detail && <div className="mt-1 text-xs text-slate-600">{detail}</div>}
    </div>
  );
}

/** 「另有 N 条数据待核实」 under a figure that could not use every row, linking to those rows. */
export function UnknownNote({ n, t, testId, tab }: { n: number; t: Messages; testId: string; tab?: string }) {
  if (n <= 0) return null;
  return (
    <Link href={tab ? `/data-health#${encodeURIComponent(`tab-${tab}`)}` : "/data-health"} className="mt-1 block text-xs font-medium text-amber-800 underline" data-testid={testId}>
      ⚠ {t.trust.note(n)}
    </Link>
  );
}

function Light({ color, label, n }: { color: string; label: string; n: number }) {
  return (
    <span className="mr-3 inline-flex items-center gap-1 whitespace-nowrap">
      <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: color }} />
      {label} <b className="tabular-nums">{n}</b>
    </span>
  );
}

export async function HeadlineCards({ year, locale, t }: { year?: number; locale: Locale; t: Messages }) {
  const { figures: f, unknown, unknownRows } = await loadSummary(year);
  // Null when the viewer's role sees no ranking (loadSummary withholds it): the card is left out.
  const scores = f.scores;
  const c = t.overview.cards;
  const n = (x: number) => formatNumber(locale, x);
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Card
          testId="card-tasks"
          label={c.tasks}
          value={n(f.tasks.total)}
          detail={
            <>
              {`${c.done} ${n(f.tasks.done)} · ${c.donePercent} ${f.tasks.donePercent === null ? "—" : formatPercent(locale, f.tasks.donePercent / 100)}`}
              <UnknownNote n={unknownRows.tasks} t={t} testId="card-tasks-unknown" tab="任务" />
            </>
          }
        />
        <Card testId="card-overdue" label={c.overdue} value={n(f.tasks.overdue)} tone={f.tasks.overdue > 0 ? "red" : "default"} />
        <Card
          testId="card-lights"
          label={c.lights}
          value={`${n(f.tasks.red)} / ${n(f.tasks.yellow)} / ${n(f.tasks.green)}`}
          detail={
            <>
              <Light color="#b91c1c" label={c.red} n={f.tasks.red} />
              <Light color="#d97706" label={c.yellow} n={f.tasks.yellow} />
              <Light color="#15803d" label={c.green} n={f.tasks.green} />
              {unknown["tasks.light"] > 0 && <Light color="#64748b" label={`? ${t.trust.unknownLight}`} n={unknown["tasks.light"]} />}
            </>
          }
        />
        {scores && (
          <Card
            testId="card-scores"
            label={c.scoreAverage}
            value={scores.average === null ? "—" : formatNumber(locale, scores.average, 1)}
            detail={
              <>
                {Object.entries(scores.grades).map(([g, k]) => (
                  <span key={g} className="mr-2 whitespace-nowrap">
                    {g} <b className="tabular-nums">{k}</b>
                  </span>
                ))}
                {scores.incomplete > 0 && (
                  <span className="whitespace-nowrap">
                    {c.incomplete} <b className="tabular-nums">{scores.incomplete}</b>
                  </span>
                )}
                <UnknownNote n={unknownRows.scores} t={t} testId="card-scores-unknown" tab="考核" />
              </>
            }
          />
        )}
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Card testId="card-visits" label={c.visits} value={n(f.visits.count)} />
        <Card testId="card-suggestions" label={c.suggestions} value={n(f.visits.suggestions)} detail={<UnknownNote n={unknown["visits.suggestions"]} t={t} testId="card-suggestions-unknown" tab="走访" />} />
        <Card
          testId="card-solved"
          label={c.solved}
          value={n(f.visits.solved)}
          detail={
            <>
              <span title={t.trust.solveRateDef}>{`${c.solveRate} ${formatPercent(locale, f.visits.solveRate)}`}</span>
              <span className="mt-0.5 block text-[11px] leading-snug text-slate-500" data-testid="solve-rate-definition">
                {t.trust.solveRateDef}
              </span>
              <UnknownNote n={unknown["visits.solved"]} t={t} testId="card-solved-unknown" tab="走访" />
            </>
          }
        />
        <Card
          testId="card-meetings"
          label={c.meetings}
          value={n(Object.values(f.meetings).reduce((a, b) => a + b, 0))}
          detail={
            <ul>
              {Object.entries(f.meetings)
                .filter(([kind, k]) => kind !== "其他" || k > 0)
                .map(([kind, k]) => (
                  <li key={kind} className="flex justify-between gap-2" data-testid={`meetings-${kind}`}>
                    <span className="truncate">{kind}</span>
                    <b className="tabular-nums">{k}</b>
                  </li>
                ))}
            </ul>
          }
        />
      </div>
      {unknown.noYear > 0 && (
        <Link href="/data-health" className="block text-sm font-medium text-amber-800 underline" data-testid="no-year-note">
          ⚠ {t.trust.noYear(unknown.noYear)}
        </Link>
      )}
    </div>
  );
}
