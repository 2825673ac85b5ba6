import {
  RANKING_PAGE_SIZE,
  RED_LIST_PAGE_SIZE,
  deltaTone,
  pageOf,
  type HeadlineFigure,
  type RankedUnit,
  type ScreenData,
  type Slide,
} from "@/lib/domain/screen";
import type { Grade } from "@/lib/schema/settings";
import { formatNumber, type Locale, type Messages } from "@/lib/i18n";
import { dayText, deltaText, fullDayText, figureUnit, figureValue, percentText } from "./format";
import { VisitsChart } from "./visits-chart";

/**
 * The slides' content, shared by the running show and the printed pack. No hooks and no
 * browser APIs: the same markup renders on the server for print and in the client show.
 */

export interface SlideProps {
  slide: Slide;
  data: ScreenData;
  locale: Locale;
  t: Messages;
}

export function slideTitle(slide: Slide, t: Messages): string {
  const title = t.screen.slides[slide.kind];
  return slide.pages > 1 ? `${title}${t.screen.page(slide.page + 1, slide.pages)}` : title;
}

export function SlideBody(props: SlideProps) {
  switch (props.slide.kind) {
    case "headline":
      return <HeadlineSlide {...props} />;
    case "keyTasks":
      return <KeyTasksSlide {...props} />;
    case "redList":
      return <RedListSlide {...props} />;
    case "visits":
      return <VisitsSlide {...props} />;
    case "ranking":
      return <RankingSlide {...props} />;
    case "meetings":
      return <MeetingsSlide {...props} />;
  }
}

function Empty({ text }: { text: string }) {
  return <p className="flex h-full items-center justify-center text-[3rem] text-(--s-muted)">{text}</p>;
}

// ---------------------------------------------------------------------------

const TONE_CLASS = { good: "text-(--s-good)", bad: "text-(--s-bad)", flat: "text-(--s-faint)" } as const;

function FigureCard({ figure, locale, t }: { figure: HeadlineFigure; locale: Locale; t: Messages }) {
  const tone = deltaTone(figure);
  const delta = deltaText(figure, locale, t);
  const spoken = figure.delta === null ? "" : figure.delta === 0 ? t.screen.unchanged : `${figure.delta > 0 ? t.screen.up : t.screen.down} ${delta.slice(2)}`;
  return (
    <div className="flex flex-col justify-between rounded-[1.25rem] bg-(--s-panel) px-[2rem] py-[1.75rem]" data-testid={`figure-${figure.key}`}>
      <p className="text-[2rem] leading-tight text-(--s-muted)">{t.screen.headline[figure.key]}</p>
      <p className="mt-[0.5rem] whitespace-nowrap font-bold tabular-nums leading-none">
        <span className="text-[5.5rem]" data-testid={`figure-${figure.key}-value`}>
          {figureValue(figure, locale)}
        </span>
        <span className="ml-[0.4rem] text-[2.25rem] font-semibold text-(--s-muted)">{figureUnit(figure, t)}</span>
      </p>
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the wall screen is watched, not read aloud; kept as is until the screen gets a spoken summary */}
      <p
        className={`mt-[0.75rem] min-h-[2.5rem] whitespace-nowrap text-[2rem] font-semibold tabular-nums ${TONE_CLASS[tone]}`}
        data-testid={`figure-${figure.key}-delta`}
        aria-label={spoken || undefined}
      >
        {delta}
      </p>
    </div>
  );
}

function HeadlineSlide({ data, locale, t }: SlideProps) {
  const tasks = data.headline.slice(0, 5);
  const visits = data.headline.slice(5);
  return (
    <div className="flex h-full flex-col">
      <p className="mb-[1.5rem] text-[2rem] text-(--s-muted)" data-testid="baseline">
        {data.baseline ? t.screen.since(fullDayText(data.baseline.date, locale)) : t.screen.noBaseline}
      </p>
      {data.unknown.rows > 0 && (
        <p className="-mt-[1rem] mb-[1rem] text-[1.75rem] font-semibold text-(--s-bad)" data-testid="screen-unknown-note">
          ⚠ {t.trust.note(data.unknown.rows)}
        </p>
      )}
      <div className="grid flex-1 grid-cols-5 grid-rows-2 gap-[2rem]">
        {[...tasks, ...visits].map((f) => (
          <FigureCard key={f.key} figure={f} locale={locale} t={t} />
        ))}
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------

const SEGMENTS = ["done", "green", "yellow", "red", "unknown", "cancelled"] as const;

function Legend({ t }: { t: Messages }) {
  return (
    <ul className="flex flex-wrap gap-x-[2.5rem] gap-y-[0.5rem] text-[1.75rem] text-(--s-muted)">
      {SEGMENTS.map((s) => (
        <li key={s} className="flex items-center gap-[0.6rem]">
          <span className="inline-block size-[1.5rem] rounded-[0.3rem]" style={{ background: `var(--s-${s})` }} aria-hidden />
          {t.status[s]}
        </li>
      ))}
    </ul>
  );
}

function KeyTasksSlide({ data, locale, t }: SlideProps) {
  if (data.keyTasks.length === 0) return <Empty text={t.screen.keyTasks.none} />;
  return (
    <div className="flex h-full flex-col">
      <Legend t={t} />
      <ul className="mt-[1.5rem] flex flex-1 flex-col justify-around">
        {data.keyTasks.map((k) => (
          <li key={k.keyTask} className="flex items-center gap-[2rem]" data-testid="key-task">
            <span className="w-[17rem] shrink-0 text-[2.4rem] font-semibold leading-tight">{k.keyTask}</span>
            <span className="flex h-[3.6rem] flex-1 overflow-hidden rounded-[0.6rem] bg-(--s-panel)">
              {SEGMENTS.map((s) => {
                const n = k[s];
                if (n === 0 || k.total === 0) return null;
                const share = (n / k.total) * 100;
                return (
                  <span
                    key={s}
                    className="flex items-center justify-center text-[1.75rem] font-bold text-(--s-on-bar)"
                    style={{ width: `${share}%`, background: `var(--s-${s})` }}
                    title={`${t.status[s]} ${n}`}
                  >
                    {share >= 5 ? n : ""}
                  </span>
                );
              })}
            </span>
            <span className="w-[16rem] shrink-0 text-right tabular-nums">
              <span className="text-[3rem] font-bold">{percentText(k.donePercent, locale)}</span>
              <span className="ml-[0.75rem] text-[1.75rem] text-(--s-muted)">{t.screen.keyTasks.doneOf(k.done, k.total - k.cancelled)}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

// ---------------------------------------------------------------------------

function RedListSlide({ slide, data, locale, t }: SlideProps) {
  if (data.redTasks.length === 0) return <Empty text={t.screen.redList.none} />;
  const rows = pageOf(data.redTasks, slide, RED_LIST_PAGE_SIZE);
  const l = t.screen.redList;
  return (
    <div className="flex h-full flex-col">
      <table className="w-full table-fixed border-collapse text-left">
        <colgroup>
          <col className="w-auto" />
          <col className="w-[16.5rem]" />
          <col className="w-[9rem]" />
          <col className="w-[12.5rem]" />
          <col className="w-[7rem]" />
          <col className="w-[22rem]" />
        </colgroup>
        <thead>
          <tr className="border-b-2 border-(--s-line) text-[1.75rem] text-(--s-muted)">
            <th className="py-[0.75rem] font-semibold">{l.task}</th>
            <th className="font-semibold">{l.leadUnit}</th>
            <th className="font-semibold">{l.owner}</th>
            <th className="font-semibold">{l.due}</th>
            <th className="text-right font-semibold">{l.progress}</th>
            <th className="pl-[2rem] font-semibold">{l.state}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-(--s-line) align-middle" data-testid="red-task">
              <td className="py-[0.8rem] pr-[1.5rem]">
                <p className="text-[1.5rem] text-(--s-faint)">
                  {r.keyTask} · {r.id}
                </p>
                <p className="line-clamp-2 text-[2.1rem] font-semibold leading-snug">{r.title}</p>
              </td>
              <td className="pr-[1rem] text-[2rem]">{r.leadUnit}</td>
              <td className="text-[2rem]">{r.owner ?? "—"}</td>
              <td className="text-[2rem] tabular-nums">{r.due}</td>
              <td className="text-right text-[2rem] tabular-nums">{formatNumber(locale, r.progress)}%</td>
              <td className="whitespace-nowrap pl-[2rem] text-[2rem] font-bold text-(--s-red)">
                {r.overdueDays !== null ? l.overdue(r.overdueDays) : l.behind(r.behind)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-auto pt-[1rem] text-right text-[1.75rem] text-(--s-muted)">{l.count(data.redTasks.length)}</p>
    </div>
  );
}

// ---------------------------------------------------------------------------

function Total({ label, value, color, testId }: { label: string; value: string; color?: string; testId?: string }) {
  return (
    <div className="rounded-[1.25rem] bg-(--s-panel) px-[2rem] py-[1rem]">
      <p className="flex items-center gap-[0.75rem] text-[1.9rem] text-(--s-muted)">
        {color && <span className="inline-block size-[1.4rem] rounded-full" style={{ background: color }} aria-hidden />}
        {label}
      </p>
      <p className="text-[4.25rem] font-bold leading-tight tabular-nums" data-testid={testId}>
        {value}
      </p>
    </div>
  );
}

function VisitsSlide({ data, locale, t }: SlideProps) {
  const v = t.screen.visits;
  if (data.visits.months.length === 0 || data.visits.count === 0) return <Empty text={v.none} />;
  return (
    <div className="flex h-full gap-[3rem]">
      <div className="flex min-w-0 flex-1 flex-col">
        <ul className="flex gap-[2.5rem] text-[1.75rem] text-(--s-muted)">
          <li className="flex items-center gap-[0.6rem]">
            <span className="inline-block h-[1.5rem] w-[2rem] rounded-[0.2rem] bg-(--s-visits)" aria-hidden />
            {v.visits}
          </li>
          <li className="flex items-center gap-[0.6rem]">
            <span className="inline-block h-[0.4rem] w-[2.5rem] bg-(--s-suggestions)" aria-hidden />
            {v.suggestions}
          </li>
          <li className="flex items-center gap-[0.6rem]">
            <span className="inline-block h-[0.4rem] w-[2.5rem] border-t-[0.4rem] border-dashed border-(--s-solved)" aria-hidden />
            {v.solved}
          </li>
          {data.coverage && (
            <li className="ml-auto whitespace-nowrap" data-testid="screen-coverage">
              {t.followThrough.coverage}（{t.followThrough.quarter}）
              <b className="ml-[0.5rem] text-(--s-fg) tabular-nums">
                {percentText(data.coverage.quarter.rate === null ? null : data.coverage.quarter.rate * 100, locale, 1)} · {data.coverage.quarter.met}/
                {data.coverage.quarter.active}
              </b>
            </li>
          )}
        </ul>
        <div className="min-h-0 flex-1 pt-[1rem]" data-testid="visits-chart">
          <VisitsChart months={data.visits.months} monthNames={t.months} labels={v} />
        </div>
      </div>
      <div className="flex w-[26rem] shrink-0 flex-col gap-[1rem]">
        <p className="text-[1.9rem] font-semibold leading-none text-(--s-muted)">{v.total}</p>
        <Total label={v.visits} value={formatNumber(locale, data.visits.count)} color="var(--s-visits)" testId="visits-total" />
        <Total label={v.suggestions} value={formatNumber(locale, data.visits.suggestions)} color="var(--s-suggestions)" />
        <Total label={v.solved} value={formatNumber(locale, data.visits.solved)} color="var(--s-solved)" />
        <Total label={v.solveRate} value={percentText(data.visits.solveRate === null ? null : data.visits.solveRate * 100, locale, 1)} />
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------

const GRADE_COLOR: Record<Grade, string> = { 好: "var(--s-green)", 较好: "var(--s-done)", 一般: "var(--s-yellow)", 差: "var(--s-red)" };

function RankingRow({ row, locale, t }: { row: RankedUnit; locale: Locale; t: Messages }) {
  const color = row.grade ? GRADE_COLOR[row.grade] : "var(--s-cancelled)";
  return (
    <li className="flex h-[3.8rem] items-center gap-[1rem]" data-testid="ranked-unit">
      <span className="w-[3.5rem] shrink-0 text-right text-[2rem] font-bold tabular-nums text-(--s-muted)">{row.rank}</span>
      <span className="w-[15rem] shrink-0 truncate text-[2rem]">{row.unit}</span>
      <span className="relative h-[2.4rem] flex-1 rounded-[0.4rem] bg-(--s-panel)">
        <span
          className="absolute inset-y-0 left-0 rounded-[0.4rem]"
          style={{ width: `${Math.max(0, Math.min(100, row.total ?? 0))}%`, background: color, opacity: row.incomplete ? 0.55 : 1 }}
        />
      </span>
      <span className="w-[6.5rem] shrink-0 text-right text-[2.1rem] font-bold tabular-nums">
        {row.total === null ? "—" : formatNumber(locale, row.total, 1)}
      </span>
      <span className="w-[10rem] shrink-0 whitespace-nowrap text-[1.9rem] font-semibold" style={{ color: row.incomplete ? "var(--s-faint)" : color }}>
        {row.incomplete ? t.screen.ranking.incomplete : `${row.grade ?? "—"}${row.capped ? "*" : ""}`}
      </span>
    </li>
  );
}

function RankingSlide({ slide, data, locale, t }: SlideProps) {
  const r = t.screen.ranking;
  if (data.ranking.length === 0) return <Empty text={r.none} />;
  const rows = pageOf(data.ranking, slide, RANKING_PAGE_SIZE);
  const half = Math.ceil(rows.length / 2);
  const scores = data.scores;
  return (
    <div className="flex h-full flex-col">
      {scores && (
        <p className="flex flex-wrap gap-x-[2.5rem] text-[2rem] text-(--s-muted)">
          <span>
            {r.average} <b className="text-[2.4rem] text-(--s-fg) tabular-nums">{scores.average === null ? "—" : formatNumber(locale, scores.average, 2)}</b>
          </span>
          {(Object.keys(scores.grades) as Grade[]).map((g) => (
            <span key={g}>
              <span style={{ color: GRADE_COLOR[g] }}>■</span> {g} <b className="text-(--s-fg) tabular-nums">{scores.grades[g]}</b>
            </span>
          ))}
          {scores.incomplete > 0 && (
            <span>
              {r.incomplete} <b className="text-(--s-fg) tabular-nums">{scores.incomplete}</b>
            </span>
          )}
        </p>
      )}
      <div className="mt-[1.25rem] grid flex-1 grid-cols-2 gap-x-[4rem]">
        {[rows.slice(0, half), rows.slice(half)].map((col, i) => (
          <ol key={i} className="flex flex-col">
            {col.map((row) => (
              <RankingRow key={row.unit} row={row} locale={locale} t={t} />
            ))}
          </ol>
        ))}
      </div>
      {data.ranking.some((u) => u.capped) && <p className="text-[1.6rem] text-(--s-faint)">{r.capped}</p>}
    </div>
  );
}

// ---------------------------------------------------------------------------

function MeetingsSlide({ data, locale, t }: SlideProps) {
  const m = t.screen.meetings;
  return (
    <div className="flex h-full gap-[3rem]">
      <div className="grid w-[52rem] shrink-0 grid-cols-2 gap-[1.75rem]">
        {data.meetings.counts.map((c) => (
          <div key={c.kind} className="flex flex-col justify-between rounded-[1.25rem] bg-(--s-panel) px-[2rem] py-[1.5rem]" data-testid={`meetings-${c.kind}`}>
            <p className="text-[2.2rem] text-(--s-muted)">{c.kind}</p>
            <p className="font-bold tabular-nums leading-none">
              <span className="text-[6rem]">{c.count}</span>
              <span className="ml-[0.5rem] text-[2.2rem] text-(--s-muted)">{m.times}</span>
              {c.required != null && (
                <span className="ml-[1rem] text-[2rem] text-(--s-muted)" data-testid="screen-meetings-required">
                  / {t.followThrough.meetingsRequiredOf(c.required, c.count).split(" · ")[0]}
                </span>
              )}
            </p>
          </div>
        ))}
        <p className="col-span-2 text-[2.2rem] text-(--s-muted)">
          {m.total} <b className="text-[3rem] text-(--s-fg) tabular-nums">{data.meetings.total}</b> {m.times}
        </p>
      </div>
      <div className="flex min-w-0 flex-1 flex-col">
        <p className="mb-[1rem] text-[2rem] font-semibold text-(--s-muted)">{m.latest}</p>
        {data.meetings.latest.length === 0 ? (
          <Empty text={m.none} />
        ) : (
          <ol className="flex flex-1 flex-col justify-start gap-[1.25rem]">
            {data.meetings.latest.map((meeting) => (
              <li key={meeting.id} className="border-l-[0.5rem] border-(--s-brand) pl-[1.5rem]">
                <p className="text-[1.9rem] text-(--s-muted)">
                  <span className="tabular-nums">{dayText(meeting.date, locale)}</span> · <span className="font-semibold text-(--s-fg)">{meeting.kind}</span>
                  {meeting.chair && <> · {meeting.chair}</>}
                </p>
                {meeting.topics && <p className="line-clamp-2 text-[2rem] leading-snug">{meeting.topics}</p>}
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
