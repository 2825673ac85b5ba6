"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { clearOfficeLockAction, restoreBackupAction, type WorkbookFileState } from "./actions";

/** Submits without React's form reset after an action, so a refused request keeps what the admin chose and ticked. */
function submitWith(dispatch: (data: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
}

function Outcome({ state, testId }: { state: WorkbookFileState; testId: string }) {
  if (!state) return null;
  return (
    <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-green-800" : "text-red-700"}`} data-testid={testId} data-ok={state.ok}>
      {state.message}
    </p>
  );
}

/** Clearing a stale office lock: the lock as shown (name and mtime) goes with the request, with the confirmation. */
export function ClearOfficeLockForm({
  name,
  mtimeMs,
  labels,
}: {
  name: string;
  mtimeMs: number;
  labels: { confirm: string; clear: string; clearing: string };
}) {
  const [state, action, pending] = useActionState<WorkbookFileState, FormData>(clearOfficeLockAction, null);
  const [confirmed, setConfirmed] = useState(false);
  return (
    <form action={action} onSubmit={submitWith(action)} className="mt-3 space-y-2" data-testid="clear-office-lock">
      <input type="hidden" name="name" value={name} />
      <input type="hidden" name="mtimeMs" value={String(mtimeMs)} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="confirm" value="yes" className="mt-1" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
        <span>{labels.confirm}</span>
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        {pending ? labels.clearing : labels.clear}
      </button>
      <Outcome state={state} testId="clear-office-lock-outcome" />
    </form>
  );
}

export interface BackupRow {
  name: string;
  time: string;
  size: string;
}

export interface RestoreLabels {
  backupName: string;
  backupTime: string;
  backupSize: string;
  restoreConfirm: string;
  restore: string;
  restoring: string;
}

/** The backups with one to choose, the confirmation, and the restore. */
export function RestoreBackupForm({ backups, labels }: { backups: BackupRow[]; labels: RestoreLabels }) {
  // After a restore the list changes (the replaced workbook is now a backup): nothing stays chosen or confirmed.
  const [chosen, setChosen] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const [state, action, pending] = useActionState<WorkbookFileState, FormData>(async (previous, formData) => {
    const next = await restoreBackupAction(previous, formData);
    if (next?.ok) {
      setChosen("");
      setConfirmed(false);
    }
    return next;
  }, null);
  const th = "px-3 py-2 text-left font-medium text-slate-500";
  const td = "px-3 py-2";
  return (
    <form action={action} onSubmit={submitWith(action)} className="space-y-3" data-testid="restore-backup">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[36rem] text-sm" data-testid="backups">
          <thead>
            <tr>
              <th className={th} />
              <th className={th}>{labels.backupTime}</th>
              <th className={th}>{labels.backupSize}</th>
              <th className={th}>{labels.backupName}</th>
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.name} className="border-t border-slate-100" data-testid="backup" data-name={b.name}>
                <td className={td}>
                  <input
                    type="radio"
                    name="name"
                    value={b.name}
                    checked={chosen === b.name}
                    onChange={() => setChosen(b.name)}
                    aria-label={`${labels.restore}：${b.name}`}
                  />
                </td>
                <td className={`${td} whitespace-nowrap`}>{b.time}</td>
                <td className={`${td} tabular-nums`}>{b.size}</td>
                <td className={`${td} font-mono text-xs`}>{b.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="confirm" value="yes" className="mt-1" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
        <span>{labels.restoreConfirm}</span>
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        {pending ? labels.restoring : labels.restore}
      </button>
      <Outcome state={state} testId="restore-backup-outcome" />
    </form>
  );
}
