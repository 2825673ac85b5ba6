import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { meetingDetail } from "@/lib/data/follow-through";
import { currentMessages } from "@/app/_lib/locale";
import { CardSection } from "@/app/_components/card-section";

export const metadata: Metadata = { title: "会议" };

const TONE: Record<string, string> = {
  done: "text-green-800",
  overdue: "text-red-700 font-semibold",
  open: "text-slate-700",
  cancelled: "text-slate-500",
  missing: "text-amber-800",
};

/** One meeting: what it was about and where each task it assigned (交办任务) stands. */
export default async function MeetingPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageAccess("meetings.read", "/meetings");
  const id = decodeURIComponent((await params).id);
  const { t } = await currentMessages();
  const f = t.followThrough;
  const m = await meetingDetail(viewer, id);
  if (!m) {
    return (
      <div className="mx-auto max-w-3xl card p-8 text-center">
        <h1 className="text-xl font-semibold">
          {t.meetings.title}：{id}
        </h1>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <Link href="/meetings" className="text-sm text-blue-700 hover:underline">
        ← {t.nav.meetings}
      </Link>
      <header>
        <h1 className="text-2xl font-bold">{f.meetingTitle(m.kind, m.date)}</h1>
        <p className="mt-1 text-sm text-slate-600">
          <span className="font-mono">{m.id}</span>
          {m.chair && ` · ${t.meetings.col.chair}：${m.chair}`}
        </p>
        {m.topics && <p className="mt-2 text-sm">{m.topics}</p>}
        {m.minutes && (
          <a href={m.minutes} className="mt-1 inline-block text-sm text-blue-700 hover:underline" rel="noreferrer">
            {t.meetings.col.minutes}
          </a>
        )}
      </header>
      <CardSection
        id="assigned"
        testId="meeting-tasks"
        title={
          <>
            {f.assigned}
            {m.total > 0 && (
              <span className="ml-2 text-sm font-normal text-slate-600" data-testid="meeting-follow">
                {f.follow(m.total, m.done, m.overdue)}
              </span>
            )}
          </>
        }
      >
        {m.tasks.length === 0 ? (
          <p className="p-4 text-sm text-slate-600">{f.assignedNone}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {m.tasks.map((task) => (
              <li
                key={task.id}
                className="flex flex-wrap items-baseline gap-x-4 gap-y-1 px-4 py-2"
                data-testid="meeting-task"
                data-task-id={task.id}
                data-state={task.state}
              >
                <Link href={`/tasks/${encodeURIComponent(task.id)}`} className="font-mono text-blue-700 hover:underline">
                  {task.id}
                </Link>
                <span className="min-w-0 flex-1">{task.title ?? ""}</span>
                {task.due && <span className="tabular-nums text-slate-600">{task.due}</span>}
                <span className={TONE[task.state]} data-testid="meeting-task-state">
                  {task.state === "overdue" && task.daysOverdue !== null ? f.daysOverdue(task.daysOverdue) : f.taskStates[task.state]}
                </span>
              </li>
            ))}
          </ul>
        )}
      </CardSection>
    </div>
  );
}
