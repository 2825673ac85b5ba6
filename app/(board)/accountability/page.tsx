import type { Metadata } from "next";
import { accountabilityView } from "@/lib/data/views";
import { enumLabels, type Messages } from "@/lib/i18n";
import { ACCOUNTABILITY_KINDS } from "@/lib/schema/tabs";
import { currentMessages } from "@/app/_lib/locale";
import { DataTable } from "@/app/_components/table/data-table";
import { Notice, openTablePage, PageHeader, Section, YearSection, type PageQuery, type TablePageProps } from "@/app/_components/table/page-parts";
import { NewRecordLink } from "@/app/_components/forms/sections";
import { TableSkeleton } from "@/app/_components/table/table-skeleton";
import type { TableColumn } from "@/app/_components/table/types";
import { monthLabels } from "../visits/columns";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.accountability.title };
}

function accountabilityColumns(t: Messages): TableColumn[] {
  const c = t.accountability.col;
  const months = monthLabels(t);
  return [
    { key: "id", header: c.id, width: 110 },
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
    { key: "unit", header: c.unit, width: 140, link: { base: "/units/" }, filter: { kind: "select" }, card: 2 },
    { key: "person", header: c.person, width: 100, wrap: true, card: 3 },
    { key: "reason", header: c.reason, width: 320, wrap: true, card: 5 },
    {
      key: "kind",
      header: c.kind,
      kind: "enum",
      width: 110,
      labels: enumLabels(ACCOUNTABILITY_KINDS, t.enums.accountabilityKind),
      order: ACCOUNTABILITY_KINDS.map((k) => k.label),
      filter: { kind: "select" },
      card: 4,
    },
    { key: "taskId", header: c.taskId, width: 110, link: { base: "/tasks/" } },
  ];
}

type Props = TablePageProps;

async function AccountabilityTable({ viewer, year, query, locale, t }: Props) {
  const view = await accountabilityView(viewer, year);
  return (
    <div className="space-y-3">
      {view.ownUnitOnly && <Notice>{t.accountability.ownUnitOnly}</Notice>}
      <DataTable
        title={t.accountability.table}
        rows={view.rows}
        columns={accountabilityColumns(t)}
        rowKey="id"
        locale={locale}
        query={query}
        defaultSort={[{ key: "date", desc: false }]}
        detailKey="id"
        emptyText={t.accountability.empty(view.year)}
        exportName={t.accountability.exportName(view.year)}
        today={view.today}
        testId="accountability-table"
      />
    </div>
  );
}

export default async function AccountabilityPage({ searchParams }: { searchParams: Promise<PageQuery> }) {
  const props = await openTablePage("/accountability", searchParams);
  const { viewer, year, t } = props;
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader
        title={t.accountability.title}
        intro={t.accountability.intro}
        year={<YearSection view={() => accountabilityView(viewer, year)} t={t} />}
        action={<NewRecordLink viewer={viewer} capability="accountability.write" href="/accountability/new" label={t.forms.accountability.open} />}
      />
      <Section fallback={<TableSkeleton />} failed={t.tables.failed}>
        <AccountabilityTable {...props} />
      </Section>
    </div>
  );
}
