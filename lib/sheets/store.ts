import type { CellValue, RawWorkbook } from "../schema/cells";
import type { Columns } from "../schema/columns";
import type { TabSpec } from "../schema/tabs";

/** A value the app writes: plain values only, never a formula. Dates as `{ date: "YYYY-MM-DD" }`. */
/** `dateTime` is an instant (ISO with zone); each backend stores it as wall-clock time in its own zone. */
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

export type UpdateResult =
  | { ok: true; row: number; before: Record<string, CellValue>; after: Record<string, CellValue> }
  | { ok: false; reason: "not-found" | "duplicate-id" | "missing-tab" | "missing-header" | "conflict" | "locked"; detail?: string; current?: Record<string, CellValue> };

export type AppendResult = { ok: true; rows: number[] } | { ok: false; reason: "missing-tab" | "missing-header" | "locked"; detail?: string };

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
  append(spec: TabSpec<Columns>, rows: RowInput[]): Promise<AppendResult>;
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
  ): Promise<UpdateResult>;
  /** Creates the spreadsheet with every tab and its rows. Refuses to replace existing data unless `force`. */
  create(tabs: TabContent[], opts?: { force?: boolean }): Promise<void>;
}
