import { can, type Viewer } from "@/lib/auth/roles";
import { loadDataset } from "@/lib/data/dataset";
import { urgeHistory } from "@/lib/data/reminders";
import type { Messages } from "@/lib/i18n";
import { UrgeButton } from "./urge-button";

/** 已催办 N 次 and the last time, for every reader; the 催办 button for admins on open tasks. */
export async function UrgePanel({ viewer, taskId, open, t }: { viewer: Viewer; taskId: string; open: boolean; t: Messages }) {
  const u = t.tasks.urge;
  const history = urgeHistory((await loadDataset()).reminders.rows, taskId);
  const admin = viewer.kind === "user" && can(viewer, "admin");
  if (!admin && history.count === 0) return null;
  return (
    <section className="card flex flex-wrap items-start justify-between gap-3 p-4" aria-labelledby="task-urge">
      <div>
        <h2 id="task-urge" className="text-base font-semibold">
          {u.title}
        </h2>
        <p className="text-sm text-slate-700" data-testid="urge-history">
          {history.count > 0 && history.last ? u.count(history.count, history.last) : u.never}
        </p>
      </div>
      {admin && open && <UrgeButton taskId={taskId} label={u.button} pendingLabel={u.sending} hint={u.confirm} />}
    </section>
  );
}
