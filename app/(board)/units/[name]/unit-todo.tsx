import Link from "next/link";
import type { Viewer } from "@/lib/auth/roles";
import { unitTodo, type TodoTask } from "@/lib/data/unit-home";
import { UNIT_DUE_SOON_DAYS, UNIT_STALE_DAYS } from "@/lib/domain/unit-todo";
import { formatNumber, type Locale, type Messages } from "@/lib/i18n";

function TaskList({
  title,
  rows,
  note,
  empty,
  testId,
  tone,
}: {
  title: string;
  rows: TodoTask[];
  note: (r: TodoTask) => string;
  empty: string;
  testId: string;
  tone: "red" | "amber" | "slate";
}) {
  const color = tone === "red" ? "text-red-700" : tone === "amber" ? "text-amber-800" : "text-slate-700";
  return (
    <section className="card min-w-0 p-4" aria-label={title} data-testid={testId}>
      <h3 className="flex items-baseline justify-between gap-2 text-sm font-semibold">
        <span>{title}</span>
        <span className={`text-2xl font-bold tabular-nums ${rows.length > 0 ? color : "text-slate-400"}`} data-testid={`${testId}-count`}>
          {rows.length}
        </span>
      </h3>
      {rows.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {rows.map((r) => (
            <li key={r.id} className="py-1.5">
              <Link href={`/tasks/${encodeURIComponent(r.id)}`} className="block text-blue-800 hover:underline">
                {r.title}
              </Link>
              <span className={`text-xs ${color}`}>{note(r)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** 本单位 leads with what the unit must do: overdue, due soon, not updated, this month's visits, open 整改. */
export async function UnitTodoSection({ viewer, name, year, locale, t }: { viewer: Viewer; name: string; year: number; locale: Locale; t: Messages }) {
  const todo = await unitTodo(viewer, name);
  const d = t.daily;
  const due = (r: TodoTask) => `${t.tasks.col.due} ${r.extendedTo ? `${r.extendedTo}（${d.extendedTo(r.extendedTo)}）` : r.due}`;
  const month = Number(todo.today.slice(5, 7));
  const q = (extra: Record<string, string>) => new URLSearchParams({ year: todo.today.slice(0, 4), unit: name, ...extra }).toString();
  return (
    <section className="space-y-3" aria-label={d.todo} data-testid="unit-todo">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">{d.todo}</h2>
        <Link
          href={`/?${new URLSearchParams({ year: String(year), unit: name }).toString()}`}
          className="text-sm text-blue-700 underline"
          data-testid="unit-overview-link"
        >
          {t.overview.title} · {name}
        </Link>
      </div>
      <div className="grid gap-3 md:grid-cols-3">
        <TaskList
          title={d.overdueNow}
          rows={todo.overdue}
          note={(r) => `${d.overdueDays(r.overdueDays ?? 0)} · ${due(r)}`}
          empty={d.noneTodo}
          testId="todo-overdue"
          tone="red"
        />
        <TaskList
          title={d.dueSoon(UNIT_DUE_SOON_DAYS)}
          rows={todo.dueSoon}
          note={(r) => `${due(r)} · ${t.tasks.col.progress} ${r.progress}%`}
          empty={d.noneTodo}
          testId="todo-due-soon"
          tone="amber"
        />
        <TaskList
          title={d.stale(UNIT_STALE_DAYS)}
          rows={todo.stale}
          note={(r) => (r.updatedAt ? d.updatedAt(r.updatedAt) : d.neverUpdated)}
          empty={d.noneTodo}
          testId="todo-stale"
          tone="slate"
        />
      </div>
      <div className="grid gap-3 md:grid-cols-3">
        {todo.visitsThisMonth && (
          <Link href={`/visits?${q({ month: String(month) })}`} className="card block p-4 hover:bg-slate-50" data-testid="todo-visits">
            <span className="block text-sm text-slate-600">{d.visitsThisMonth}</span>
            <span className="mt-1 block text-2xl font-bold tabular-nums" data-testid="todo-visits-value">
              {formatNumber(locale, todo.visitsThisMonth.count)}
            </span>
            <span className="text-xs text-slate-600">
              {t.visits.cards.suggestions} {formatNumber(locale, todo.visitsThisMonth.suggestions)} · {t.visits.cards.solved}{" "}
              {formatNumber(locale, todo.visitsThisMonth.solved)}
            </span>
          </Link>
        )}
        {todo.rectifications && (
          <section className="card min-w-0 p-4 md:col-span-2" aria-label={d.openFixes} data-testid="todo-fixes">
            <h3 className="flex items-baseline justify-between gap-2 text-sm font-semibold">
              <Link href={`/scores?${new URLSearchParams({ unit: name, "r.unit": name }).toString()}`} className="hover:underline">
                {d.openFixes}
              </Link>
              <span
                className={`text-2xl font-bold tabular-nums ${todo.rectifications.length > 0 ? "text-amber-800" : "text-slate-400"}`}
                data-testid="todo-fixes-count"
              >
                {todo.rectifications.length}
              </span>
            </h3>
            {todo.rectifications.length === 0 ? (
              <p className="mt-1 text-sm text-slate-500">{d.noneTodo}</p>
            ) : (
              <ul className="mt-2 divide-y divide-slate-100 text-sm">
                {todo.rectifications.map((r) => (
                  <li key={r.id} className="flex flex-wrap gap-x-3 py-1.5">
                    <span className="font-mono text-xs text-slate-500">{r.id}</span>
                    <span>{r.method}</span>
                    <span className="min-w-0 flex-1">{r.deductions}</span>
                    <span className={`text-xs ${r.daysOverdue !== null ? "font-semibold text-red-700" : "text-slate-600"}`}>
                      {r.daysOverdue !== null ? d.fixOverdue(r.daysOverdue) : r.fixDue ? d.fixDue(r.fixDue) : d.noFixDue}
                      {r.fixStatus && ` · ${r.fixStatus}`}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
      </div>
    </section>
  );
}
