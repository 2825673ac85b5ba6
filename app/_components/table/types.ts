/**
 * What a page hands the table: plain rows and declarative columns. Both cross the
 * server/client boundary, so they hold data only — how a kind of cell looks lives in the table.
 */
export type CellValue = string | number | boolean | null | readonly string[];
export type PlainRow = Record<string, CellValue>;

export type ColumnKind =
  /** One line, cut with an ellipsis; the full text is in the title and the detail view. */
  | "text"
  | "number"
  /** A number shown with one decimal. */
  | "decimal"
  | "date"
  /** A value from a fixed list, shown through `labels` and sorted by `order`. */
  | "enum"
  /** red / yellow / green with an icon and a word, never colour alone. */
  | "light"
  /** 0–100 with a bar; `planKey` adds the planned share as a marker. */
  | "progress"
  | "bool"
  | "list"
  | "url"
  /** 好 / 较好 / 一般 / 差, coloured with the word. */
  | "grade"
  /** A list of unreadable cells: marked 数据有误 (the label) naming each cell. */
  | "problems";

export interface FilterOption {
  value: string;
  label: string;
}

export type ColumnFilter =
  /** One value out of the column's values (or `options`); list cells match when they contain it. */
  | { kind: "select"; param?: string; options?: FilterOption[] }
  /** A checkbox keeping rows whose cell is true ("overdue only"). */
  | { kind: "flag"; param?: string; label: string };

export interface TableColumn {
  key: string;
  header: string;
  kind?: ColumnKind;
  /** Width in pixels; the table is at least the sum of its columns wide and scrolls sideways below that. */
  width?: number;
  /** Hidden until chosen in the column picker. */
  hidden?: boolean;
  /** Display (and export, and search) text per raw value: `{ red: "红灯" }`. */
  labels?: Record<string, string>;
  /** Sort order of enum values (earlier first); values not listed sort after. */
  order?: readonly string[];
  /** The cell (or each item of a list) links to `base + encodeURIComponent(value of key)`. */
  link?: { base: string; key?: string };
  filter?: ColumnFilter;
  /** URL columns: the key of the link's own text (a hyperlink's label), shown instead of the address. */
  labelKey?: string;
  /** Progress columns: the key of the planned share to mark on the bar. */
  planKey?: string;
  align?: "left" | "right" | "center";
  /** Left out of free-text search (numbers usually are). */
  unsearchable?: boolean;
  /** Text columns: wrap onto two lines (the whole text in a tooltip) instead of one cut-off line. */
  wrap?: boolean;
  /** A hidden column shown by default while the filter of the column with this key is on (责任领导 in the overdue view). */
  shownWith?: string;
  /** Place on the phone card (1 is the card's heading); columns without one are in the row's detail. */
  card?: number;
}

export interface SortSpec {
  key: string;
  desc: boolean;
}
