import type { ReactNode } from "react";

interface PlainTableProps {
  /** The column headers, in order (null for an unnamed column, such as the actions). */
  headers: readonly ReactNode[];
  /** Indexes of the columns that hold figures (right-aligned headers). */
  numeric?: readonly number[];
  /** How many rows there are; with `empty`, none shows that note instead of the table. */
  rows?: number;
  empty?: ReactNode;
  /** A note above the table (only with rows). */
  note?: ReactNode;
  /** Tailwind min-width of the table, e.g. "min-w-[40rem]" (it scrolls sideways on a phone). */
  minWidth?: string;
  /** Tighter cells (the follow-through lists) rather than the admin pages' roomier ones. */
  dense?: boolean;
  testId?: string;
  /** Spacing above (the note or the table). */
  className?: string;
  /** The table's rows. */
  children: ReactNode;
}

/**
 * A plain table of an admin page or a follow-through list (未走访名单, 整改清单): a note when
 * there are no rows, else a sideways-scrolling table with its header row.
 */
export function PlainTable({ headers, numeric = [], rows, empty, note, minWidth = "", dense = false, testId, className = "", children }: PlainTableProps) {
  if (rows === 0 && empty !== undefined) return <p className={`${className} text-sm text-slate-600`.trim()}>{empty}</p>;
  const cell = dense ? "px-2 py-1" : "px-3 py-2";
  return (
    <div className={`${className} overflow-x-auto`.trim()}>
      {note}
      <table className={["w-full", minWidth, "text-sm"].filter(Boolean).join(" ")} data-testid={testId}>
        <thead className="text-left text-slate-500">
          <tr>
            {headers.map((header, i) => (
              <th key={i} className={`${cell} ${numeric.includes(i) ? "text-right " : ""}font-medium`}>
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
