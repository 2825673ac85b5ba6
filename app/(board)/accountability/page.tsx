import type { Metadata } from "next";
import { accountabilityView } from "@/lib/data/views";
import { enumLabels, type Messages } from "@/lib/i18n";
import { ACCOUNTABILITY_KINDS } from "@/lib/schema/tabs";
import { currentMessages } from "../../_lib/locale";
import { DataTable } from "../../_components/table/data-table";
import { Notice, openTablePage, PageHeader, Section, type PageQuery, type TablePageProps } from "../../_components/table/page-parts";
import { NewRecordLink } from "../../_components/forms/sections";
import { TableSkeleton } from "../../_components/table/table-skeleton";
import type { TableColumn } from "../../_components/table/types";
import { YearSelect } from "../../_components/table/year-select";
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
    { key: "date", header: c.date, kind: "date", width: 110 },
    { key: "month", header: c.month, kind: "enum", width: 80, hidden: true, labels: months, order: Object.keys(months), filter: { kind: "select" }, unsearchable: true },
    { key: "unit", header: c.unit, width: 140, link: { base: "/units/" }, filter: { kind: "select" } },
    { key: "person", header: c.person, width: 100 },
    { key: "reason", header: c.reason, width: 320 },
    { key: "kind", header: c.kind, kind: "enum", width: 110, labels: enumLabels(ACCOUNTABILITY_KINDS, t.enums.accountabilityKind), order: ACCOUNTABILITY_KINDS.map((k) => k.label), filter: { kind: "select" } },
    { key: "taskId", header: c.taskId, width: 110, link: { base: "/tasks/" } },
  ];
}

type Props = TablePageProps;

async function AccountabilityTable({ viewer, year, query, locale, t }: Props) {
  const view = await accountabilityView(viewer, year);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">{view.ownUnitOnly && <Notice>{t.accountability.ownUnitOnly}</Notice>}</div>
        <YearSelect years={view.years} year={view.year} label={t.tables.year} />
      </div>
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
  const { viewer, t } = props;
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader title={t.accountability.title} intro={t.accountability.intro}>
        <NewRecordLink viewer={viewer} capability="accountability.write" href="/accountability/new" label={t.forms.accountability.open} />
      </PageHeader>
      <Section fallback={<TableSkeleton />} failed={t.tables.failed}>
        <AccountabilityTable {...props} />
      </Section>
    </div>
  );
}
