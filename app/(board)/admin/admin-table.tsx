import type { ReactNode } from "react";

/** A header cell of an admin table. */
const th = "px-3 py-2 text-left font-medium text-slate-500";

interface AdminTableProps {
  /** The column headers, in order (null for an unnamed column, such as the actions). */
  headers: readonly ReactNode[];
  /** How many rows there are; with `empty`, none shows that note instead of the table. */
  rows?: number;
  empty?: ReactNode;
  /** Tailwind min-width of the table, e.g. "min-w-[40rem]" (it scrolls sideways on a phone). */
  minWidth?: string;
  testId: string;
  /** Spacing above (the note or the table). */
  className?: string;
  /** The table's rows. */
  children: ReactNode;
}

/** The admin pages' table: a note when there are no rows, else a sideways-scrolling table with its header row. */
export function AdminTable({ headers, rows, empty, minWidth = "", testId, className = "", children }: AdminTableProps) {
  if (rows === 0 && empty !== undefined) return <p className={`${className} text-sm text-slate-600`.trim()}>{empty}</p>;
  return (
    <div className={`${className} overflow-x-auto`.trim()}>
      <table className={`w-full ${minWidth} text-sm`.replace("  ", " ")} data-testid={testId}>
        <thead>
          <tr>
            {headers.map((header, i) => (
              <th key={i} className={th}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
