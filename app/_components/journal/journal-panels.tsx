import type { Viewer } from "@/lib/auth/roles";
import { journalConflictsFor, journalSpecOf, pendingWritesFor } from "@/lib/data/reconcile";
import { env } from "@/lib/env";
import { formTextOfCell } from "@/lib/forms/values";
import { formatDateTime } from "@/lib/i18n";
import type { CellValue } from "@/lib/schema/cells";
import type { JournalRecord } from "@/lib/sheets";
import { currentMessages } from "../../_lib/locale";
import { SettleConflictForm } from "./settle-conflict-form";

const th = "px-3 py-2 text-left font-medium text-slate-500";
const td = "px-3 py-2 align-top";

function cellText(record: JournalRecord, key: string, value: CellValue | undefined, empty: string): string {
  const text = formTextOfCell(journalSpecOf(record.tab)?.columns[key], value ?? null);
  return text === "" ? empty : text;
}

function headerOf(record: JournalRecord, key: string): string {
  return journalSpecOf(record.tab)?.columns[key]?.header ?? key;
}

/**
 * Writes accepted while an office app held the workbook: the viewer's own,
 * or everyone's for an admin (`all`). Nothing is shown when none wait.
 */
export async function PendingWritesPanel({ viewer, all = false }: { viewer: Viewer; all?: boolean }) {
  const records = await pendingWritesFor(viewer);
  const { locale, t } = await currentMessages();
  const j = t.dataHealth.journal;
  if (records.length === 0)
    return all ? (
      <p className="text-sm text-slate-600" data-testid="pending-writes-none">
        {j.noPending}
      </p>
    ) : null;
  const when = (iso: string) => formatDateTime(locale, iso, env().APP_TIME_ZONE);
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" data-testid="pending-writes" role="status">
      {!all && <p className="font-medium">{j.myPendingIntro}</p>}
      {all && <p className="mb-2">{j.pendingIntro}</p>}
      <ul className="mt-1 space-y-1">
        {records.map((r) => (
          <li key={r.id} data-testid="pending-write" data-row-id={r.rowId}>
            <span className="font-medium">{r.action}</span> · {r.tab} <span className="font-mono">{r.rowId}</span>
            {r.kind === "update" && (
              <span>
                {" "}
                ·{" "}
                {Object.keys(r.after)
                  .map((k) => `${headerOf(r, k)}：${cellText(r, k, r.after[k], t.dataHealth.empty)}`)
                  .join("，")}
              </span>
            )}
            <span className="text-amber-800">
              {" "}
              · {r.login} · {when(r.at)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Conflicts between web writes and the workbook, each cell with both values, for an admin to settle. */
export async function JournalConflictsPanel({ viewer }: { viewer: Viewer }) {
  const records = await journalConflictsFor(viewer);
  const { locale, t } = await currentMessages();
  const j = t.dataHealth.journal;
  const when = (iso: string) => formatDateTime(locale, iso, env().APP_TIME_ZONE);
  if (records.length === 0)
    return (
      <p className="text-sm text-slate-600" data-testid="journal-conflicts-none">
        {j.noConflicts}
      </p>
    );
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">{j.conflictsIntro}</p>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[48rem] text-sm" data-testid="journal-conflicts">
          <thead>
            <tr>
              <th className={th}>{j.tab}</th>
              <th className={th}>{j.rowId}</th>
              <th className={th}>{j.column}</th>
              <th className={th}>{j.webValue}</th>
              <th className={th}>{j.workbookValue}</th>
              <th className={th}>{j.who}</th>
              <th className={th}>{j.when}</th>
              <th className={th} />
            </tr>
          </thead>
          <tbody>
            {records.map((r) => {
              const keys = Object.keys(r.after);
              return (
                <tr key={r.id} className="border-t border-slate-100" data-testid="journal-conflict" data-row-id={r.rowId}>
                  <td className={td}>{r.tab}</td>
                  <td className={`${td} font-mono`}>{r.rowId}</td>
                  <td className={td}>
                    {keys.map((k) => (
                      <div key={k}>{headerOf(r, k)}</div>
                    ))}
                  </td>
                  <td className={td} data-testid="conflict-web">
                    {keys.map((k) => (
                      <div key={k}>{cellText(r, k, r.after[k], t.dataHealth.empty)}</div>
                    ))}
                  </td>
                  <td className={td} data-testid="conflict-workbook">
                    {r.workbook ? keys.map((k) => <div key={k}>{cellText(r, k, r.workbook?.[k], t.dataHealth.empty)}</div>) : j.rowGone}
                  </td>
                  <td className={td}>{r.login}</td>
                  <td className={`${td} whitespace-nowrap`}>{when(r.at)}</td>
                  <td className={td}>
                    <SettleConflictForm
                      id={r.id}
                      canApply={r.kind === "update" && Boolean(r.workbook)}
                      labels={{ keep: j.keep, apply: j.apply, settling: j.settling }}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
