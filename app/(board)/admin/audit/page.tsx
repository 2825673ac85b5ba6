import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/access";
import { localTimeText } from "@/lib/clock";
import { loadDataset, timeZoneOf } from "@/lib/data/dataset";
import { currentMessages } from "@/app/_lib/locale";
import { auditChanges } from "@/lib/domain/audit-changes";

export const metadata: Metadata = { title: "操作日志" };

const SHOWN = 500;

/** A JSON object of changed cells as "列: 值" lines (times as on every other page); anything else as it is. */
function Changes({ json, timeZone }: { json?: string; timeZone: string }) {
  if (!json) return <span className="text-slate-400">—</span>;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return <span className="break-all">{json}</span>;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return <span className="break-all">{json}</span>;
  return (
    <ul className="space-y-0.5">
      {Object.entries(parsed as Record<string, unknown>).map(([k, v]) => (
        <li key={k} className="break-words">
          <span className="text-slate-500">{k}</span>：{v === null || v === "" ? "（空）" : typeof v === "string" ? localTimeText(v, timeZone) : String(v)}
        </li>
      ))}
    </ul>
  );
}

/** Before → after per changed cell, in the tab's Chinese column names; JSON that is not an object as it was written. */
function CellChanges({ tab, before, after, timeZone, empty }: { tab?: string; before?: string; after?: string; timeZone: string; empty: string }) {
  const changes = auditChanges(tab, before, after);
  if (changes === null) {
    return (
      <>
        <Changes json={before} timeZone={timeZone} />
        <Changes json={after} timeZone={timeZone} />
      </>
    );
  }
  if (changes.length === 0) return <span className="text-slate-400">—</span>;
  const v = (x: string | null) => (x === null ? empty : localTimeText(x, timeZone));
  return (
    <ul className="space-y-0.5" data-testid="audit-changes">
      {changes.map((c) => (
        <li key={c.column} className="break-words" data-testid="audit-change">
          <span className="text-slate-500">{c.column}</span>：{before ? <>{v(c.before)} → </> : null}
          {v(c.after)}
        </li>
      ))}
    </ul>
  );
}

/** 操作日志: every write the app made, newest first (admin). */
export default async function AuditPage() {
  await requirePageAccess("admin", "/admin/audit");
  const { t } = await currentMessages();
  const a = t.forms.audit;
  const dataset = await loadDataset();
  const entries = [...dataset.audit].sort((x, y) => y._row - x._row).slice(0, SHOWN);
  // The sheet holds the wall-clock time of the deployment's zone: shown as on every other page.
  const timeZone = timeZoneOf(dataset);
  const when = (at: string) => localTimeText(at, timeZone);
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <Link href="/admin" className="text-sm text-blue-700 hover:underline">
        ← {t.nav.admin}
      </Link>
      <header>
        <h1 className="text-2xl font-bold">{a.title}</h1>
        <p className="mt-1 text-sm text-slate-600">{a.intro}</p>
        <p className="text-xs text-slate-500">{a.latest}</p>
      </header>
      {entries.length === 0 ? (
        <p className="card p-6 text-slate-600">{a.empty}</p>
      ) : (
        <div className="card overflow-x-auto">
          <table className="w-full min-w-[52rem] text-sm" data-testid="audit-log">
            <thead className="bg-slate-50 text-left text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">{a.at}</th>
                <th className="px-3 py-2 font-medium">{a.login}</th>
                <th className="px-3 py-2 font-medium">{a.action}</th>
                <th className="px-3 py-2 font-medium">{a.tab}</th>
                <th className="px-3 py-2 font-medium">{a.rowId}</th>
                <th className="px-3 py-2 font-medium">{t.adminUsers.auditChange}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e._row} className="border-t border-slate-100 align-top" data-testid="audit-entry">
                  <td className="whitespace-nowrap px-3 py-2 tabular-nums">{when(e.at)}</td>
                  <td className="px-3 py-2 font-mono">{e.login}</td>
                  <td className="px-3 py-2">{e.action}</td>
                  <td className="px-3 py-2">{e.tab}</td>
                  <td className="px-3 py-2 font-mono">{e.rowId}</td>
                  <td className="max-w-md px-3 py-2">
                    <CellChanges tab={e.tab} before={e.before} after={e.after} timeZone={timeZone} empty={t.adminUsers.empty} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
