/**
 * Between typed values and what a form field holds (text), and from a form's
 * typed values to the cells a store writes.
 */
import type { CellValue } from "../schema/cells";
import { isBlank } from "../schema/cells";
import type { Column, Columns } from "../schema/columns";
import type { TabSpec } from "../schema/tabs";
import { displayValue, parseCell } from "../schema/values";
import type { CellInput, RowInput } from "../sheets";

/** A typed value as a form field shows it: 60, 2026-03-05, 进行中, 经棚镇、宇宙地镇. */
export function formText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") return String(Math.round(value * 1e6) / 1e6);
  if (typeof value === "boolean") return value ? "是" : "否";
  if (Array.isArray(value)) return value.map(formText).join("、");
  return String(value);
}

/** A cell as a form field would show it: read as the schema reads it, or as it stands when it does not parse. */
export function formTextOfCell(column: Column | undefined, cell: CellValue | undefined): string {
  if (cell === undefined || isBlank(cell)) return "";
  if (!column) return displayValue(cell);
  const parsed = parseCell(column, cell);
  return parsed.ok ? formText(parsed.value) : displayValue(cell);
}

/** A typed value as the cell to write: dates as real dates, lists joined with 、, nothing as an empty cell. */
export function cellInputOf(column: Column, value: unknown): CellInput {
  if (value === undefined || value === null || value === "") return null;
  if (column.type === "date" && typeof value === "string") return { date: value };
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(String).join("、");
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/** The named fields of a form's typed values as a row to write. */
export function rowInputOf<C extends Columns>(spec: TabSpec<C>, data: Record<string, unknown>, keys: readonly (keyof C & string)[]): RowInput {
  const row: RowInput = {};
  for (const key of keys) row[key] = cellInputOf(spec.columns[key]!, data[key]);
  return row;
}

/** The hidden fields that carry what the user saw when the form was rendered. */
export const SEEN_PREFIX = "seen.";

export function seenField(key: string): string {
  return `${SEEN_PREFIX}${key}`;
}

/** What the form says the user saw, for the given fields ("" for an empty cell). */
export function seenValues(values: Record<string, unknown>, keys: readonly string[]): Record<string, string> {
  const seen: Record<string, string> = {};
  for (const key of keys) {
    const v = values[seenField(key)];
    // Bounded: the seen value is compared, never stored, but a forged post should not be huge.
    seen[key] = typeof v === "string" ? v.slice(0, 10_000) : "";
  }
  return seen;
}
