import type { CellValue } from "../schema/cells";
import type { Column } from "../schema/columns";
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
