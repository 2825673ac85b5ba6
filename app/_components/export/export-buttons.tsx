"use client";

import { useState } from "react";
import { toCsv } from "@/lib/export/csv";
import { exportFileName, type ExportTable } from "@/lib/export/table";
import { messagesFor, type Locale } from "@/lib/i18n";

function download(bytes: BlobPart, type: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * CSV and Excel downloads of the rows on screen. The rows are already the viewer's
 * (the server sent nothing else), so exporting in the browser needs no second check;
 * exceljs is loaded only when someone asks for a workbook.
 */
export function ExportButtons({
  locale,
  name,
  date,
  table,
  serverExport,
}: {
  locale: Locale;
  name: string;
  date: string;
  table: () => ExportTable;
  /** A server-paged table: the browser holds one page, so the server streams every matching row (role-checked there). */
  serverExport?: { csv: string; xlsx: string };
}) {
  const t = messagesFor(locale).tables;
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  async function exportXlsx() {
    setBusy(true);
    setFailed(false);
    try {
      const { toXlsx } = await import("@/lib/export/xlsx");
      const bytes = await toXlsx(table());
      download(bytes as Uint8Array<ArrayBuffer>, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exportFileName(name, date, "xlsx"));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60";
  if (serverExport) {
    return (
      <div className="flex items-center gap-2" title={t.exportHint}>
        <a className={button} href={serverExport.csv} download data-testid="export-csv">
          {t.exportCsv}
        </a>
        <a className={button} href={serverExport.xlsx} download data-testid="export-xlsx">
          {t.exportXlsx}
        </a>
      </div>
    );
  }
  return (
    <div className="flex items-center gap-2" title={t.exportHint}>
      <button type="button" className={button} onClick={() => download(toCsv(table()), "text/csv;charset=utf-8", exportFileName(name, date, "csv"))}>
        {t.exportCsv}
      </button>
      <button type="button" className={button} onClick={exportXlsx} disabled={busy} aria-busy={busy}>
        {busy ? t.exporting : t.exportXlsx}
      </button>
      {failed && (
        <span role="alert" className="text-sm text-red-700">
          {t.exportFailed}
        </span>
      )}
    </div>
  );
}
