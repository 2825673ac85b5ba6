/**
 * Column definitions. Each column names its Chinese header, its English key and
 * how a cell is parsed; a tab's row type is inferred from its columns so the
 * spreadsheet layout and the TypeScript types cannot drift apart.
 */

export type IsoDate = string; // YYYY-MM-DD

export interface EnumOption<L extends string = string> {
  label: L; // the Chinese label, also the value used throughout the app
  key: string; // the English key accepted in the sheet
}

// biome-ignore lint/correctness/noUnusedVariables: T documents the parsed type of each variant
interface ColumnBase<T> {
  /** Chinese header as staff see it. */
  header: string;
  required: boolean;
}

export type Column =
  | (ColumnBase<string> & { type: "text"; maxLength?: number })
  | (ColumnBase<string> & { type: "url" })
  | (ColumnBase<string> & { type: "datetime" })
  | (ColumnBase<IsoDate> & { type: "date" })
  | (ColumnBase<number> & { type: "int"; min?: number; max?: number })
  | (ColumnBase<number> & { type: "number"; min?: number; max?: number; percent?: boolean })
  | (ColumnBase<string> & { type: "enum"; options: readonly EnumOption[] })
  | (ColumnBase<string[]> & { type: "list" })
  | (ColumnBase<boolean> & { type: "bool" });

/** A column with its parsed type and requiredness kept as phantom types for RowOf. */
export type ColumnOf<T, R extends boolean> = Column & { readonly _value?: (value: T) => T; readonly _required?: R };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function make<T, R extends boolean>(col: DistributiveOmit<Column, "required"> & { required?: R }): ColumnOf<T, R> {
  return { ...col, required: (col.required ?? false) as R } as ColumnOf<T, R>;
}

interface Opts<R extends boolean> {
  required?: R;
}

export const col = {
  text: <R extends boolean = false>(header: string, o: Opts<R> & { maxLength?: number } = {}) => make<string, R>({ type: "text", header, ...o }),
  url: <R extends boolean = false>(header: string, o: Opts<R> = {}) => make<string, R>({ type: "url", header, ...o }),
  datetime: <R extends boolean = false>(header: string, o: Opts<R> = {}) => make<string, R>({ type: "datetime", header, ...o }),
  date: <R extends boolean = false>(header: string, o: Opts<R> = {}) => make<IsoDate, R>({ type: "date", header, ...o }),
  int: <R extends boolean = false>(header: string, o: Opts<R> & { min?: number; max?: number } = {}) => make<number, R>({ type: "int", header, ...o }),
  number: <R extends boolean = false>(header: string, o: Opts<R> & { min?: number; max?: number; percent?: boolean } = {}) =>
    make<number, R>({ type: "number", header, ...o }),
  enum: <const O extends readonly EnumOption[], R extends boolean = false>(header: string, options: O, o: Opts<R> = {}) =>
    make<O[number]["label"], R>({ type: "enum", header, options, ...o }),
  list: <R extends boolean = false>(header: string, o: Opts<R> = {}) => make<string[], R>({ type: "list", header, ...o }),
  bool: <R extends boolean = false>(header: string, o: Opts<R> = {}) => make<boolean, R>({ type: "bool", header, ...o }),
};

export type Columns = Record<string, Column>;

type ValueOf<C> = C extends { readonly _value?: (value: infer T) => unknown } ? T : never;
type RequiredKeys<C extends Columns> = {
  [K in keyof C]: C[K] extends { readonly _required?: infer R } ? (true extends R ? K : never) : never;
}[keyof C];
type OptionalKeys<C extends Columns> = Exclude<keyof C, RequiredKeys<C>>;

/** A cell that held something the column cannot read: its value is *unknown*, never 0 or blank. */
export interface BadCell {
  /** The column's header as the sheet names it. */
  column: string;
  /** A1 address, e.g. "F12". */
  cell: string;
  /** The cell as text ("" for a required cell left empty). */
  value: string;
}

/**
 * The typed row of a tab: required columns present, others optional. A key listed in
 * `_bad` is unknown: its field is absent (even a required one) and figures that need it
 * must say so instead of taking it as blank.
 */
export type RowOf<C extends Columns> = { [K in RequiredKeys<C>]: ValueOf<C[K]> } & {
  [K in OptionalKeys<C>]?: ValueOf<C[K]>;
} & {
  /** 1-based row number in the sheet where this row was read. */
  _row: number;
  /** A URL column's link text, when the cell was a hyperlink whose text is not its address: column key → label. */
  _labels?: Partial<Record<string, string>>;
  /** Cells that could not be read, by column key; absent when every cell was read. */
  _bad?: Partial<Record<keyof C & string, BadCell>>;
  /** A unit cell as written when it held the unit's ID (the field holds its name), for writes that compare the cell. */
  _written?: Partial<Record<keyof C & string, string>>;
};
