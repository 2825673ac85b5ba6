import type { Viewer } from "@/lib/auth/roles";
import { rectificationsView } from "@/lib/data/follow-through";
import { PlainTable } from "@/app/_components/plain-table";
import type { Messages } from "@/lib/i18n";
import { CardSection } from "@/app/_components/card-section";

/** 整改清单: open rectifications the viewer may see, overdue first; nothing for roles that see no scores. */
export async function RectificationList({ viewer, t, unit, limit }: { viewer: Viewer; t: Messages; unit?: string; limit?: number }) {
  const f = t.followThrough;
  const rows = await rectificationsView(viewer, unit);
  if (rows === null) return null;
  const shown = limit ? rows.slice(0, limit) : rows;
  return (
    <CardSection
      id="rectifications"
      testId="rectifications"
      bodyClassName="space-y-2 p-4"
      title={
        <>
          {f.rectTitle}
          {limit && rows.length > limit ? `（${f.more(rows.length)}）` : ""}
        </>
      }
    >
      <p className="text-sm text-slate-600">{f.rectIntro}</p>
      <PlainTable
        rows={rows.length}
        empty={f.rectNone}
        dense
        minWidth="min-w-[44rem]"
        headers={[f.rectCol.id, f.rectCol.unit, f.rectCol.method, f.rectCol.deductions, f.rectCol.fixDue, f.rectCol.fixStatus, f.rectCol.overdue]}
        numeric={[6]}
      >
        {shown.map((r) => (
          <tr key={r.id} className="border-t border-slate-100" data-testid="rectification" data-id={r.id} data-overdue={r.daysOverdue ?? 0}>
            <td className="whitespace-nowrap px-2 py-1 font-mono">{r.id}</td>
            <td className="whitespace-nowrap px-2 py-1">{r.unit}</td>
            <td className="whitespace-nowrap px-2 py-1">{r.method}</td>
            <td className="px-2 py-1">{r.deductions}</td>
            <td className="whitespace-nowrap px-2 py-1 tabular-nums">{r.fixDueUnknown ? f.rectUnknownDue : (r.fixDue ?? "—")}</td>
            <td className="px-2 py-1">{r.fixStatus ?? "—"}</td>
            <td className={`px-2 py-1 text-right tabular-nums ${r.daysOverdue ? "font-semibold text-red-700" : ""}`}>{r.daysOverdue ?? ""}</td>
          </tr>
        ))}
      </PlainTable>
    </CardSection>
  );
}
