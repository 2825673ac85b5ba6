import Link from "next/link";
import type { LoadedDataset } from "@/lib/data/dataset";
import type { Messages } from "@/lib/i18n";
import { matchesTabTitle } from "@/lib/schema/header";
import type { Columns } from "@/lib/schema/columns";
import { accountabilityTab, meetingsTab, scoresTab, tasksTab, unitsTab, visitsTab, type TabSpec } from "@/lib/schema/tabs";
import { AssignIdsForm } from "./assign-ids-form";

const ASSIGNABLE: TabSpec<Columns>[] = [unitsTab, tasksTab, visitsTab, meetingsTab, scoresTab, accountabilityTab];

/** For the admin page: 补编号, with how many rows lack an ID per tab, and the way to 操作日志. */
export function AdminWritesSection({ dataset, t }: { dataset: LoadedDataset; t: Messages }) {
  const missing = dataset.problems.filter((p) => p.code === "missing-id");
  const tabs: [string, string, number][] = ASSIGNABLE.map((spec) => [spec.key, spec.title, missing.filter((p) => matchesTabTitle(spec, p.tab)).length]);
  return (
    <section className="card overflow-hidden" aria-labelledby="admin-writes">
      <h2 id="admin-writes" className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2 font-semibold">
        {t.forms.assignIds.title}
        <Link href="/admin/audit" className="text-sm font-normal text-blue-700 hover:underline" data-testid="audit-link">
          {t.forms.audit.open} →
        </Link>
      </h2>
      <div className="p-4">
        <AssignIdsForm tabs={tabs} t={t.forms.assignIds} />
      </div>
    </section>
  );
}
