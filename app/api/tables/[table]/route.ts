import { toExportTable } from "@/app/_components/export/export-table";
import { noticeResponse } from "@/app/_lib/notice-response";
import { serverPage, type TablePage, viewRows } from "@/app/_components/table/server-page";
import { defaultColumns, readView } from "@/app/_components/table/url-state";
import { currentMessages } from "@/app/_lib/locale";
import type { PlainRow, SortSpec, TableColumn } from "@/app/_components/table/types";
import { TASK_DEFAULT_SORT, taskColumns } from "@/app/(board)/tasks/columns";
import { VISIT_DEFAULT_SORT, visitColumns } from "@/app/(board)/visits/columns";
import { requireApiAccess } from "@/lib/auth/access";
import type { Capability, Viewer } from "@/lib/auth/roles";
import { tasksView, visitsView } from "@/lib/data/views";
import type { Messages } from "@/lib/i18n";
import { BOM, csvField } from "@/lib/export/csv";
import { exportFileName } from "@/lib/export/table";

const CHUNK = 2000;

interface TableSource {
  capability: Capability;
  /** The rows the viewer may see in the year, as the page gets them; null when the role sees none. */
  load: (viewer: Viewer, year: number | undefined) => Promise<{ rows: PlainRow[] | null; year: number; today: string }>;
  columns: (t: Messages) => TableColumn[];
  defaultSort: readonly SortSpec[];
  name: (t: Messages, year: number) => string;
}

const TABLES: Record<string, TableSource> = {
  visits: { capability: "visits.read", load: visitsView, columns: visitColumns, defaultSort: VISIT_DEFAULT_SORT, name: (t, y) => t.visits.exportName(y) },
  tasks: { capability: "tasks.read", load: tasksView, columns: taskColumns, defaultSort: TASK_DEFAULT_SORT, name: (t, y) => t.tasks.exportName(y) },
};

/**
 * `format=page`: one page of the view as JSON (`TablePage`), what a server-paged table fetches
 * when its search, filters, sort or page change, instead of re-rendering the whole page.
 * `format=csv` (the default) or `xlsx`: every row of /visits or /tasks that the URL's view selects (the same search, filters, sort
 * and columns as the page), as CSV streamed in chunks or as one XLSX: what a server-paged
 * table exports. Role rules as on the page: viewers (visit aggregates only) are refused, a
 * unit officer limited to its own unit gets only those rows.
 */
export async function GET(request: Request, { params: routeParams }: { params: Promise<{ table: string }> }) {
  const source = TABLES[(await routeParams).table];
  if (!source) return noticeResponse("not-found", { code: "api.table-not-found" }, { status: 404 });
  const access = await requireApiAccess(request, source.capability);
  if (!access.ok) return access.response;
  const params = new URL(request.url).searchParams;
  const format = params.get("format") ?? "csv";
  if (format !== "csv" && format !== "xlsx" && format !== "page") return noticeResponse("bad-format", { code: "api.bad-format" }, { status: 400 });
  const yearParam = params.get("year");
  const year = yearParam === null || yearParam === "" ? undefined : Number(yearParam);
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
    return noticeResponse("bad-year", { code: "api.bad-year" }, { status: 400 });
  }
  const view = await source.load(access.viewer, year);
  if (view.rows === null) return noticeResponse("forbidden", { code: "api.summary-only" }, { status: 403 });
  const { t } = await currentMessages();
  const columns = source.columns(t);
  const yesNo = { yes: t.tables.yes, no: t.tables.no };
  if (format === "page") {
    // A big table's view change: one page of the view and its counts, nothing else of the page.
    const { rows, paging } = serverPage(view.rows, columns, params, source.defaultSort, yesNo);
    return Response.json({ rows, paging } satisfies TablePage, { headers: { "Cache-Control": "no-store" } });
  }
  const chosen = readView(params, columns);
  const keys = chosen.columns ?? defaultColumns(columns, chosen.filters);
  const shown = columns.filter((c) => keys.includes(c.key));
  const rows = viewRows(view.rows, columns, params, source.defaultSort, yesNo);
  const name = source.name(t, view.year);
  const headers = { "Cache-Control": "no-store", "X-Row-Count": String(rows.length) };
  if (format === "xlsx") {
    const { toXlsx } = await import("@/lib/export/xlsx");
    const bytes = await toXlsx(toExportTable(name, shown, rows, yesNo));
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        ...headers,
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(exportFileName(name, view.today, "xlsx"))}`,
      },
    });
  }
  const encoder = new TextEncoder();
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${BOM}${shown.map((c) => csvField(c.header)).join(",")}\r\n`));
    },
    pull(controller) {
      if (at >= rows.length) {
        controller.close();
        return;
      }
      const part = toExportTable(name, shown, rows.slice(at, at + CHUNK), yesNo);
      at += CHUNK;
      controller.enqueue(encoder.encode(part.rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n"));
    },
  });
  return new Response(stream, {
    headers: {
      ...headers,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(exportFileName(name, view.today, "csv"))}`,
    },
  });
}
