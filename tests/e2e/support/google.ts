/**
 * The Google end-to-end tests' hands on the spreadsheet: the Sheets API
 * emulator's control endpoints (hand edits, injected failures, request
 * counts), the doctor CLI run against the same spreadsheet, and the
 * revalidation webhook.
 */
import { expect, type APIRequestContext } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { summarize } from "../../../lib/domain/summary";
import { columnLetter } from "../../../lib/schema/cells";
import { parseWorkbook } from "../../../lib/schema/workbook";
import { XlsxStore } from "../../../lib/sheets/xlsx-store";
import { generateSampleData } from "../../../seeds/generate";
import { GOOGLE_E2E_BASE_URL, GOOGLE_E2E_EMULATOR_PORT, GOOGLE_E2E_EMULATOR_URL, GOOGLE_E2E_REVALIDATE_SECRET } from "./google-env";

export { GOOGLE_E2E_BASE_URL, GOOGLE_E2E_REVALIDATE_SECRET };

/** The date the e2e servers pretend it is (playwright.config.ts). */
const E2E_TODAY = "2026-11-20";

type HandEdit = { sheet: string; op: "set"; cell: string; value: string | number };
type FailNext = { status: 429 | 500 | 503; count: number; kind?: "read" | "write" | "any" } | null;

async function control<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${GOOGLE_E2E_EMULATOR_URL}/__emulator${path}`, {
    method: body === undefined ? "GET" : "POST",
    ...(body !== undefined && { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`emulator ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The one spreadsheet the e2e server seeded (its ID changes on every start). */
export async function spreadsheetId(): Promise<string> {
  const { spreadsheets } = await control<{ spreadsheets: { spreadsheetId: string }[] }>("/spreadsheets");
  const [only, ...more] = spreadsheets;
  if (!only || more.length > 0) throw new Error(`expected one spreadsheet on the emulator, found ${spreadsheets.length}`);
  return only.spreadsheetId;
}

/** Edits cells as a person in the browser would: not an API request, so the app learns of it only by reading. */
export async function handEdit(edits: HandEdit | HandEdit[]): Promise<void> {
  await control(`/spreadsheets/${encodeURIComponent(await spreadsheetId())}/edit`, edits);
}

/** Makes the next `count` API calls fail before they are handled, as Google's 429 and 503 do. */
export async function failNext(failure: FailNext): Promise<void> {
  await control("/config", { failNext: failure });
}

export async function sheetsRequests(): Promise<Record<string, number>> {
  return (await control<{ requests: { byMethod: Record<string, number> } }>("/stats")).requests.byMethod;
}

/** A tab's rows as stored (dates as serial numbers). */
export async function rowsOf(sheet: string): Promise<unknown[][]> {
  const dump = await control<{ sheets: { title: string; rows: unknown[][] }[] }>(`/spreadsheets/${encodeURIComponent(await spreadsheetId())}`);
  const found = dump.sheets.find((s) => s.title === sheet);
  if (!found) throw new Error(`no tab ${sheet}`);
  return found.rows;
}

/** The A1 address and value of a column's cell `offset` rows below its header (found in the first 10 rows, as the app does). */
export async function cellBelowHeader(sheet: string, header: string, offset = 1): Promise<{ cell: string; value: unknown }> {
  const rows = await rowsOf(sheet);
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const col = (rows[r] ?? []).findIndex((v) => String(v ?? "").trim() === header);
    if (col >= 0) return { cell: `${columnLetter(col)}${r + 1 + offset}`, value: rows[r + offset]?.[col] };
  }
  throw new Error(`no header 「${header}」 in 「${sheet}」`);
}

/** The 设置 value cell of a key, by the row its 键 cell is in. */
export async function settingCell(key: string): Promise<{ cell: string; value: unknown }> {
  const rows = await rowsOf("设置");
  const headerRow = rows.findIndex((r) => r.some((v) => v === "键"));
  const keyCol = rows[headerRow]?.indexOf("键") ?? -1;
  const valueCol = rows[headerRow]?.indexOf("值") ?? -1;
  const row = rows.findIndex((r, i) => i > headerRow && r[keyCol] === key);
  if (headerRow < 0 || keyCol < 0 || valueCol < 0 || row < 0) throw new Error(`no setting ${key} in 设置`);
  return { cell: `${columnLetter(valueCol)}${row + 1}`, value: rows[row]?.[valueCol] };
}

/** POST /api/revalidate as the Apps Script trigger does. */
export async function revalidate(request: APIRequestContext, secret: string | null = GOOGLE_E2E_REVALIDATE_SECRET) {
  return request.post(`${GOOGLE_E2E_BASE_URL}/api/revalidate`, { headers: secret === null ? {} : { authorization: `Bearer ${secret}` } });
}

/**
 * A forced read now: the webhook refuses one within 5 s of the last, so this
 * retries until one is accepted, as a second edit a few seconds later would.
 */
export async function forceRefresh(request: APIRequestContext): Promise<void> {
  await expect
    .poll(async () => ((await (await revalidate(request)).json()) as { refreshed?: boolean }).refreshed, { timeout: 10_000, intervals: [500] })
    .toBe(true);
}

export interface DoctorReport {
  year: number;
  figures: { visits: Record<string, number>; meetings: Record<string, number>; tasks: Record<string, number> } & Record<string, unknown>;
  /** Rows per figure family whose needed cell could not be read (issue 12). */
  unknown: Record<string, number>;
  problems: unknown[];
}

/**
 * `npm run -s doctor -- --json` with the environment pointing at the e2e
 * spreadsheet on the emulator. Run once per worker: the tests put back what they change.
 */
let doctorReport: Promise<DoctorReport> | undefined;
export function googleDoctor(): Promise<DoctorReport> {
  doctorReport ??= spreadsheetId().then((id) => {
    const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/doctor.ts", "--json"], {
      env: {
        ...process.env,
        SHEETS_BACKEND: "google",
        SHEETS_EMULATOR_HOST: `127.0.0.1:${GOOGLE_E2E_EMULATOR_PORT}`,
        GOOGLE_SHEETS_ID: id,
        DUTYBOARD_TODAY: E2E_TODAY,
      },
      encoding: "utf8",
    });
    return JSON.parse(out) as DoctorReport;
  });
  return doctorReport;
}

/**
 * The same sample written to a workbook and figured as the doctor does
 * (read, parse, summarise), in this process: the other backend, the same data.
 */
export async function workbookFigures(file: string): Promise<Pick<DoctorReport, "year" | "figures">> {
  const store = new XlsxStore(file, { backups: 0 });
  await store.create(generateSampleData({ year: 2026, today: E2E_TODAY }), { force: true });
  const { year, figures } = summarize(parseWorkbook(await store.readAll()), { today: E2E_TODAY });
  return { year, figures: figures as unknown as DoctorReport["figures"] };
}
