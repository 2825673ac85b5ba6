import Link from "next/link";
import { loadOverviewExtras } from "@/lib/data/overview";
import { loadSummary } from "@/lib/data/summary";
import type { HeadlineFigure, HeadlineKey } from "@/lib/domain/screen";
import { formatNumber, formatPercent, type Locale, type Messages } from "@/lib/i18n";
import { drillQuery } from "./drill";

/** ▲ 3 / ▼ 2 / ＝ since the last meeting snapshot, green when good news and red when bad. */
function Delta({ figure, t, locale, testId }: { figure?: HeadlineFigure; t: Messages; locale: Locale; testId: string }) {
  if (!figure || figure.delta === null) return null;
  const d = figure.delta;
  const good = d !== 0 && d > 0 === (figure.better === "up");
  const size = formatNumber(locale, Math.abs(d), figure.kind === "percent" ? 1 : 0);
  const text = d === 0 ? t.daily.flat : `${d > 0 ? "▲" : "▼"} ${figure.kind === "percent" ? t.daily.points(size) : size}`;
  return (
    <span
      className={`ml-2 whitespace-nowrap text-xs font-semibold ${d === 0 ? "text-slate-500" : good ? "text-green-700" : "text-red-700"}`}
      data-testid={`${testId}-delta`}
      title={t.daily.deltaTitle}
    >
      {text}
    </span>
  );
}

/** A headline card whose label and figure link to the rows behind it. */
function Card({
  label,
  value,
  detail,
  testId,
  tone,
  href,
  delta,
}: {
  label: string;
  value: string;
  detail?: React.ReactNode;
  testId: string;
  tone?: "red" | "default";
  href?: string;
  delta?: React.ReactNode;
}) {
  const figure = (
    <>
      <span className="block text-sm text-slate-600">{label}</span>
      <span className="mt-1 flex flex-wrap items-baseline">
        <span className={`text-3xl font-bold tabular-nums ${tone === "red" ? "text-red-700" : "text-slate-900"}`} data-testid={`${testId}-value`}>
          {value}
        </span>
        {delta}
      </span>
    </>
  );
  return (
    <div className="card min-w-0 p-4" data-testid={testId}>
      {href ? (
        <Link href={href} className="-m-1 block rounded-md p-1 hover:bg-slate-50 focus-visible:outline-2" data-testid={`${testId}-link`}>
          {figure}
        </Link>
      ) : (
        figure
      )}
      {detail && <div className="mt-1 text-xs text-slate-600">{detail}</div>}
    </div>
  );
}

/** 「另有 N 条数据待核实」 under a figure that could not use every row, linking to those rows. */
export function UnknownNote({ n, t, testId, tab }: { n: number; t: Messages; testId: string; tab?: string }) {
  if (n <= 0) return null;
  return (
    <Link
      href={tab ? `/data-health#${encodeURIComponent(`tab-${tab}`)}` : "/data-health"}
      className="mt-1 block text-xs font-medium text-amber-800 underline"
      data-testid={testId}
    >
      ⚠ {t.trust.note(n)}
    </Link>
  );
}

function Light({ color, label, n, href }: { color: string; label: string; n: number; href: string }) {
  return (
    <Link href={href} className="mr-3 inline-flex items-center gap-1 whitespace-nowrap hover:underline">
      <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: color }} />
      {label} <b className="tabular-nums">{n}</b>
    </Link>
  );
}

export async function HeadlineCards({ year, unit, locale, t }: { year?: number; unit?: string; locale: Locale; t: Messages }) {
  const [{ figures: f, unknown, unknownRows, year: shown }, extras] = await Promise.all([loadSummary(year, unit), loadOverviewExtras(year, unit)]);
  const q = drillQuery(shown, unit);
  const fig = (key: HeadlineKey) => extras.headline.find((h) => h.key === key);
  const delta = (key: HeadlineKey, testId: string) => <Delta figure={fig(key)} t={t} locale={locale} testId={testId} />;
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
          href={`/tasks${q.tasks}`}
          delta={delta("donePercent", "card-tasks")}
          detail={
            <>
              {`${c.done} ${n(f.tasks.done)} · ${c.donePercent} ${f.tasks.donePercent === null ? "—" : formatPercent(locale, f.tasks.donePercent / 100)}`}
              <span className="block" data-testid="card-on-time">
                {`${t.trust.onTime} ${f.tasks.onTimePercent === null ? "—" : formatPercent(locale, f.tasks.onTimePercent / 100)}`}
                {f.tasks.doneLate > 0 && ` · ${t.daily.doneLate} ${n(f.tasks.doneLate)}`}
              </span>
              <UnknownNote n={unknownRows.tasks} t={t} testId="card-tasks-unknown" tab="任务" />
            </>
          }
        />
        <Card
          testId="card-overdue"
          label={c.overdue}
          value={n(f.tasks.overdue)}
          tone={f.tasks.overdue > 0 ? "red" : "default"}
          href={`/tasks${q.tasks}${q.tasks ? "&" : "?"}overdue=1`}
          delta={delta("overdue", "card-overdue")}
        />
        <Card
          testId="card-lights"
          label={c.lights}
          value={`${n(f.tasks.red)} / ${n(f.tasks.yellow)} / ${n(f.tasks.green)}`}
          href={`/tasks${q.tasks}${q.tasks ? "&" : "?"}light=red`}
          delta={delta("red", "card-lights")}
          detail={
            <>
              <Light color="#b91c1c" label={c.red} n={f.tasks.red} href={`/tasks${q.tasks}${q.tasks ? "&" : "?"}light=red`} />
              <Light color="#d97706" label={c.yellow} n={f.tasks.yellow} href={`/tasks${q.tasks}${q.tasks ? "&" : "?"}light=yellow`} />
              <Light color="#15803d" label={c.green} n={f.tasks.green} href={`/tasks${q.tasks}${q.tasks ? "&" : "?"}light=green`} />
              {unknown["tasks.light"] > 0 && (
                <Light
                  color="#64748b"
                  label={`? ${t.trust.unknownLight}`}
                  n={unknown["tasks.light"]}
                  href={`/tasks${q.tasks}${q.tasks ? "&" : "?"}light=unknown`}
                />
              )}
            </>
          }
        />
        {scores && (
          <Card
            testId="card-scores"
            label={c.scoreAverage}
            value={scores.average === null ? "—" : formatNumber(locale, scores.average, 1)}
            href={`/scores${q.scores}`}
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
        <Card testId="card-visits" label={c.visits} value={n(f.visits.count)} href={`/visits${q.visits}`} delta={delta("visits", "card-visits")} />
        <Card
          testId="card-suggestions"
          label={c.suggestions}
          value={n(f.visits.suggestions)}
          href={`/visits${q.visits}${q.visits ? "&" : "?"}sort=-suggestions`}
          delta={delta("suggestions", "card-suggestions")}
          detail={<UnknownNote n={unknown["visits.suggestions"]} t={t} testId="card-suggestions-unknown" tab="走访" />}
        />
        <Card
          testId="card-solved"
          label={c.solved}
          value={n(f.visits.solved)}
          href={`/visits${q.visits}${q.visits ? "&" : "?"}sort=-solved`}
          delta={delta("solved", "card-solved")}
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
          href={`/meetings${q.meetings}`}
          delta={delta("meetings", "card-meetings")}
          detail={
            <ul>
              {Object.entries(f.meetings)
                .filter(([kind, k]) => kind !== "其他" || k > 0)
                .map(([kind, k]) => (
                  <li key={kind} data-testid={`meetings-${kind}`}>
                    <Link
                      href={`/meetings${q.meetings}${q.meetings ? "&" : "?"}kind=${encodeURIComponent(kind)}`}
                      className="flex justify-between gap-2 hover:underline"
                    >
                      <span className="truncate">{kind}</span>
                      <b className="tabular-nums">{k}</b>
                    </Link>
                  </li>
                ))}
            </ul>
          }
        />
      </div>
      {!unit && (
        <p className="text-xs text-slate-600" data-testid="baseline-note">
          {extras.baseline ? t.daily.since(extras.baseline.date) : t.daily.noBaseline}
        </p>
      )}
      {unknown.noYear > 0 && (
        <Link href="/data-health" className="block text-sm font-medium text-amber-800 underline" data-testid="no-year-note">
          ⚠ {t.trust.noYear(unknown.noYear)}
        </Link>
      )}
    </div>
  );
}
