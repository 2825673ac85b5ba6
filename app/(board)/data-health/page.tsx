import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { pageCapability } from "@/lib/auth/pages";
import { can, scopeRows } from "@/lib/auth/roles";
import { latestBackup, workbookHealth } from "@/lib/data/workbook-health";
import { WorkbookFaultPanel } from "@/app/_components/workbook-fault";
import { problemMessage, type Problem } from "@/lib/schema/problems";
import { currentMessages } from "@/app/_lib/locale";
import { JournalConflictsPanel } from "@/app/_components/journal/journal-panels";
import { CardSection } from "@/app/_components/card-section";

export const metadata: Metadata = { title: "数据体检" };

function groupByTab(problems: Problem[]): [string, Problem[]][] {
  const groups = new Map<string, Problem[]>();
  for (const p of problems) groups.set(p.tab, [...(groups.get(p.tab) ?? []), p]);
  return [...groups.entries()];
}

export default async function DataHealthPage() {
  const viewer = await requirePageAccess(pageCapability("/data-health"), "/data-health");
  const admin = can(viewer, "admin");
  const { locale, t } = await currentMessages();
  const health = await workbookHealth();
  const fault = health.ok ? undefined : <WorkbookFaultPanel fault={health.fault} latestBackup={await latestBackup()} />;
  const dataset = health.dataset;
  // A unit sees the problems of its own rows only.
  const problems = dataset ? scopeRows(viewer, "dataHealth.read", dataset.problems, (p) => p.units ?? []) : [];
  const errors = problems.filter((p) => p.severity === "error").length;
  const d = t.dataHealth;

  return (
    <div className="mx-auto max-w-6xl space-y-5">
      <header>
        <h1 className="text-2xl font-bold">{d.title}</h1>
        <p className="mt-1 text-sm text-slate-600">{d.intro}</p>
        <p className="mt-2 text-sm font-medium" data-testid="problem-total">
          {d.total(errors, problems.length - errors)}
        </p>
      </header>
      {admin && (
        <CardSection id="journal-conflicts-title" title={d.journal.conflictsTitle} bodyClassName="p-4">
          <JournalConflictsPanel viewer={viewer} />
        </CardSection>
      )}
      {fault}
      {!dataset ? null : problems.length === 0 ? (
        <p className="card p-6 text-green-800">{d.none}</p>
      ) : (
        groupByTab(problems).map(([tab, list]) => (
          <CardSection
            key={tab}
            id={`tab-${tab}`}
            title={
              <>
                {tab} <span className="text-sm font-normal text-slate-500">（{list.length}）</span>
              </>
            }
          >
            {/* On a phone each problem is a small card (label: value), in the page's own scroll. */}
            <div className="sm:overflow-x-auto">
              <table className="w-full table-fixed text-sm max-sm:block sm:min-w-[40rem]">
                <colgroup>
                  <col className="w-36" />
                  <col className="w-32" />
                  <col className="w-40" />
                  <col />
                </colgroup>
                <thead className="text-left text-slate-500 max-sm:hidden">
                  <tr>
                    <th className="px-4 py-2 font-medium">{d.cell}</th>
                    <th className="px-4 py-2 font-medium">{d.column}</th>
                    <th className="px-4 py-2 font-medium">{d.value}</th>
                    <th className="px-4 py-2 font-medium">{d.hint}</th>
                  </tr>
                </thead>
                <tbody className="max-sm:block">
                  {list.map((p, i) => (
                    <tr key={`${p.cell ?? ""}-${p.code}-${i}`} className="border-t border-slate-100 align-top max-sm:block max-sm:py-2" data-testid="problem">
                      <td className="whitespace-nowrap px-4 py-2 font-mono max-sm:block max-sm:py-0.5">
                        <span
                          className={`mr-2 inline-block rounded px-1.5 py-0.5 text-xs font-sans ${
                            p.severity === "error" ? "bg-red-100 text-red-800" : "bg-amber-100 text-amber-900"
                          }`}
                        >
                          {p.severity === "error" ? d.error : d.warning}
                        </span>
                        {p.cell ? (
                          p.link ? (
                            <a href={p.link} target="_blank" rel="noreferrer" className="text-blue-700 underline" title={d.openCell}>
                              {p.cell}
                            </a>
                          ) : (
                            <span data-testid="problem-cell">{p.cell}</span>
                          )
                        ) : (
                          <span className="font-sans text-slate-500">{d.wholeTab}</span>
                        )}
                      </td>
                      <td
                        className="break-words px-4 py-2 max-sm:block max-sm:py-0.5 max-sm:before:mr-2 max-sm:before:text-slate-500 max-sm:before:content-[attr(data-label)]"
                        data-label={d.column}
                      >
                        {p.column ?? "—"}
                      </td>
                      <td
                        className="break-words px-4 py-2 text-slate-700 max-sm:block max-sm:py-0.5 max-sm:before:mr-2 max-sm:before:text-slate-500 max-sm:before:content-[attr(data-label)]"
                        data-label={d.value}
                      >
                        {p.value === undefined ? "—" : p.value === "" ? d.empty : p.value}
                      </td>
                      <td
                        className="px-4 py-2 max-sm:block max-sm:py-0.5 max-sm:before:mr-2 max-sm:before:text-slate-500 max-sm:before:content-[attr(data-label)]"
                        data-label={d.hint}
                      >
                        {problemMessage(p.code, p.params, locale)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </CardSection>
        ))
      )}
    </div>
  );
}
