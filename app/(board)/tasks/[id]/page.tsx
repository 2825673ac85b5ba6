import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { requirePageAccess } from "@/lib/auth/access";
import { PendingWritesPanel } from "@/app/_components/journal/journal-panels";
import { taskDetail, type TaskRow } from "@/lib/data/views";
import { daysBetween } from "@/lib/domain/dates";
import { formatNumber, type Locale, type Messages } from "@/lib/i18n";
import { currentMessages } from "@/app/_lib/locale";
import { PageHeader } from "@/app/_components/table/page-parts";
import { TaskProgressSection } from "@/app/_components/forms/sections";
import { UrgePanel } from "./urge-panel";

type Params = Promise<{ id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: `${decodeURIComponent((await params).id)} · ${t.tasks.title}` };
}

const LIGHT = {
  red: { box: "border-red-200 bg-red-50 text-red-800", icon: "✕" },
  yellow: { box: "border-amber-200 bg-amber-50 text-amber-900", icon: "!" },
  green: { box: "border-green-200 bg-green-50 text-green-800", icon: "✓" },
  unknown: { box: "border-slate-400 bg-slate-100 text-slate-800", icon: "?" },
} as const;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[6.5rem_1fr] gap-2 py-1.5">
      <dt className="text-slate-600">{label}</dt>
      <dd className="min-w-0 break-words">{children ?? "—"}</dd>
    </div>
  );
}

function UnitLink({ name }: { name: string }) {
  return (
    <Link href={`/units/${encodeURIComponent(name)}`} className="text-blue-700 hover:underline">
      {name}
    </Link>
  );
}

function Bar({ label, value, color, testId }: { label: string; value: number; color: string; testId: string }) {
  return (
    <div data-testid={testId}>
      <p className="mb-1 text-sm text-slate-700">{label}</p>
      <div className="h-3 w-full overflow-hidden rounded-full bg-slate-200" role="img" aria-label={label}>
        <div className="h-full rounded-full" style={{ width: `${Math.min(100, Math.max(0, value))}%`, background: color }} />
      </div>
    </div>
  );
}

function Progress({ task, behind, t, locale }: { task: TaskRow; behind: number | null; t: Messages; locale: Locale }) {
  const pct = (n: number) => `${formatNumber(locale, n, 0)}%`;
  return (
    <div className="space-y-3">
      {task.planned !== null && <Bar label={t.tasks.plannedPct(pct(task.planned))} value={task.planned} color="#64748b" testId="planned-bar" />}
      {task.progress !== null ? (
        <Bar label={t.tasks.actualPct(pct(task.progress))} value={task.progress} color="#1d4ed8" testId="actual-bar" />
      ) : (
        task.bad.length > 0 && (
          <p className="text-sm text-slate-700" data-testid="actual-unknown">
            {t.trust.progressUnknown}
          </p>
        )
      )}
      {behind !== null && (
        <p className="text-sm font-medium text-slate-800">
          {behind > 0 ? t.tasks.behind(formatNumber(locale, behind, 1)) : behind < 0 ? t.tasks.ahead(formatNumber(locale, -behind, 1)) : t.tasks.onPlan}
        </p>
      )}
      <p className="text-xs text-slate-600">{t.tasks.planNote}</p>
    </div>
  );
}

export default async function TaskPage({ params }: { params: Params }) {
  const viewer = await requirePageAccess("tasks.read", "/tasks");
  const id = decodeURIComponent((await params).id);
  const { locale, t } = await currentMessages();
  const detail = await taskDetail(viewer, id);
  const back = (
    <Link href="/tasks" className="text-sm text-blue-700 hover:underline">
      {t.tasks.back}
    </Link>
  );
  if (!detail) {
    return (
      <div className="mx-auto max-w-3xl space-y-4">
        {back}
        <div className="card p-8 text-center">
          <h1 className="text-xl font-semibold">{t.tasks.notFound}</h1>
          <p className="mt-2 text-slate-600">{t.tasks.notFoundBody(id)}</p>
        </div>
      </div>
    );
  }
  const { task, lightReason } = detail;
  const c = t.tasks.col;
  const light = task.light ? LIGHT[task.light] : null;
  const when =
    task.state === "done"
      ? task.doneOn
        ? task.doneLate && task.due
          ? t.daily.lateDone(daysBetween(task.extendedTo ?? task.due, task.doneOn))
          : t.tasks.finished(task.doneOn)
        : t.tasks.finishedNoDate
      : task.state === "cancelled"
        ? t.tasks.cancelled
        : detail.daysOverdue !== null
          ? t.tasks.daysOverdue(detail.daysOverdue)
          : detail.daysLeft === null
            ? t.trust.unknownLight
            : t.tasks.daysLeft(detail.daysLeft);

  return (
    <div className="mx-auto max-w-6xl space-y-4">
      {back}
      <PageHeader
        title={task.title}
        intro={
          <span className="font-mono text-slate-700">
            {task.id} · {task.keyTask}
          </span>
        }
      >
        <div className="flex flex-wrap items-center gap-2" data-testid="task-state">
          {light && task.light && (
            <span className={`inline-flex items-center gap-1 rounded-full border px-3 py-1 text-sm font-medium ${light.box}`}>
              <span aria-hidden className="font-bold">
                {light.icon}
              </span>
              {t.tasks.light[task.light]}
            </span>
          )}
          <span className="rounded-full border border-slate-300 bg-white px-3 py-1 text-sm">{task.status ?? t.tasks.stateLabel[task.state]}</span>
          <span className={`text-sm ${task.overdue || task.doneLate ? "font-semibold text-red-700" : "text-slate-700"}`} data-testid="task-when">
            {when}
          </span>
        </div>
      </PageHeader>
      <UrgePanel viewer={viewer} taskId={task.id} open={task.state === "open"} t={t} />

      {task.bad.length > 0 && (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" role="note" data-testid="task-bad">
          <span className="mr-2 inline-flex items-center gap-1 rounded-full bg-white px-2 py-0.5 font-semibold ring-1 ring-inset ring-red-200">
            <span aria-hidden>⚠</span>
            {t.trust.badRow}
          </span>
          {t.trust.badDetail(task.bad.join("；"))}{" "}
          <Link href="/data-health" className="text-blue-700 underline">
            {t.dataHealth.title}
          </Link>
        </p>
      )}

      <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
        <section className="card p-4" aria-labelledby="task-facts">
          <h2 id="task-facts" className="mb-2 text-base font-semibold">
            {t.tasks.facts}
          </h2>
          <dl className="divide-y divide-slate-100 text-sm">
            <Fact label={c.keyTask}>{task.keyTask}</Fact>
            <Fact label={c.level}>{task.level}</Fact>
            <Fact label={c.leadUnit}>
              <UnitLink name={task.leadUnit} />
            </Fact>
            <Fact label={c.partnerUnits}>
              <span data-testid="partner-units">
                {task.partnerUnits.length === 0
                  ? t.tasks.partnersNone
                  : task.partnerUnits.map((u, i) => (
                      <span key={u}>
                        {i > 0 && "、"}
                        <UnitLink name={u} />
                      </span>
                    ))}
              </span>
            </Fact>
            <Fact label={c.leader}>{task.leader}</Fact>
            <Fact label={c.owner}>{task.owner}</Fact>
            <Fact label={c.start}>{task.start}</Fact>
            <Fact label={c.due}>
              <span data-testid="task-due">{task.due}</span>
              {task.extendedTo && <span className="ml-1 text-slate-600">（{t.daily.originalDue}）</span>}
            </Fact>
            {task.extendedTo && (
              <Fact label={t.daily.extendedToCol}>
                <span className="font-medium" data-testid="task-extended-to">
                  {task.extendedTo}
                </span>
              </Fact>
            )}
            {task.extensionApprovedBy && <Fact label={t.daily.extensionApprovedBy}>{task.extensionApprovedBy}</Fact>}
            <Fact label={c.doneOn}>{task.doneOn}</Fact>
            <Fact label={c.notes}>{task.notes}</Fact>
            <Fact label={c.updatedAt}>{task.updatedAt}</Fact>
          </dl>
        </section>

        <section className="card space-y-3 p-4" aria-labelledby="task-progress">
          <h2 id="task-progress" className="text-base font-semibold">
            {t.tasks.planVsActual}
          </h2>
          <Progress task={task} behind={detail.behind} t={t} locale={locale} />
          {lightReason && light && (
            <p className={`rounded-md border px-3 py-2 text-sm ${light.box}`} data-testid="light-reason">
              <span aria-hidden className="mr-1 font-bold">
                {light.icon}
              </span>
              {t.tasks.lightWhy[lightReason]}
            </p>
          )}
          {task.light === "unknown" && (
            <p className={`rounded-md border px-3 py-2 text-sm ${LIGHT.unknown.box}`} data-testid="light-reason">
              <span aria-hidden className="mr-1 font-bold">
                {LIGHT.unknown.icon}
              </span>
              {t.trust.lightWhyUnknown}
            </p>
          )}
        </section>
      </div>

      <PendingWritesPanel viewer={viewer} />
      <TaskProgressSection viewer={viewer} taskId={task.id} t={t} />

      <section className="card p-4" aria-labelledby="task-meetings" data-testid="task-meetings">
        <h2 id="task-meetings" className="mb-2 text-base font-semibold">
          {t.tasks.meetings}
        </h2>
        {detail.meetings.length === 0 ? (
          <p className="text-sm text-slate-600">{t.tasks.noMeetings}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {detail.meetings.map((m) => (
              <li key={m.id} className="flex flex-wrap gap-x-4 gap-y-1 py-2">
                <Link href={`/meetings?year=${m.date.slice(0, 4)}&detail=${encodeURIComponent(m.id)}`} className="font-mono text-blue-700 hover:underline">
                  {m.id}
                </Link>
                <span className="tabular-nums text-slate-700">{m.date}</span>
                <span className="font-medium">{m.kind}</span>
                {m.topics && <span className="min-w-0 text-slate-700">{m.topics}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      {detail.accountability && (
        <section className="card p-4" aria-labelledby="task-accountability">
          <h2 id="task-accountability" className="mb-2 text-base font-semibold">
            {t.tasks.accountability}
          </h2>
          {detail.accountability.length === 0 ? (
            <p className="text-sm text-slate-600">{t.tasks.noAccountability}</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {detail.accountability.map((a) => (
                <li key={a.id} className="flex flex-wrap gap-x-4 gap-y-1 py-2">
                  <span className="font-mono">{a.id}</span>
                  <span className="tabular-nums text-slate-700">{a.date}</span>
                  <UnitLink name={a.unit} />
                  {a.kind && <span>{a.kind}</span>}
                  <span className="min-w-0 text-slate-700">{a.reason}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
