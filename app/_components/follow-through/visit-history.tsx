import type { Messages } from "@/lib/i18n";

interface Row {
  id: string;
  date: string;
  contactPoint: string;
  method: string | null;
  suggestions: number | null;
  solved: number | null;
  cadre?: string;
  unit?: string;
}

/** Visits newest first: a cadre's or a contact point's history. */
export function VisitHistory({ rows, t, showCadre = false }: { rows: readonly Row[]; t: Messages; showCadre?: boolean }) {
  const c = t.visits.col;
  if (rows.length === 0) return <p className="card p-4 text-sm text-slate-600">{t.followThrough.historyEmpty}</p>;
  return (
    <div className="card overflow-x-auto">
      <table className="w-full min-w-[36rem] text-sm" data-testid="visit-history">
        <thead className="bg-slate-50 text-left text-slate-500">
          <tr>
            <th className="px-3 py-2 font-medium">{c.date}</th>
            {showCadre && <th className="px-3 py-2 font-medium">{c.cadre}</th>}
            {showCadre && <th className="px-3 py-2 font-medium">{c.unit}</th>}
            <th className="px-3 py-2 font-medium">{c.contactPoint}</th>
            <th className="px-3 py-2 font-medium">{c.method}</th>
            <th className="px-3 py-2 text-right font-medium">{c.suggestions}</th>
            <th className="px-3 py-2 text-right font-medium">{c.solved}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-100" data-testid="visit-history-row">
              <td className="px-3 py-2 tabular-nums">{r.date}</td>
              {showCadre && <td className="px-3 py-2">{r.cadre}</td>}
              {showCadre && <td className="px-3 py-2">{r.unit}</td>}
              <td className="px-3 py-2">{r.contactPoint}</td>
              <td className="px-3 py-2">{r.method ?? ""}</td>
              <td className="px-3 py-2 text-right tabular-nums">{r.suggestions ?? "?"}</td>
              <td className="px-3 py-2 text-right tabular-nums">{r.solved ?? "?"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
