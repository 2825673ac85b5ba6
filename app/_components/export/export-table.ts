import type { ExportColumn, ExportTable, ExportValue } from "@/lib/export/table";
import { cellText, type YesNo } from "../table/format";
import type { CellValue, PlainRow, TableColumn } from "../table/types";

function exportType(column: TableColumn): ExportColumn["type"] {
  switch (column.kind) {
    case "number":
    case "decimal":
    case "progress":
      return "number";
    case "date":
      return "date";
    default:
      return "text";
  }
}

function exportValue(column: TableColumn, value: CellValue | undefined, yesNo: YesNo): ExportValue {
  const type = exportType(column);
  if (type === "number") return typeof value === "number" ? value : null;
  if (type === "date") return typeof value === "string" ? value : null;
  const text = cellText(column, value, yesNo);
  return text === "" ? null : text;
}

/** The rows as shown — the same labels as on screen — in the columns shown. */
export function toExportTable(name: string, columns: readonly TableColumn[], rows: readonly PlainRow[], yesNo: YesNo): ExportTable {
  return {
    name,
    columns: columns.map((c) => ({ header: c.header, type: exportType(c) })),
    rows: rows.map((row) => columns.map((c) => exportValue(c, row[c.key], yesNo))),
  };
}
