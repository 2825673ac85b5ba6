import type { Columns } from "../lib/schema/columns";
import type { TabSpec } from "../lib/schema/tabs";
import type { CellInput, RowInput } from "../lib/sheets/store";

/** A row keyed by the tab's own column keys, so a misspelt key fails to compile. */
export type CellsOf<C extends Columns> = { [K in keyof C]?: CellInput | undefined };

/** The row as the store takes it; absent values are left out so their cells stay blank. */
export function rowOf<C extends Columns>(_spec: TabSpec<C>, cells: CellsOf<C>): RowInput {
  const row: RowInput = {};
  for (const [key, value] of Object.entries(cells) as [string, CellInput | undefined][]) {
    if (value !== undefined) row[key] = value;
  }
  return row;
}

export const dateCell = (date: string) => ({ date });

/**
 * `minutes` after midnight on `date` as the wall clock a person typed (no zone): stored
 * as it is in either backend, whatever the deployment's or the server's zone.
 */
export function dateTimeCell(date: string, minutes: number) {
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return { dateTime: `${date}T${hh}:${mm}:00` };
}
