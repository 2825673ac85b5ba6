/**
 * The "table" that values.append appends to, as Google's guide describes it:
 * data found within the input range belongs to tables (blocks of data bounded
 * by empty rows and columns, which may reach outside the range); values go
 * below the last of those tables, starting at its first column. With the
 * guide's example sheet (tables A1:C2 and B4:D6) the input `Sheet1`, `B4`,
 * `C5:D5`, `B2:D4` and `A3:G10` all append at B7, `A1` appends at A3, and `E4`
 * (no data) writes at E4.
 */
import type { Box } from "./a1-notation";
import type { Sheet } from "./spreadsheet-model";

/** Index range [from, to] of data cells in one row, limited to columns from..to. */
function dataInRow(sheet: Sheet, row: number, from: number, to: number): { min: number; max: number } | undefined {
  const cells = sheet.rows[row];
  if (!cells) return undefined;
  let min: number | undefined;
  let max = -1;
  for (let c = Math.max(0, from); c <= Math.min(to, cells.length - 1); c++) {
    if (sheet.hasData(row, c)) {
      min ??= c;
      max = c;
    }
  }
  return min === undefined ? undefined : { min, max };
}

function dataInColumn(sheet: Sheet, column: number, from: number, to: number): { min: number; max: number } | undefined {
  if (column < 0) return undefined;
  let min: number | undefined;
  let max = -1;
  for (let r = Math.max(0, from); r <= Math.min(to, sheet.rows.length - 1); r++) {
    if (sheet.hasData(r, column)) {
      min ??= r;
      max = r;
    }
  }
  return min === undefined ? undefined : { min, max };
}

/**
 * The block of data around one cell: the smallest rectangle whose every
 * neighbouring row and column (diagonals included) is empty, like Excel's
 * "current region". Growth is done one side at a time so a long table costs
 * about one scan of its cells.
 */
function tableAround(sheet: Sheet, row: number, column: number): Box {
  let top = row;
  let bottom = row;
  let left = column;
  let right = column;
  let grew = true;
  while (grew) {
    grew = false;
    for (let hit = dataInRow(sheet, bottom + 1, left - 1, right + 1); hit; hit = dataInRow(sheet, bottom + 1, left - 1, right + 1)) {
      bottom++;
      left = Math.min(left, hit.min);
      right = Math.max(right, hit.max);
      grew = true;
    }
    for (
      let hit = top > 0 ? dataInRow(sheet, top - 1, left - 1, right + 1) : undefined;
      hit;
      hit = top > 0 ? dataInRow(sheet, top - 1, left - 1, right + 1) : undefined
    ) {
      top--;
      left = Math.min(left, hit.min);
      right = Math.max(right, hit.max);
      grew = true;
    }
    const rightHit = dataInColumn(sheet, right + 1, top - 1, bottom + 1);
    if (rightHit) {
      right++;
      top = Math.min(top, rightHit.min);
      bottom = Math.max(bottom, rightHit.max);
      grew = true;
    }
    const leftHit = dataInColumn(sheet, left - 1, top - 1, bottom + 1);
    if (leftHit) {
      left--;
      top = Math.min(top, leftHit.min);
      bottom = Math.max(bottom, leftHit.max);
      grew = true;
    }
  }
  return { startRow: top, startColumn: left, endRow: bottom + 1, endColumn: right + 1 };
}

function contains(box: Box, row: number, column: number): boolean {
  return row >= box.startRow && row < box.endRow && column >= box.startColumn && column < box.endColumn;
}

/** The last table with data inside `searchBox` (lowest bottom edge, then leftmost), or undefined when the box holds no data. */
export function findAppendTable(sheet: Sheet, searchBox: Box): Box | undefined {
  const tables: Box[] = [];
  const lastRow = Math.min(searchBox.endRow, sheet.rows.length);
  for (let r = searchBox.startRow; r < lastRow; r++) {
    const cells = sheet.rows[r];
    if (!cells) continue;
    const lastColumn = Math.min(searchBox.endColumn, cells.length);
    for (let c = searchBox.startColumn; c < lastColumn; c++) {
      if (!sheet.hasData(r, c) || tables.some((t) => contains(t, r, c))) continue;
      tables.push(tableAround(sheet, r, c));
    }
  }
  let last: Box | undefined;
  for (const table of tables) {
    if (!last || table.endRow > last.endRow || (table.endRow === last.endRow && table.startColumn < last.startColumn)) last = table;
  }
  return last;
}
