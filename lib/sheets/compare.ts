import type { CellValue } from "../schema/cells";
import type { Column, Columns } from "../schema/columns";
import type { TabSpec } from "../schema/tabs";
import { isBlank } from "../schema/cells";
import { parseCell } from "../schema/values";

/**
 * Whether two cell values mean the same to the schema: "2026/3/5" and a date
 * cell of 5 March are equal; so are " 60% " and 60 in a progress column.
 */
export function sameCellValue(column: Column, a: CellValue, b: CellValue): boolean {
  if (isBlank(a) || isBlank(b)) return isBlank(a) && isBlank(b);
  const pa = parseCell(column, a);
  const pb = parseCell(column, b);
  if (pa.ok && pb.ok) return JSON.stringify(pa.value) === JSON.stringify(pb.value);
  return String(a).trim() === String(b).trim();
}

/**
 * The cells that no longer hold what the user saw, with their current values;
 * undefined when none changed. Both backends check this just before writing.
 */
export function findConflict(
  spec: TabSpec<Columns>,
  expected: Record<string, CellValue>,
  valueOf: (key: string) => CellValue,
): Record<string, CellValue> | undefined {
  const current: Record<string, CellValue> = {};
  let conflict = false;
  for (const [key, seen] of Object.entries(expected)) {
    current[key] = valueOf(key);
    const column = spec.columns[key];
    if (column && !sameCellValue(column, current[key] ?? null, seen)) conflict = true;
  }
  return conflict ? current : undefined;
}
