/**
 * A table as exported: headers and literal cell values, nothing about the page it came from.
 * Dates are ISO strings (YYYY-MM-DD) in columns typed "date".
 */
export type ExportValue = string | number | null | undefined;

export interface ExportColumn {
  header: string;
  type?: "text" | "number" | "date";
}

export interface ExportTable {
  /** Sheet name in XLSX, and the start of the file name. */
  name: string;
  columns: ExportColumn[];
  rows: ExportValue[][];
}

const UNSAFE_FILE_CHARS = /[\\/:*?"<>|\u0000-\u001f]/gu;

/** `任务_2026-11-20.csv`: the table name, the date of the export, and the extension. */
export function exportFileName(name: string, date: string, extension: "csv" | "xlsx"): string {
  const base = name.replace(UNSAFE_FILE_CHARS, "_").trim() || "export";
  return `${base}_${date}.${extension}`;
}
