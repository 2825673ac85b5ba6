import { meetingRequirements } from "@/lib/data/follow-through";
import type { Messages } from "@/lib/i18n";

/** 应开 / 实开 to date per kind (only kinds 设置 requires, and any held). */
export async function MeetingRequirementCards({ year, t }: { year?: number; t: Messages }) {
  const f = t.followThrough;
  const { rows } = await meetingRequirements(year);
  const shown = rows.filter((r) => r.required !== null || r.held > 0);
  if (shown.length === 0) return null;
  return (
    <section aria-label={f.meetingsRequired} className="space-y-1" data-testid="meeting-requirements">
      <p className="text-sm font-medium text-slate-700">{f.meetingsRequired}</p>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        {shown.map((r) => {
          const short = r.required === null ? 0 : Math.max(0, r.required - r.held);
          return (
            <div key={r.kind} className="card p-3" data-testid="meeting-requirement" data-kind={r.kind} data-required={r.required ?? ""} data-held={r.held}>
              <p className="text-sm text-slate-600">{r.kind}</p>
              <p className="text-lg font-bold tabular-nums">{f.meetingsRequiredOf(r.required, r.held)}</p>
              {short > 0 && <p className="text-xs font-medium text-amber-800">{f.meetingsShort(short)}</p>}
            </div>
          );
        })}
      </div>
    </section>
  );
}
