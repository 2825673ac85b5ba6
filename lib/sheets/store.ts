import type { CellValue, RawWorkbook } from "../schema/cells";
import type { Columns } from "../schema/columns";
import type { TabSpec } from "../schema/tabs";

/** A value the app writes: plain values only, never a formula. Dates as `{ date: "YYYY-MM-DD" }`. */
/**
 * `dateTime` is either an instant (ISO with Z or an offset), which each backend stores as
 * the wall-clock time of its zone, or a wall-clock "YYYY-MM-DDTHH:mm:ss" (no zone), which
 * the data layer has already put in the deployment's zone and is stored as it is.
 */
export type CellInput = string | number | boolean | null | { date: string } | { dateTime: string };

/** Column key → value, for one row. Unknown keys are an error; missing keys are left untouched. */
export type RowInput = Record<string, CellInput>;

/** A whole tab as the seed (or an export) lays it out: optional title rows, the header, then rows. */
export interface TabContent {
  spec: TabSpec<Columns>;
  titleRows?: string[];
  rows: RowInput[];
  /** Only the organisation department may edit this tab (the 用户 tab grants roles). */
  protect?: boolean;
}

/**
 * Another row the update's cells first landed in, because a person moved rows
 * between the store's read and its write, and what was done about it: its
 * earlier values put back, or — for a row inserted in that moment, whose
 * earlier values the store never saw — emptied, for a person to check.
 */
export interface MisplacedWrite {
  row: number;
  rowId?: string;
  keys: string[];
  restored: "earlier" | "emptied";
}

export type UpdateResult =
  | { ok: true; row: number; before: Record<string, CellValue>; after: Record<string, CellValue>; misplaced?: MisplacedWrite[]; logged?: boolean }
  | {
      ok: false;
      reason: "not-found" | "duplicate-id" | "missing-tab" | "missing-header" | "conflict" | "locked";
      detail?: string;
      current?: Record<string, CellValue>;
    };

export type AppendResult =
  /** existing: the rows among `rows` that already held their ID, so nothing was written there (the local workbook says so). */
  { ok: true; rows: number[]; existing?: number[]; logged?: boolean } | { ok: false; reason: "missing-tab" | "missing-header" | "locked"; detail?: string };

/** IDs given to rows that had none: where each landed and what it is. */
export type AssignIdsResult =
  | { ok: true; assigned: { row: number; id: string }[]; logged?: boolean }
  | { ok: false; reason: "missing-tab" | "missing-header" | "locked"; detail?: string };

/**
 * Rows to append to another tab (the audit log) in the same step as a write,
 * made from the write's outcome: in the same file save on the workbook, right
 * after it in the same queue on Google Sheets. `logged` on the result says
 * whether they were written.
 */
export interface LogAlong<R> {
  spec: TabSpec<Columns>;
  rows: (result: R) => RowInput[];
}

/**
 * The spreadsheet behind DutyBoard. Pages and actions never touch a backend
 * directly; both the workbook and Google Sheets implement this.
 */
export interface SheetStore {
  readonly kind: "xlsx" | "google";
  /** Every tab in one read. */
  readAll(): Promise<RawWorkbook>;
  /**
   * A cheap token that changes whenever the spreadsheet changes (file mtime,
   * revision), or undefined when the backend cannot tell without a full read.
   */
  version(): Promise<string | undefined>;
  /** Appends rows below the tab's last row; values are written literally. */
  append(spec: TabSpec<Columns>, rows: RowInput[], log?: LogAlong<Extract<AppendResult, { ok: true }>>): Promise<AppendResult>;
  /**
   * Changes the named cells of the row whose ID is `id`, found again just
   * before writing. With `expected`, nothing is written when any of those
   * cells no longer hold the expected value (a conflict).
   */
  updateById(
    spec: TabSpec<Columns>,
    id: string,
    changes: RowInput,
    expected?: Record<string, CellValue>,
    log?: LogAlong<Extract<UpdateResult, { ok: true }>>,
  ): Promise<UpdateResult>;
  /**
   * Gives every non-blank row whose ID cell is empty a new ID from `newId`.
   * The rows are found by position in a read made just before writing, and
   * each ID is checked to have landed in the row it was meant for.
   */
  assignMissingIds(spec: TabSpec<Columns>, newId: () => string, log?: LogAlong<Extract<AssignIdsResult, { ok: true }>>): Promise<AssignIdsResult>;
  /** Creates the spreadsheet with every tab and its rows. Refuses to replace existing data unless `force`. */
  create(tabs: TabContent[], opts?: { force?: boolean }): Promise<void>;
}
