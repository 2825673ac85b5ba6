import type { Metadata } from "next";
import Link from "next/link";
import { tasksView } from "@/lib/data/views";
import { formatNumber, type Locale, type Messages } from "@/lib/i18n";
import { currentMessages } from "@/app/_lib/locale";
import { DataTable } from "@/app/_components/table/data-table";
import { openTablePage, PageHeader, Section, YearSection, type PageQuery, type TablePageProps } from "@/app/_components/table/page-parts";
import { NewRecordLink } from "@/app/_components/forms/sections";
import { TableSkeleton } from "@/app/_components/table/table-skeleton";
import { exportLinks, pageLink, serverPage, serverTableThreshold } from "@/app/_components/table/server-page";
import { TASK_DEFAULT_SORT, taskColumns } from "./columns";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.tasks.title };
}

/** Quick filters as plain links: each is a shareable view of the same table. */
function QuickFilters({ rows, year, t, locale }: { rows: { light: string | null; overdue: boolean }[]; year: number; t: Messages; locale: Locale }) {
  const count = (f: (r: { light: string | null; overdue: boolean }) => boolean) => formatNumber(locale, rows.filter(f).length);
  const chip = "inline-flex items-center gap-1 rounded-full border px-3 py-1 text-sm hover:shadow-sm";
  return (
    <nav aria-label={t.tasks.col.light} className="flex flex-wrap gap-2 print:hidden" data-testid="task-quick-filters">
      <Link href={`/tasks?year=${year}&light=red`} className={`${chip} border-red-200 bg-red-50 text-red-800`}>
        <span aria-hidden className="font-bold">
          ✕
        </span>{" "}
        {t.tasks.light.red} <b className="tabular-nums">{count((r) => r.light === "red")}</b>
      </Link>
      <Link href={`/tasks?year=${year}&light=yellow`} className={`${chip} border-amber-200 bg-amber-50 text-amber-900`}>
        <span aria-hidden className="font-bold">
          !
        </span>{" "}
        {t.tasks.light.yellow} <b className="tabular-nums">{count((r) => r.light === "yellow")}</b>
      </Link>
      <Link href={`/tasks?year=${year}&light=green`} className={`${chip} border-green-200 bg-green-50 text-green-800`}>
        <span aria-hidden className="font-bold">
          ✓
        </span>{" "}
        {t.tasks.light.green} <b className="tabular-nums">{count((r) => r.light === "green")}</b>
      </Link>
      <Link href={`/tasks?year=${year}&overdue=1`} className={`${chip} border-slate-300 bg-white text-slate-800`}>
        {t.tasks.overdueOnly} <b className="tabular-nums">{count((r) => r.overdue)}</b>
      </Link>
    </nav>
  );
}

async function TasksTable({ viewer, year, query, locale, t }: TablePageProps) {
  const view = await tasksView(viewer, year);
  const columns = taskColumns(t);
  // A big year stays on the server: one page of the URL's view goes to the browser.
  const paged =
    view.rows.length > serverTableThreshold() ? serverPage(view.rows, columns, query, TASK_DEFAULT_SORT, { yes: t.tables.yes, no: t.tables.no }) : undefined;
  return (
    <div className="space-y-3">
      <QuickFilters rows={view.rows} year={view.year} t={t} locale={locale} />
      <DataTable
        title={t.tasks.table}
        rows={paged ? paged.rows : view.rows}
        columns={columns}
        server={paged && { ...paged.paging, exportHref: exportLinks("tasks", query, view.year), pageHref: pageLink("tasks", view.year) }}
        rowKey="id"
        locale={locale}
        query={query}
        defaultSort={TASK_DEFAULT_SORT}
        emptyText={t.tasks.empty(view.year)}
        exportName={t.tasks.exportName(view.year)}
        today={view.today}
        testId="tasks-table"
      />
    </div>
  );
}

export default async function TasksPage({ searchParams }: { searchParams: Promise<PageQuery> }) {
  const props = await openTablePage("/tasks", searchParams);
  const { viewer, year, t } = props;
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader
        title={t.tasks.title}
        intro={t.tasks.intro}
        year={<YearSection view={() => tasksView(viewer, year)} t={t} />}
        action={<NewRecordLink viewer={viewer} capability="tasks.create" href="/tasks/new" label={t.forms.newTask.open} />}
      />
      <Section fallback={<TableSkeleton />} failed={t.tables.failed}>
        <TasksTable {...props} />
      </Section>
    </div>
  );
}
