import { a1, isBlank, type RawTab } from "./cells";
import type { BadCell, Columns, RowOf } from "./columns";
import { findHeaderRow, isHeaderMap, type HeaderMap } from "./header";
import { problem, type Problem } from "./problems";
import type { TabSpec } from "./tabs";
import { compileCell, displayValue, parseCell, parseUrl, UNDECIDED } from "./values";

export interface ParsedTab<C extends Columns> {
  /**
   * Every non-blank row, once per ID: a cell that does not parse leaves the row in, with
   * that key in `_bad`. Only the second and later rows of a duplicated ID are left out.
   */
  rows: RowOf<C>[];
  problems: Problem[];
  header?: HeaderMap;
  /** False when the tab is missing or its header cannot be found. */
  usable: boolean;
}

/** Tabs that are not figures: a row with an unreadable cell is left out rather than guessed. */
const GUARDED_TABS = new Set(["units", "users", "settings"]);

/** Which unit columns tie a row to a unit, so unit users see their own rows' problems. */
const UNIT_COLUMNS = ["leadUnit", "partnerUnits", "unit"];

function rowUnits(record: Record<string, unknown>): string[] | undefined {
  let units: string[] | undefined;
  for (const k of UNIT_COLUMNS) {
    const v = record[k];
    if (Array.isArray(v)) (units ??= []).push(...(v as string[]));
    else if (typeof v === "string") (units ??= []).push(v);
  }
  return units;
}

function allBlank(cells: readonly unknown[], indexes: readonly number[]): boolean {
  for (const i of indexes) if (!isBlank(cells[i] as Parameters<typeof isBlank>[0])) return false;
  return true;
}

/** Where a problem is; worked out only when there is one (a tab may have 100,000 rows). */
function addressOf(tab: string, header: HeaderMap, key: string, index: number, row: number) {
  return { tab, row, column: header.names[key], cell: a1(index, row) };
}

/**
 * Turns a tab's cells into typed rows and precise problems. A cell that does not parse
 * is reported and marked unknown in `_bad`, its row kept; blank rows are skipped silently.
 */
export function parseTab<C extends Columns>(spec: TabSpec<C>, raw: RawTab | undefined): ParsedTab<C> {
  if (!raw) {
    if (spec.optional) return { rows: [], usable: false, problems: [] };
    // The app creates its own tabs when it first writes to them: their absence is no fault of the staff.
    const severity = spec.appOnly ? "warning" : "error";
    return { rows: [], usable: false, problems: [problem({ tab: spec.title, code: "missing-tab", params: { tab: spec.title }, severity })] };
  }
  if (raw.unreadable !== undefined) {
    return { rows: [], usable: false, problems: [problem({ tab: raw.title, code: "unreadable-tab", params: { tab: raw.title, detail: raw.unreadable } })] };
  }
  const found = findHeaderRow(spec, raw.rows);
  if (!isHeaderMap(found)) {
    return {
      rows: [],
      usable: false,
      problems: [problem({ tab: raw.title, code: "missing-header", params: { columns: found.missing.join("、") } })],
    };
  }
  const header = found;
  const headerCells = raw.rows.find((r) => r.row === header.row)?.cells ?? [];
  const problems: Problem[] = header.duplicates.map((d) =>
    problem({
      tab: raw.title,
      row: header.row,
      column: header.names[d.key],
      cell: a1(d.second, header.row),
      value: displayValue(headerCells[d.second] ?? null).trim(),
      code: "duplicate-header",
      params: {
        column: header.names[d.key] ?? d.key,
        first: a1(d.first, header.row).replace(/\d+$/u, ""),
        second: a1(d.second, header.row).replace(/\d+$/u, ""),
      },
      severity: "warning",
    }),
  );
  const rows: RowOf<C>[] = [];
  const idRows = new Map<string, number>();
  const idKey = spec.idColumn;
  // Worked out once per tab, not per row: a tab may have 100,000 rows.
  const present = Object.entries(spec.columns).flatMap(([key, column]) => {
    const index = header.index[key];
    return index === undefined ? [] : [{ key, column, index, read: compileCell(column) }];
  });
  const keyIndexes = Object.values(header.index);

  for (const rawRow of raw.rows) {
    if (rawRow.row <= header.row) continue;
    if (allBlank(rawRow.cells, keyIndexes)) continue;

    const record: Record<string, unknown> = { _row: rawRow.row };
    const bad: Record<string, BadCell> = {};
    let badCount = 0;
    const rowProblems: Omit<Problem, "rowId" | "units">[] = [];
    for (const { key, column, index, read } of present) {
      const cell = rawRow.cells[index] ?? null;
      // The common cell, read by the column's compiled reader; anything it cannot decide goes the long way below
      // (undefined: a blank text, which the long way treats as blank, required or not).
      if (cell !== null && column.type !== "url") {
        const value = read(cell);
        if (value !== UNDECIDED && value !== undefined) {
          record[key] = value;
          continue;
        }
      }
      const link = column.type === "url" ? rawRow.links?.[index] : undefined;
      if (link !== undefined) {
        // A hyperlink in a URL column is read as its target; the cell's text, when it is not the address, is its label.
        const parsed = parseUrl(link);
        if (parsed.ok) {
          record[key] = parsed.value;
          const label = isBlank(cell) ? "" : displayValue(cell).trim();
          if (label && label !== parsed.value) ((record._labels ??= {}) as Record<string, string>)[key] = label;
        } else {
          rowProblems.push(problem({ ...addressOf(raw.title, header, key, index, rawRow.row), value: link, code: parsed.code, params: parsed.params }));
        }
        continue;
      }
      if (isBlank(cell)) {
        if (column.required && key !== idKey) {
          const where = addressOf(raw.title, header, key, index, rawRow.row);
          rowProblems.push(problem({ ...where, value: "", code: "required", params: { column: header.names[key] ?? column.header } }));
          bad[key] = { column: where.column ?? column.header, cell: where.cell, value: "" };
          badCount++;
        }
        continue;
      }
      const parsed = parseCell(column, cell);
      if (parsed.ok) {
        if (parsed.value !== undefined) record[key] = parsed.value;
      } else {
        const where = addressOf(raw.title, header, key, index, rawRow.row);
        rowProblems.push(problem({ ...where, value: displayValue(cell), code: parsed.code, params: parsed.params }));
        bad[key] = { column: where.column ?? column.header, cell: where.cell, value: displayValue(cell) };
        badCount++;
      }
    }

    if (badCount > 0) {
      record._bad = bad;
      // A required text read as "" keeps lists and pages whole; `_bad` still says it is unknown.
      for (const key of Object.keys(bad)) if (spec.columns[key]?.type === "text" && spec.columns[key]?.required && key !== idKey) record[key] = "";
    }
    const id = record[idKey] as string | undefined;
    const idIndex = header.index[idKey] ?? 0;
    let duplicate = false;
    if (id === undefined) {
      // Counted in the figures all the same: the data is sound, only its identity is missing.
      rowProblems.push(
        problem({
          ...addressOf(raw.title, header, idKey, idIndex, rawRow.row),
          value: "",
          code: "missing-id",
          params: { column: header.names[idKey] ?? idKey },
          severity: "warning",
        }),
      );
    } else if (!spec.sharedIds) {
      const firstRow = idRows.get(id);
      if (firstRow === undefined) idRows.set(id, rawRow.row);
      else {
        duplicate = true;
        rowProblems.push(
          problem({
            ...addressOf(raw.title, header, idKey, idIndex, rawRow.row),
            value: id,
            code: "duplicate-id",
            params: { id, firstRow },
            severity: "warning",
          }),
        );
      }
    }

    if (rowProblems.length === 0) {
      rows.push(record as RowOf<C>);
      continue;
    }
    const units = rowUnits(record);
    for (const p of rowProblems) problems.push({ ...p, ...(id !== undefined && { rowId: id }), ...(units && { units }) });
    // The same record twice would count twice; anything else stays, its bad cells unknown —
    // except where a guess could grant access or change a rule (users, settings, units, app tabs).
    const guarded = spec.appOnly || GUARDED_TABS.has(spec.key);
    if (!duplicate && !(guarded && rowProblems.some((p) => p.severity === "error"))) rows.push(record as RowOf<C>);
  }
  return { rows, problems, header, usable: true };
}
