import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { unitDetail, type AnnualScoreRow } from "@/lib/data/views";
import { SCORE_METHOD_KEYS as METHOD_KEYS } from "@/lib/domain";
import { formatNumber, formatPercent, type Locale, type Messages } from "@/lib/i18n";
import { SCORE_METHODS } from "@/lib/schema/tabs";
import { currentMessages } from "@/app/_lib/locale";
import { DataTable } from "@/app/_components/table/data-table";
import { Notice, PageHeader, parseYear, Section, Stat, type PageQuery } from "@/app/_components/table/page-parts";
import { UnitTodoSection } from "./unit-todo";
import type { TableColumn } from "@/app/_components/table/types";
import { YearSelect } from "@/app/_components/table/year-select";
import { gradeLabels, methodLabels } from "../../scores/columns";
import { TASK_DEFAULT_SORT, taskColumns } from "../../tasks/columns";
import { VISIT_DEFAULT_SORT, visitColumns } from "../../visits/columns";
import { CoverageCards, MissingVisitsList } from "@/app/_components/follow-through/coverage";
import { RectificationList } from "@/app/_components/follow-through/rectifications";
import { parsePeriod } from "@/lib/data/follow-through";

type Params = Promise<{ name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

function unitTaskColumns(t: Messages): TableColumn[] {
  const [id, ...rest] = taskColumns(t);
  const role: TableColumn = {
    key: "role",
    header: t.units.role,
    kind: "enum",
    width: 80,
    labels: { lead: t.units.lead, partner: t.units.partner },
    order: ["lead", "partner"],
    filter: {
      kind: "select",
      options: [
        { value: "lead", label: t.units.lead },
        { value: "partner", label: t.units.partner },
      ],
    },
  };
  // The unit is known here, so its name in 责任人's place leaves room for the role column.
  const columns = (id ? [id, role, ...rest] : rest).map((c) => (c.key === "owner" ? { ...c, hidden: true } : c));
  return columns;
}

function ScoreCard({ score, rankedUnits, t, locale }: { score: AnnualScoreRow; rankedUnits: number; t: Messages; locale: Locale }) {
  const grades = gradeLabels(t);
  return (
    <div className="space-y-3" data-testid="unit-score">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <p className="text-3xl font-bold tabular-nums">{score.total === null ? "—" : formatNumber(locale, score.total, 2)}</p>
        <p className="text-lg font-semibold">{grades[score.grade] ?? score.grade}</p>
        <p className="text-sm text-slate-600">{t.scores.rank(score.rank, rankedUnits)}</p>
      </div>
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        {SCORE_METHODS.map((m) => {
          const mean = score[METHOD_KEYS[m.label]];
          return (
            <div key={m.key} className="rounded-md border border-slate-200 p-2">
              <dt className="text-slate-600">{t.scores.col[METHOD_KEYS[m.label]]}</dt>
              <dd className={`text-lg font-semibold tabular-nums ${mean === null ? "text-red-700" : ""}`}>
                {mean === null ? t.scores.incomplete : formatNumber(locale, mean, 2)}
              </dd>
            </div>
          );
        })}
      </dl>
      {score.capped && <Notice>{t.scores.cappedExplain(score.unit, score.accountabilityIds.join("、"))}</Notice>}
      {score.incomplete && <Notice>{t.scores.incompleteExplain(score.unit, score.missing.map((m) => methodLabels(t)[m] ?? m).join("、"))}</Notice>}
    </div>
  );
}

function Card({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="card space-y-3 p-4" aria-label={title} data-testid={testId}>
      <h2 className="text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export default async function UnitPage({ params, searchParams }: { params: Params; searchParams: Promise<PageQuery> }) {
  const viewer = await requirePageAccess("tasks.read", "/tasks");
  const name = decodeURIComponent((await params).name);
  const query = await searchParams;
  const { locale, t } = await currentMessages();
  const u = await unitDetail(viewer, name, parseYear(query.year));
  if (!u) {
    return (
      <div className="mx-auto max-w-3xl">
        <div className="card p-8 text-center">
          <h1 className="text-xl font-semibold">{t.units.notFound}</h1>
          <p className="mt-2 text-slate-600">{t.units.notFoundBody(name)}</p>
        </div>
      </div>
    );
  }
  const n = (x: number) => formatNumber(locale, x);
  const lead = u.tasks.filter((x) => x.role === "lead");
  const grades = gradeLabels(t);
  const gradeStat = (
    <Stat
      testId="unit-grade"
      label={t.scores.col.grade}
      value={u.score ? (grades[u.score.grade] ?? u.score.grade) : "—"}
      detail={u.score?.total != null ? `${t.scores.col.total} ${formatNumber(locale, u.score.total, 2)}` : undefined}
    />
  );
  // Each figure opens its rows on the table pages, filtered to this unit and year.
  const drill = new URLSearchParams({ year: String(u.year), unit: u.name }).toString();
  const intro = [u.info?.kind, u.info?.parent && `${t.units.parent}：${u.info.parent}`].filter(Boolean).join(" · ");

  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader title={u.name} intro={intro || undefined} year={<YearSelect years={u.years} year={u.year} label={t.tables.year} />} />

      <Section fallback={<div className="skeleton h-40" />} failed={t.tables.failed}>
        <UnitTodoSection viewer={viewer} name={u.name} year={u.year} locale={locale} t={t} />
      </Section>

      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Link href="#unit-tasks" className="block rounded-xl hover:ring-2 hover:ring-slate-200" data-testid="unit-tasks-link">
          <Stat
            testId="unit-tasks"
            label={t.units.tasks}
            value={n(u.tasks.length)}
            detail={`${t.units.lead} ${n(lead.length)} · ${t.units.done} ${n(lead.filter((x) => x.state === "done").length)} · ${t.units.overdue} ${n(lead.filter((x) => x.overdue).length)}`}
          />
        </Link>
        <Link href={`/tasks?${drill}&light=red`} className="block rounded-xl hover:ring-2 hover:ring-slate-200" data-testid="unit-lights-link">
          <Stat
            testId="unit-lights"
            label={t.units.lightsSummary}
            value={`${n(lead.filter((x) => x.light === "red").length)} / ${n(lead.filter((x) => x.light === "yellow").length)} / ${n(lead.filter((x) => x.light === "green").length)}`}
            detail={`${t.tasks.light.red} / ${t.tasks.light.yellow} / ${t.tasks.light.green}（${t.units.lead}）${lead.some((x) => x.light === "unknown") ? ` · ${t.tasks.light.unknown} ${n(lead.filter((x) => x.light === "unknown").length)}` : ""}`}
          />
        </Link>
        <Link href={`/visits?${drill}`} className="block rounded-xl hover:ring-2 hover:ring-slate-200" data-testid="unit-visits-link">
          <Stat
            testId="unit-visits"
            label={t.visits.cards.count}
            value={u.visitTotals ? n(u.visitTotals.count) : "—"}
            detail={
              u.visitTotals
                ? `${t.visits.cards.suggestions} ${n(u.visitTotals.suggestions)} · ${t.visits.cards.solved} ${n(u.visitTotals.solved)} · ${formatPercent(locale, u.visitTotals.solveRate)}`
                : undefined
            }
          />
        </Link>
        {u.scoreVisible ? (
          <Link
            href={`/scores?${new URLSearchParams({ year: String(u.year), unit: u.name, "r.unit": u.name }).toString()}`}
            className="block rounded-xl hover:ring-2 hover:ring-slate-200"
            data-testid="unit-grade-link"
          >
            {gradeStat}
          </Link>
        ) : (
          gradeStat
        )}
      </div>

      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <Card title={t.units.score}>
          {!u.scoreVisible ? (
            <p className="text-sm text-slate-600">{t.units.scoreHidden}</p>
          ) : u.score ? (
            <ScoreCard score={u.score} rankedUnits={u.rankedUnits} t={t} locale={locale} />
          ) : (
            <p className="text-sm text-slate-600">{t.units.noScore(u.year)}</p>
          )}
        </Card>
        <Card title={t.units.facts}>
          <dl className="grid grid-cols-[5rem_1fr] gap-x-3 gap-y-1.5 text-sm">
            <dt className="text-slate-600">{t.units.id}</dt>
            <dd>{u.info?.id ?? "—"}</dd>
            <dt className="text-slate-600">{t.units.kind}</dt>
            <dd>{u.info?.kind ?? "—"}</dd>
            <dt className="text-slate-600">{t.units.parent}</dt>
            <dd>{u.info?.parent ?? "—"}</dd>
            <dt className="text-slate-600">{t.units.secretary}</dt>
            <dd>{u.info?.secretary ?? "—"}</dd>
            <dt className="text-slate-600">{t.units.contact}</dt>
            <dd>{u.info?.contact ?? "—"}</dd>
          </dl>
        </Card>
      </div>

      <CoverageCards viewer={viewer} locale={locale} t={t} unit={u.name} />
      <MissingVisitsList viewer={viewer} locale={locale} t={t} unit={u.name} period={parsePeriod(query.period)} />
      <RectificationList viewer={viewer} t={t} unit={u.name} />

      <section className="scroll-mt-4 space-y-2" aria-label={t.units.tasks} id="unit-tasks">
        <h2 className="text-lg font-semibold">{t.units.tasks}</h2>
        <DataTable
          title={t.units.tasks}
          rows={u.tasks}
          columns={unitTaskColumns(t)}
          rowKey="id"
          locale={locale}
          query={query}
          paramPrefix="t"
          defaultSort={TASK_DEFAULT_SORT}
          emptyText={t.units.noTasks(u.year)}
          exportName={t.units.tasksExportName(u.name, u.year)}
          today={u.today}
          testId="unit-tasks-table"
        />
      </section>

      <section className="space-y-2" aria-label={t.units.visits}>
        <h2 className="text-lg font-semibold">{t.units.visits}</h2>
        {u.visits === null ? (
          <Notice>{t.units.visitsHidden}</Notice>
        ) : (
          <DataTable
            title={t.units.visits}
            rows={u.visits}
            columns={visitColumns(t).filter((c) => c.key !== "unit")}
            rowKey="id"
            locale={locale}
            query={query}
            paramPrefix="v"
            defaultSort={VISIT_DEFAULT_SORT}
            detailKey="id"
            emptyText={t.units.noVisits(u.year)}
            exportName={t.units.visitsExportName(u.name, u.year)}
            today={u.today}
            testId="unit-visits-table"
          />
        )}
      </section>

      {u.accountability && (
        <Card title={t.units.accountability}>
          {u.accountability.length === 0 ? (
            <p className="text-sm text-slate-600">{t.units.noAccountability(u.year)}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {u.accountability.map((a) => (
                <li key={a.id} className="flex flex-wrap gap-x-4 gap-y-1 py-2">
                  <span className="font-mono">{a.id}</span>
                  <span className="tabular-nums text-slate-700">{a.date}</span>
                  {a.kind && <span>{a.kind}</span>}
                  {a.person && <span>{a.person}</span>}
                  <span className="min-w-0 text-slate-700">{a.reason}</span>
                  {a.taskId && (
                    <Link href={`/tasks/${encodeURIComponent(a.taskId)}`} className="text-blue-700 hover:underline">
                      {a.taskId}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </div>
  );
}
