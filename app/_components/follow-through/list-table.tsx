import type { ReactNode } from "react";

/** A column of a follow-through list: its header, and whether it holds figures (right-aligned). */
export interface ListColumn {
  label: ReactNode;
  numeric?: boolean;
}

interface FollowThroughTableProps {
  columns: readonly ListColumn[];
  /** How many rows there are; none shows `empty` instead of the table. */
  rows: number;
  empty: ReactNode;
  /** A note above the table (only with rows). */
  note?: ReactNode;
  /** The table's rows. */
  children: ReactNode;
}

/** The follow-through lists' table (未走访名单, 整改清单): a note when empty, else a sideways-scrolling table. */
export function FollowThroughTable({ columns, rows, empty, note, children }: FollowThroughTableProps) {
  if (rows === 0) return <p className="text-sm text-slate-700">{empty}</p>;
  return (
    <div className="overflow-x-auto">
      {note}
      <table className="w-full min-w-[44rem] text-sm">
        <thead className="text-left text-slate-500">
          <tr>
            {columns.map((c, i) => (
              <th key={i} className={`px-2 py-1 ${c.numeric ? "text-right " : ""}font-medium`}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
