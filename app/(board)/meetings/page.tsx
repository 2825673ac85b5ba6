import type { Metadata } from "next";
import { meetingsView } from "@/lib/data/views";
import { enumLabels, formatNumber, type Messages } from "@/lib/i18n";
import { MEETING_KINDS } from "@/lib/schema/tabs";
import { currentMessages } from "@/app/_lib/locale";
import { CardsSkeleton } from "@/app/_components/skeletons";
import { DataTable } from "@/app/_components/table/data-table";
import { openTablePage, PageHeader, type PageQuery, Section, Stat, type TablePageProps, YearSection } from "@/app/_components/table/page-parts";
import { NewRecordLink } from "@/app/_components/forms/sections";
import { TableSkeleton } from "@/app/_components/table/table-skeleton";
import type { TableColumn } from "@/app/_components/table/types";
import { monthLabels } from "../visits/columns";
import { meetingFollowCounts } from "@/lib/data/follow-through";
import { MeetingRequirementCards } from "@/app/_components/follow-through/meeting-requirements";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.meetings.title };
}

function meetingColumns(t: Messages): TableColumn[] {
  const c = t.meetings.col;
  const months = monthLabels(t);
  return [
    { key: "id", header: c.id, width: 110, link: { base: "/meetings/" } },
    { key: "date", header: c.date, kind: "date", width: 110, card: 1 },
    {
      key: "month",
      header: c.month,
      kind: "enum",
      width: 80,
      hidden: true,
      labels: months,
      order: Object.keys(months),
      filter: { kind: "select" },
      unsearchable: true,
    },
    {
      key: "kind",
      header: c.kind,
      kind: "enum",
      width: 170,
      labels: enumLabels(MEETING_KINDS, t.enums.meetingKind),
      order: MEETING_KINDS.map((k) => k.label),
      filter: { kind: "select" },
      card: 2,
    },
    { key: "chair", header: c.chair, width: 100 },
    { key: "topics", header: c.topics, width: 320, wrap: true, card: 3 },
    { key: "taskIds", header: c.taskIds, kind: "list", width: 240, link: { base: "/tasks/" }, filter: { kind: "select", param: "task" } },
    { key: "taskTitles", header: c.taskTitles, kind: "list", width: 300, hidden: true },
    { key: "minutes", header: c.minutes, kind: "url", labelKey: "minutesLabel", width: 110 },
    { key: "followUp", header: t.followThrough.followCol, width: 220, unsearchable: true },
  ];
}

type Props = TablePageProps;

async function MeetingFigures({ viewer, year, locale, t }: Props) {
  const { rows } = await meetingsView(viewer, year);
  const kinds = MEETING_KINDS.map((k) => k.label).filter((k) => k !== "其他" || rows.some((r) => r.kind === k));
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
      <Stat testId="meetings-total" label={t.meetings.total} value={formatNumber(locale, rows.length)} />
      {kinds.map((k) => (
        <Stat key={k} testId={`meetings-kind-${k}`} label={k} value={formatNumber(locale, rows.filter((r) => r.kind === k).length)} />
      ))}
    </div>
  );
}

async function MeetingTable({ viewer, year, query, locale, t }: Props) {
  const [view, follow] = await Promise.all([meetingsView(viewer, year), meetingFollowCounts()]);
  const rows = view.rows.map((r) => {
    const f = follow.get(r.id);
    return { ...r, followUp: f && f.total > 0 ? t.followThrough.follow(f.total, f.done, f.overdue) : "" };
  });
  return (
    <DataTable
      title={t.meetings.table}
      rows={rows}
      columns={meetingColumns(t)}
      rowKey="id"
      locale={locale}
      query={query}
      defaultSort={[{ key: "date", desc: false }]}
      detailKey="id"
      emptyText={t.meetings.empty(view.year)}
      exportName={t.meetings.exportName(view.year)}
      today={view.today}
      testId="meetings-table"
    />
  );
}

export default async function MeetingsPage({ searchParams }: { searchParams: Promise<PageQuery> }) {
  const props = await openTablePage("/meetings", searchParams);
  const { viewer, year, t } = props;
  const failed = t.tables.failed;
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader
        title={t.meetings.title}
        intro={t.meetings.intro}
        year={<YearSection view={() => meetingsView(viewer, year)} t={t} />}
        action={<NewRecordLink viewer={viewer} capability="meetings.write" href="/meetings/new" label={t.forms.meeting.open} />}
      />
      <Section fallback={<CardsSkeleton count={4} />} failed={failed}>
        <MeetingFigures {...props} />
      </Section>
      <Section fallback={<CardsSkeleton count={3} />} failed={failed}>
        <MeetingRequirementCards year={year} t={t} />
      </Section>
      <Section fallback={<TableSkeleton />} failed={failed}>
        <MeetingTable {...props} />
      </Section>
    </div>
  );
}
