import { createHash } from "node:crypto";
import type { MethodOptions, sheets_v4 } from "@googleapis/sheets";
import type { Env } from "../env";
import { a1, columnLetter, isBlank, type CellValue, type RawRow, type RawTab, type RawWorkbook } from "../schema/cells";
import type { Columns } from "../schema/columns";
import { findHeaderRow, isHeaderMap, matchesTabTitle, HEADER_SEARCH_ROWS, type HeaderMap } from "../schema/header";
import { TABS, type TabSpec } from "../schema/tabs";
import { foldKey } from "../schema/values";
import { findConflict } from "./compare";
import {
  boxOfA1,
  cellFromWire,
  cellFromWireValue,
  holdsWire,
  isProtected,
  quoteSheet,
  rawRowsFromWire,
  usedAreaOf,
  wireFromInput,
  type WireValue,
} from "./google-cells";
import { SheetsError } from "./google-errors";
import { backoffDelay, DEFAULT_TIMING, sleep, type GoogleTiming } from "./google-retry";
import { parseServiceAccountJson, SheetsTransport, type GoogleConnection } from "./google-transport";
import type { AppendResult, AssignIdsResult, LogAlong, MisplacedWrite, RowInput, SheetStore, TabContent, UpdateResult } from "./store";
import { DutyError } from "../errors";

export { SheetsError } from "./google-errors";

export interface GoogleStoreConfig extends GoogleConnection {
  /** The zone for app-written times until the spreadsheet's own is known. */
  timeZone?: string;
  timing?: Partial<GoogleTiming>;
}

export interface GoogleStoreStats {
  /** Requests sent, by Google's method name (retries included). */
  requests: Record<string, number>;
  /** Requests sent again after a transient failure (reads), or after checking a write had not landed. */
  retries: number;
  /** Re-reads made to learn whether a failed write had landed. */
  writeChecks: number;
  /** Updates that landed in another row because a person moved rows between our read and our write, undone and redone. */
  misplacedWrites: number;
}

/** The store's view of one tab, from spreadsheets.get. */
interface SheetMeta {
  sheetId: number;
  title: string;
  rowCount: number;
  columnCount: number;
  protectedRanges: sheets_v4.Schema$ProtectedRange[];
}

interface Metadata {
  timeZone?: string;
  sheets: SheetMeta[];
  fetchedAt: number;
}

type TabRead = { ok: true; sheet: SheetMeta; rows: RawRow[]; header: HeaderMap } | { ok: false; reason: "missing-tab" | "missing-header"; detail: string };

const METADATA_FIELDS =
  "properties(timeZone),sheets(properties(sheetId,title,sheetType,gridProperties(rowCount,columnCount)),protectedRanges(protectedRangeId,range,warningOnly,unprotectedRanges))";

const READ_OPTIONS = { valueRenderOption: "UNFORMATTED_VALUE", dateTimeRenderOption: "SERIAL_NUMBER" } as const;

/** Every way Sheets reports a link on a cell: the cell's own, a link on its text, a smart chip's. */
const LINK_FIELDS =
  "sheets(properties(sheetId),data(startRow,startColumn,rowData(values(hyperlink,textFormatRuns(format(link(uri))),chipRuns(chip(richLinkProperties(uri)))))))";

/** A URL cell whose text is not a web address: it may be a link's label. */
function linkedText(cell: CellValue | undefined): boolean {
  if (cell === undefined || isBlank(cell)) return false;
  return !/^\s*https?:\/\/\S+\s*$/iu.test(String(cell));
}

/** The one link a cell holds; a cell with links to several places has none (as Sheets leaves `hyperlink` empty). */
function linkOf(cell: sheets_v4.Schema$CellData): string | undefined {
  if (cell.hyperlink) return cell.hyperlink;
  const uris = new Set<string>();
  for (const run of cell.textFormatRuns ?? []) if (run.format?.link?.uri) uris.add(run.format.link.uri);
  for (const run of cell.chipRuns ?? []) if (run.chip?.richLinkProperties?.uri) uris.add(run.chip.richLinkProperties.uri);
  return uris.size === 1 ? [...uris][0] : undefined;
}

/** A fresh spreadsheet's empty first sheet, removed when create() adds DutyBoard's tabs. */
const DEFAULT_SHEET_TITLE = /^(Sheet|工作表)\d+$/u;

/** Too little time left for an attempt to be worth sending. */
const MIN_ATTEMPT_MS = 200;

function checkKeys<C extends Columns>(spec: TabSpec<C>, row: RowInput) {
  for (const key of Object.keys(row)) {
    if (!(key in spec.columns)) throw new DutyError("schema.unknown-column", { tab: spec.title, column: key });
  }
}

function rowsWithId(tab: Extract<TabRead, { ok: true }>, idKey: string, id: string): RawRow[] {
  const col = tab.header.index[idKey];
  if (col === undefined) return [];
  const wanted = foldKey(id);
  return tab.rows.filter((r) => {
    if (r.row <= tab.header.row) return false;
    const v = r.cells[col];
    return v !== undefined && !isBlank(v) && foldKey(String(v)) === wanted;
  });
}

/** 0-based index of the header row's first non-empty cell: where Google's table, and so an append, starts. */
function firstHeaderColumn(tab: Extract<TabRead, { ok: true }>): number {
  const cells = tab.rows.find((r) => r.row === tab.header.row)?.cells ?? [];
  const first = cells.findIndex((c) => !isBlank(c));
  return Math.max(first, 0);
}

/**
 * Google Sheets behind the SheetStore interface, for serverless deployments.
 *
 * Request budget: a read of the whole spreadsheet is one values.batchGet; the
 * tab list, gids, protection and time zone come from a spreadsheets.get kept
 * for a few minutes. A write is one read of the target tab and one write;
 * an update then reads its row's ID cell back (see settlePlacement).
 *
 * Writes are never resent blindly: after a failure the store re-reads and
 * looks for the write (append: the ID, or for an audit row its every value;
 * update: the new values), waiting up to writeSettleMs when Google never
 * answered. A request Google holds longer than writeTimeoutMs + writeSettleMs
 * could still land after the retry; the data-health report would then show
 * the duplicate ID.
 *
 * changedAt: the Sheets API has no modified time (Drive's needs another scope),
 * so the store hashes the values of every read and reports when this instance
 * first saw the current contents: the change happened no later than that.
 */
export class GoogleStore implements SheetStore {
  readonly kind = "google" as const;
  readonly url: string;
  private readonly transport: SheetsTransport;
  private readonly timing: GoogleTiming;
  private readonly fallbackTimeZone: string;
  private meta?: Metadata;
  private metaInflight?: Promise<Metadata>;
  private readInflight?: Promise<RawWorkbook>;
  private seen?: { hash: string; at: string };
  private writes: Promise<unknown> = Promise.resolve();
  /** Errors thrown by a write request itself: only these may mean "sent, outcome unknown". */
  private readonly writeErrors = new WeakSet<SheetsError>();
  private readonly counters = { retries: 0, writeChecks: 0, misplacedWrites: 0 };

  constructor(config: GoogleStoreConfig) {
    this.transport = new SheetsTransport(config);
    this.timing = { ...DEFAULT_TIMING, ...config.timing };
    this.fallbackTimeZone = config.timeZone ?? "Asia/Shanghai";
    this.url = `https://docs.google.com/spreadsheets/d/${config.spreadsheetId}/edit`;
  }

  get spreadsheetId(): string {
    return this.transport.spreadsheetId;
  }

  stats(): GoogleStoreStats {
    return { requests: { ...this.transport.requests }, ...this.counters };
  }

  /** Sheets has no cheap change token: a revision needs the Drive API and another scope. */
  async version(): Promise<string | undefined> {
    return undefined;
  }

  // ---------------------------------------------------------------------------
  // Requests.

  /** A read, retried on quota, 5xx, timeouts and network failures with full-jitter backoff inside the read budget. */
  private async read<T>(method: string, send: (api: sheets_v4.Sheets, options: MethodOptions) => Promise<{ data: T }>): Promise<T> {
    const deadline = Date.now() + this.timing.readRetryBudgetMs;
    for (let attempt = 0; ; attempt++) {
      const timeout = Math.min(this.timing.readTimeoutMs, Math.max(MIN_ATTEMPT_MS, deadline - Date.now()));
      try {
        return await this.transport.call(method, timeout, send);
      } catch (error) {
        if (!(error instanceof SheetsError) || !error.transient) throw error;
        const wait = backoffDelay(attempt, this.timing, error.extra.retryAfterMs);
        if (Date.now() + wait + MIN_ATTEMPT_MS > deadline) throw error;
        this.counters.retries++;
        await sleep(wait);
      }
    }
  }

  /** A write, sent once; its failures are marked so writeChecked knows the outcome is unknown. */
  private async write<T>(method: string, send: (api: sheets_v4.Sheets, options: MethodOptions) => Promise<{ data: T }>): Promise<T> {
    try {
      return await this.transport.call(method, this.timing.writeTimeoutMs, send);
    } catch (error) {
      if (error instanceof SheetsError) this.writeErrors.add(error);
      throw error;
    }
  }

  /**
   * Runs a write; when the write request fails in a way that may still have
   * changed the sheet, re-reads until it is seen to have landed (waiting up to
   * writeSettleMs when no answer came back) and only then tries again.
   */
  private async writeChecked<R>(op: { attempt: () => Promise<R>; landed: () => Promise<R | undefined> }): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await op.attempt();
      } catch (error) {
        if (!(error instanceof SheetsError) || !error.transient || !this.writeErrors.has(error)) throw error;
        const settleMs = error.noResponse ? this.timing.writeSettleMs : 0;
        const deadline = Date.now() + settleMs;
        for (let check = 0; ; check++) {
          this.counters.writeChecks++;
          const landed = await op.landed();
          if (landed !== undefined) return landed;
          const remaining = deadline - Date.now();
          if (remaining <= 0) break;
          await sleep(Math.min(remaining, Math.min(this.timing.backoffCapMs, this.timing.backoffBaseMs * 2 ** check)));
        }
        if (attempt >= this.timing.writeAttempts) throw error;
        this.counters.retries++;
        await sleep(backoffDelay(attempt - 1, this.timing, error.extra.retryAfterMs));
      }
    }
  }

  /** This instance's writes run one at a time, so its own read-then-write steps never interleave. */
  private serialise<T>(run: () => Promise<T>): Promise<T> {
    const next = this.writes.then(run, run);
    this.writes = next.catch(() => undefined);
    return next;
  }

  // ---------------------------------------------------------------------------
  // Metadata: tabs, gids, protection, time zone.

  private metadataTtl(meta: Metadata): number {
    const complete = TABS.every((spec: TabSpec<Columns>) => spec.optional || meta.sheets.some((s) => matchesTabTitle(spec, s.title)));
    return complete ? this.timing.metadataTtlMs : this.timing.metadataTtlWhileTabMissingMs;
  }

  private async metadata(refresh = false): Promise<Metadata> {
    if (!refresh && this.meta && Date.now() - this.meta.fetchedAt < this.metadataTtl(this.meta)) return this.meta;
    if (this.metaInflight) return this.metaInflight;
    const spreadsheetId = this.spreadsheetId;
    const promise = this.read("spreadsheets.get", (api, o) => api.spreadsheets.get({ spreadsheetId, fields: METADATA_FIELDS }, o)).then(
      (data): Metadata => ({
        ...(data.properties?.timeZone && { timeZone: data.properties.timeZone }),
        fetchedAt: Date.now(),
        sheets: (data.sheets ?? [])
          .filter((s) => (s.properties?.sheetType ?? "GRID") === "GRID")
          .map((s) => ({
            sheetId: s.properties?.sheetId ?? 0,
            title: s.properties?.title ?? "",
            rowCount: s.properties?.gridProperties?.rowCount ?? 0,
            columnCount: s.properties?.gridProperties?.columnCount ?? 0,
            protectedRanges: s.protectedRanges ?? [],
          })),
      }),
    );
    this.metaInflight = promise;
    try {
      this.meta = await promise;
      return this.meta;
    } finally {
      this.metaInflight = undefined;
    }
  }

  /** The spreadsheet's own zone: app-written times are stored as its wall clock. */
  private async timeZone(): Promise<string> {
    return (await this.metadata()).timeZone ?? this.fallbackTimeZone;
  }

  // ---------------------------------------------------------------------------
  // Reading.

  /** Every tab in one values.batchGet; concurrent callers share it. */
  async readAll(): Promise<RawWorkbook> {
    this.readInflight ??= this.load().finally(() => {
      this.readInflight = undefined;
    });
    return this.readInflight;
  }

  private async load(): Promise<RawWorkbook> {
    let meta = await this.metadata();
    let valueRanges: sheets_v4.Schema$ValueRange[];
    try {
      valueRanges = await this.batchGet(meta);
    } catch (error) {
      // A tab renamed or deleted since the metadata was read: learn the new list and read again.
      if (!(error instanceof SheetsError) || error.extra.status !== 400) throw error;
      meta = await this.metadata(true);
      valueRanges = await this.batchGet(meta);
    }
    const readAt = new Date().toISOString();
    const tabs: RawTab[] = meta.sheets.map((sheet, i) => {
      const rows = rawRowsFromWire(valueRanges[i]?.values);
      return { title: sheet.title, gid: sheet.sheetId, rows, protected: isProtected(sheet.protectedRanges, usedAreaOf(rows)) };
    });
    await this.readLinks(tabs);
    const hash = createHash("sha256")
      .update(
        JSON.stringify(meta.sheets.map((s, i) => [s.title, valueRanges[i]?.values ?? [], tabs[i]?.rows.flatMap((r) => (r.links ? [r.row, r.links] : []))])),
      )
      .digest("base64url");
    if (this.seen?.hash !== hash) this.seen = { hash, at: readAt };
    return {
      source: "google",
      tabs,
      readAt,
      changedAt: this.seen.at,
      url: this.url,
      timeZone: meta.timeZone ?? this.fallbackTimeZone,
    };
  }

  /**
   * Hyperlinks in URL columns (佐证链接, 纪要链接): values carry a linked cell's
   * text only. Asked for only when some URL cell's text is not itself a web
   * address (a link on 现场照片, a =HYPERLINK label), then in one
   * spreadsheets.get over just those columns: a read costs at most two requests.
   */
  private async readLinks(tabs: RawTab[]): Promise<void> {
    const wanted: { tab: RawTab; column: number; firstRow: number; lastRow: number }[] = [];
    for (const tab of tabs) {
      const spec = (TABS as readonly TabSpec<Columns>[]).find((s) => matchesTabTitle(s, tab.title));
      if (!spec) continue;
      const urlKeys = Object.entries(spec.columns)
        .filter(([, c]) => c.type === "url")
        .map(([k]) => k);
      if (urlKeys.length === 0) continue;
      const header = findHeaderRow(spec, tab.rows);
      if (!isHeaderMap(header)) continue;
      for (const key of urlKeys) {
        const column = header.index[key];
        if (column === undefined) continue;
        const below = tab.rows.filter((r) => r.row > header.row);
        if (!below.some((r) => linkedText(r.cells[column]))) continue;
        wanted.push({ tab, column, firstRow: header.row + 1, lastRow: below.at(-1)?.row ?? header.row + 1 });
      }
    }
    if (wanted.length === 0) return;
    const spreadsheetId = this.spreadsheetId;
    const ranges = wanted.map((w) => `${quoteSheet(w.tab.title)}!${a1(w.column, w.firstRow)}:${a1(w.column, w.lastRow)}`);
    const data = await this.read("spreadsheets.get", (api, o) => api.spreadsheets.get({ spreadsheetId, ranges, fields: LINK_FIELDS }, o));
    const byGid = new Map(tabs.map((t) => [t.gid, t]));
    for (const sheet of data.sheets ?? []) {
      const tab = byGid.get(sheet.properties?.sheetId ?? undefined);
      if (!tab) continue;
      const rows = new Map(tab.rows.map((r) => [r.row, r]));
      for (const grid of sheet.data ?? []) {
        (grid.rowData ?? []).forEach((rowData, i) => {
          (rowData.values ?? []).forEach((cell, j) => {
            const target = linkOf(cell);
            const row = rows.get((grid.startRow ?? 0) + i + 1);
            if (target === undefined || !row) return;
            (row.links ??= {})[(grid.startColumn ?? 0) + j] = target;
          });
        });
      }
    }
  }

  private async batchGet(meta: Metadata): Promise<sheets_v4.Schema$ValueRange[]> {
    if (meta.sheets.length === 0) return [];
    const spreadsheetId = this.spreadsheetId;
    const ranges = meta.sheets.map((s) => quoteSheet(s.title));
    const data = await this.read("spreadsheets.values.batchGet", (api, o) => api.spreadsheets.values.batchGet({ spreadsheetId, ranges, ...READ_OPTIONS }, o));
    return data.valueRanges ?? [];
  }

  /** One tab as it is now, with its header found; `header` reads only the rows a header may be in. */
  private async readTab<C extends Columns>(spec: TabSpec<C>, scope: "all" | "header"): Promise<TabRead> {
    const spreadsheetId = this.spreadsheetId;
    for (let refreshed = false; ; refreshed = true) {
      const meta = await this.metadata(refreshed);
      const sheet = meta.sheets.find((s) => matchesTabTitle(spec, s.title));
      if (!sheet) {
        if (!refreshed) continue;
        return { ok: false, reason: "missing-tab", detail: spec.title };
      }
      const range = scope === "header" ? `${quoteSheet(sheet.title)}!1:${HEADER_SEARCH_ROWS}` : quoteSheet(sheet.title);
      let values: unknown[][] | null | undefined;
      try {
        values = (await this.read("spreadsheets.values.get", (api, o) => api.spreadsheets.values.get({ spreadsheetId, range, ...READ_OPTIONS }, o))).values;
      } catch (error) {
        if (!refreshed && error instanceof SheetsError && error.extra.status === 400) continue;
        throw error;
      }
      const rows = rawRowsFromWire(values);
      const found = findHeaderRow(spec, rows);
      if (!isHeaderMap(found)) return { ok: false, reason: "missing-header", detail: `「${sheet.title}」缺少表头：${found.missing.join("、")}` };
      return { ok: true, sheet, rows, header: found };
    }
  }

  // ---------------------------------------------------------------------------
  // Writing.

  async updateById(
    spec: TabSpec<Columns>,
    id: string,
    changes: RowInput,
    expected?: Record<string, CellValue>,
    log?: LogAlong<Extract<UpdateResult, { ok: true }>>,
  ): Promise<UpdateResult> {
    checkKeys(spec, changes);
    return this.serialise(async () => this.withLog(log, await this.updateNow(spec, id, changes, expected)));
  }

  /**
   * The log rows right after the write, in the same queue: nothing of this
   * instance's comes between. Google cannot make the two one request; a log
   * that fails after its retries is reported, not thrown, since the write stands.
   */
  private async withLog<R extends { ok: boolean }>(log: LogAlong<Extract<R, { ok: true }>> | undefined, result: R): Promise<R> {
    if (!log || !result.ok) return result;
    const rows = log.rows(result as Extract<R, { ok: true }>);
    if (rows.length === 0) return { ...result, logged: true };
    const logged = await this.appendNow(log.spec, rows).then(
      (r) => r.ok,
      () => false,
    );
    return { ...result, logged };
  }

  private async updateNow(spec: TabSpec<Columns>, id: string, changes: RowInput, expected?: Record<string, CellValue>): Promise<UpdateResult> {
    const timeZone = await this.timeZone();
    const wanted = Object.entries(changes).map(([key, input]) => ({ key, value: wireFromInput(input, timeZone) }));
    let before: Record<string, CellValue> | undefined;

    // The row is found by ID in a read made just before each write, never by an older row number.
    const locate = async () => {
      const tab = await this.readTab(spec, "all");
      if (!tab.ok) return tab;
      const hits = rowsWithId(tab, spec.idColumn, id);
      if (hits.length === 0) return { ok: false as const, reason: "not-found" as const, detail: id };
      if (hits.length > 1) return { ok: false as const, reason: "duplicate-id" as const, detail: `${id}: ${hits.map((h) => h.row).join(", ")}` };
      const row = hits[0]!;
      const valueOf = (key: string): CellValue => {
        const col = tab.header.index[key];
        return col === undefined ? null : (row.cells[col] ?? null);
      };
      const present = wanted.filter((w) => tab.header.index[w.key] !== undefined);
      return { ok: true as const, tab, row: row.row, valueOf, present };
    };
    const misplaced: MisplacedWrite[] = [];
    const done = (row: number, present: typeof wanted): UpdateResult => ({
      ok: true,
      row,
      before: before ?? {},
      after: Object.fromEntries(present.map((w) => [w.key, cellFromWireValue(w.value)])),
      ...(misplaced.length > 0 && { misplaced }),
    });

    /** The last write sent: where it was aimed, from which read, so a late landing elsewhere can be undone. */
    let sent: { pre: Extract<TabRead, { ok: true }>; row: number; written: { key: string; value: WireValue }[] } | undefined;
    return this.writeChecked<UpdateResult>({
      attempt: async () => {
        for (let round = 1; ; round++) {
          const found = await locate();
          if (!found.ok) return found;
          const { tab, row, valueOf, present } = found;
          // Our own earlier attempt may have landed after all (a write Google held past our timeout): that is no conflict.
          if (round === 1 && sent && present.every((w) => holdsWire(valueOf(w.key), w.value))) return done(row, present);
          const current = expected && findConflict(spec, expected, valueOf);
          if (current) return { ok: false, reason: "conflict", current };
          before ??= Object.fromEntries(present.map((w) => [w.key, valueOf(w.key)]));
          const changed = present.filter((w) => !holdsWire(valueOf(w.key), w.value));
          if (changed.length === 0) return done(row, present);
          const title = quoteSheet(tab.sheet.title);
          const data = changed.map((w) => ({ range: `${title}!${a1(tab.header.index[w.key]!, row)}`, values: [[w.value]] }));
          const spreadsheetId = this.spreadsheetId;
          sent = { pre: tab, row, written: changed };
          await this.write("spreadsheets.values.batchUpdate", (api, o) =>
            api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: "RAW", data } }, o),
          );
          if (await this.settlePlacement(spec, tab, id, row, changed, misplaced)) return done(row, present);
          if (round >= 5) throw new SheetsError("unavailable", `「${tab.sheet.title}」的行一直在被移动，编号 ${id} 的修改未能确认写入正确的行，请稍后再试。`);
        }
      },
      landed: async () => {
        const found = await locate();
        if (found.ok && found.present.every((w) => holdsWire(found.valueOf(w.key), w.value))) return done(found.row, found.present);
        // Not in our row: if it landed in another one while rows moved, put that row back before trying again.
        if (sent) await this.settlePlacement(spec, sent.pre, id, sent.row, sent.written, misplaced);
        return undefined;
      },
    });
  }

  /**
   * Cells are addressed by row number, and Google has no conditional write:
   * a person who inserts, deletes or sorts rows between our read and our
   * write moves another row under those cells. So the row's ID cell is read
   * back. When it is not ours and our row does not hold the new values, the
   * write went to someone else's row: its cells that now hold our values, and
   * did not in our read, get their earlier values back, and the caller writes
   * again from a fresh read. Returns whether the write is where it belongs.
   */
  private async settlePlacement(
    spec: TabSpec<Columns>,
    pre: Extract<TabRead, { ok: true }>,
    id: string,
    row: number,
    written: { key: string; value: WireValue }[],
    misplaced: MisplacedWrite[],
  ): Promise<boolean> {
    const spreadsheetId = this.spreadsheetId;
    const title = quoteSheet(pre.sheet.title);
    const idColumn = pre.header.index[spec.idColumn]!;
    // The whole row: its ID alone could be back in place after two moves while our cells went to another row.
    const range = `${title}!A${row}:${columnLetter(Math.max(pre.header.width, idColumn + 1) - 1)}${row}`;
    const line = (
      (await this.read("spreadsheets.values.get", (api, o) => api.spreadsheets.values.get({ spreadsheetId, range, ...READ_OPTIONS }, o))).values?.[0] ?? []
    ).map(cellFromWire);
    const idCell = line[idColumn] ?? null;
    const holdsOurs = written.every((w) => holdsWire(line[pre.header.index[w.key]!] ?? null, w.value));
    if (!isBlank(idCell) && foldKey(String(idCell)) === foldKey(id) && holdsOurs) return true;

    // Rows moved since our read: find out where the write went.
    type Tab = Extract<TabRead, { ok: true }>;
    const cellsOf = (tab: Tab, r: RawRow, key: string): CellValue => {
      const col = tab.header.index[key];
      return col === undefined ? null : (r.cells[col] ?? null);
    };
    const holds = (tab: Tab, r: RawRow, values: WireValue[]) => written.every((w, i) => holdsWire(cellsOf(tab, r, w.key), values[i]!));
    const writtenKeys = new Set(written.map((w) => w.key));
    const identity = (tab: Tab, r: RawRow): string => {
      const rowId = cellsOf(tab, r, spec.idColumn);
      if (!isBlank(rowId)) return `id:${foldKey(String(rowId))}`;
      // Without an ID, a row is known by its cells other than the ones we wrote.
      return `cells:${JSON.stringify(
        Object.keys(tab.header.index)
          .filter((k) => !writtenKeys.has(k))
          .map((k) => cellsOf(tab, r, k)),
      )}`;
    };
    const earlier = new Map(pre.rows.filter((r) => r.row > pre.header.row).map((r) => [identity(pre, r), r]));
    /** A row's cells as our read had them; a row that was not there is one a person just inserted, empty until typed into. */
    const previousOf = (post: Tab, r: RawRow): WireValue[] => {
      const was = earlier.get(identity(post, r));
      return written.map((w) => {
        const v = was ? cellsOf(pre, was, w.key) : null;
        return v instanceof Date ? v.toISOString() : (v ?? "");
      });
    };
    const ourValues = written.map((w) => w.value);
    /** What we have put into rows so far: our change, and the values of our own repairs (which may land astray too). */
    const ours: WireValue[][] = [ourValues];
    const reported = new Set<string>();

    // Each round reads the tab, puts back every row holding something we wrote that it did not hold in our read, and checks again.
    for (let round = 0; round < 4; round++) {
      const post = await this.readTab(spec, "all");
      if (!post.ok) return false;
      const mine = rowsWithId(post, spec.idColumn, id);
      if (round === 0 && mine.length === 1 && holds(post, mine[0]!, ourValues)) return true; // it landed right; the rows moved afterwards
      const repairs: { range: string; values: WireValue[][] }[] = [];
      const expectations: { identity: string; key: string; value: WireValue }[] = [];
      for (const r of post.rows) {
        if (r.row <= post.header.row || mine.includes(r)) continue;
        const previous = previousOf(post, r);
        if (holds(post, r, previous) || !ours.some((values) => holds(post, r, values))) continue;
        const key = identity(post, r);
        const hit = written.filter((w, i) => !holdsWire(cellsOf(post, r, w.key), previous[i]!));
        if (!reported.has(key)) {
          reported.add(key);
          const rowId = cellsOf(post, r, spec.idColumn);
          misplaced.push({
            row: r.row,
            ...(!isBlank(rowId) && { rowId: String(rowId) }),
            keys: hit.map((w) => w.key),
            restored: earlier.has(key) ? "earlier" : "emptied",
          });
        }
        for (const w of hit) {
          const value = previous[written.indexOf(w)]!;
          repairs.push({ range: `${title}!${a1(post.header.index[w.key]!, r.row)}`, values: [[value]] });
          expectations.push({ identity: key, key: w.key, value });
        }
        ours.push(previous);
      }
      if (repairs.length === 0) return false;
      this.counters.misplacedWrites++;
      // Checked like any write: a repair Google holds and lands late would otherwise undo what came after it.
      await this.writeChecked<true>({
        attempt: async () => {
          await this.write("spreadsheets.values.batchUpdate", (api, o) =>
            api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: "RAW", data: repairs } }, o),
          );
          return true;
        },
        landed: async () => {
          const tab = await this.readTab(spec, "all");
          if (!tab.ok) return undefined;
          const byIdentity = new Map(tab.rows.filter((r) => r.row > tab.header.row).map((r) => [identity(tab, r), r]));
          return expectations.every((e) => {
            const r = byIdentity.get(e.identity);
            return r !== undefined && holdsWire(cellsOf(tab, r, e.key), e.value);
          })
            ? true
            : undefined;
        },
      });
    }
    return false;
  }

  async assignMissingIds(spec: TabSpec<Columns>, newId: () => string, log?: LogAlong<Extract<AssignIdsResult, { ok: true }>>): Promise<AssignIdsResult> {
    return this.serialise(async () => this.withLog(log, await this.assignNow(spec, newId)));
  }

  private async assignNow(spec: TabSpec<Columns>, newId: () => string): Promise<AssignIdsResult> {
    const spreadsheetId = this.spreadsheetId;
    const assigned = new Map<string, number>();
    for (let round = 0; round < 3; round++) {
      const pre = await this.readTab(spec, "all");
      if (!pre.ok) return pre;
      const idColumn = pre.header.index[spec.idColumn];
      if (idColumn === undefined)
        return { ok: false, reason: "missing-header", detail: `「${pre.sheet.title}」缺少表头：${spec.columns[spec.idColumn]?.header ?? spec.idColumn}` };
      const keyColumns = Object.values(pre.header.index);
      // A row is known by its cells other than the ID, which is what we are about to fill.
      const print = (r: RawRow) => JSON.stringify(keyColumns.filter((c) => c !== idColumn).map((c) => r.cells[c] ?? null));
      const idOf = (r: RawRow) => r.cells[idColumn] ?? null;
      const targets = pre.rows.filter((r) => r.row > pre.header.row && isBlank(idOf(r)) && keyColumns.some((c) => !isBlank(r.cells[c] ?? null)));
      if (targets.length === 0) break;
      const plan = targets.map((r) => ({ row: r.row, id: newId(), print: print(r) }));
      const title = quoteSheet(pre.sheet.title);
      const data = plan.map((p) => ({ range: `${title}!${a1(idColumn, p.row)}`, values: [[p.id]] }));
      const readBack = async () => {
        const post = await this.readTab(spec, "all");
        return post.ok ? post : undefined;
      };
      const post = await this.writeChecked<Extract<TabRead, { ok: true }> | undefined>({
        attempt: async () => {
          await this.write("spreadsheets.values.batchUpdate", (api, o) =>
            api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: "RAW", data } }, o),
          );
          return readBack();
        },
        landed: async () => {
          const tab = await readBack();
          return tab && plan.every((p) => rowsWithId(tab, spec.idColumn, p.id).length > 0) ? tab : undefined;
        },
      });
      if (!post) continue;
      // Each ID checked in the row it was meant for; one that went into a row that had an ID gives that ID back.
      const restore: { range: string; values: WireValue[][] }[] = [];
      for (const p of plan) {
        for (const hit of rowsWithId(post, spec.idColumn, p.id)) {
          const was = pre.rows.find((r) => r.row > pre.header.row && print(r) === print(hit));
          const previousId = was ? idOf(was) : null;
          if (was && !isBlank(previousId)) {
            restore.push({ range: `${title}!${a1(idColumn, hit.row)}`, values: [[previousId instanceof Date ? previousId.toISOString() : previousId!]] });
          } else {
            assigned.set(p.id, hit.row); // the row it was meant for, or another that lacked an ID just as much
          }
        }
      }
      if (restore.length === 0) continue;
      this.counters.misplacedWrites++;
      await this.write("spreadsheets.values.batchUpdate", (api, o) =>
        api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: "RAW", data: restore } }, o),
      );
    }
    return { ok: true, assigned: [...assigned].map(([id, row]) => ({ row, id })) };
  }

  async append(spec: TabSpec<Columns>, rows: RowInput[], log?: LogAlong<Extract<AppendResult, { ok: true }>>): Promise<AppendResult> {
    rows.forEach((r) => checkKeys(spec, r));
    if (rows.length === 0) return { ok: true, rows: [] };
    return this.serialise(async () => this.withLog(log, await this.appendNow(spec, rows)));
  }

  private async appendNow(spec: TabSpec<Columns>, rows: RowInput[]): Promise<AppendResult> {
    rows.forEach((r) => checkKeys(spec, r));
    const timeZone = await this.timeZone();
    const wanted = rows.map((row) => {
      const id = row[spec.idColumn];
      return {
        id: typeof id === "string" && id.trim() !== "" ? id : undefined,
        values: Object.entries(row).map(([key, input]) => ({ key, value: wireFromInput(input, timeZone) })),
      };
    });
    const withIds = wanted.some((w) => w.id !== undefined);

    /** Where a wanted row already is: by its ID, or for a row without one (the audit log) by its every value. */
    const placeOf = (tab: Extract<TabRead, { ok: true }>, w: (typeof wanted)[number]): number | undefined => {
      if (w.id !== undefined) return rowsWithId(tab, spec.idColumn, w.id)[0]?.row;
      const cells = w.values.filter((v) => tab.header.index[v.key] !== undefined && v.value !== "");
      if (cells.length === 0) return undefined;
      const match = tab.rows.findLast((r) => r.row > tab.header.row && cells.every((v) => holdsWire(r.cells[tab.header.index[v.key]!] ?? null, v.value)));
      return match?.row;
    };

    return this.writeChecked<AppendResult>({
      attempt: async () => {
        // A retried append whose row already landed must not land twice.
        const tab = await this.readTab(spec, withIds ? "all" : "header");
        if (!tab.ok) return tab;
        const placed = wanted.map((w) => (w.id !== undefined ? placeOf(tab, w) : undefined));
        const pending = placed.flatMap((p, i) => (p === undefined ? [i] : []));
        if (pending.length > 0) {
          const start = firstHeaderColumn(tab);
          const width = Math.max(tab.header.width - start, 1);
          const matrix = pending.map((i) => {
            const line: (WireValue | null)[] = Array.from({ length: width }, () => null);
            for (const { key, value } of wanted[i]!.values) {
              const col = tab.header.index[key];
              if (col !== undefined && col >= start) line[col - start] = value;
            }
            return line;
          });
          const title = quoteSheet(tab.sheet.title);
          const range = `${title}!${columnLetter(start)}${tab.header.row}:${columnLetter(start + width - 1)}`;
          const spreadsheetId = this.spreadsheetId;
          // Google places the rows below the table and inserts them, so concurrent appends cannot overwrite each other.
          const data = await this.write("spreadsheets.values.append", (api, o) =>
            api.spreadsheets.values.append(
              { spreadsheetId, range, valueInputOption: "RAW", insertDataOption: "INSERT_ROWS", requestBody: { majorDimension: "ROWS", values: matrix } },
              o,
            ),
          );
          const box = boxOfA1(data.updates?.updatedRange ?? "");
          if (!box) throw new SheetsError("bad-request", `Google 表格没有返回追加的位置（${data.updates?.updatedRange ?? "无"}）`);
          if (box.startColumn !== start) await this.realign(title, box.startRow, box.startColumn, start, matrix);
          if (box.startRow === tab.header.row + 1) await this.formatDates(spec, tab, box.startRow, box.startRow + matrix.length);
          pending.forEach((i, k) => (placed[i] = box.startRow + k));
        }
        return { ok: true, rows: placed as number[] };
      },
      landed: async () => {
        const tab = await this.readTab(spec, "all");
        if (!tab.ok) return undefined;
        const placed = wanted.map((w) => placeOf(tab, w));
        return placed.every((p) => p !== undefined) ? { ok: true, rows: placed } : undefined;
      },
    });
  }

  /**
   * Google appends at the first column of the table it finds; when a block of
   * data further down starts in another column, the new rows (inserted, so
   * wholly ours) are moved under the header's columns.
   */
  private async realign(title: string, row: number, landedColumn: number, start: number, matrix: (WireValue | null)[][]): Promise<void> {
    const width = matrix[0]?.length ?? 0;
    const from = Math.min(landedColumn, start);
    const to = Math.max(landedColumn, start) + width;
    const values = matrix.map((line) => {
      const out: WireValue[] = Array.from({ length: to - from }, () => "");
      line.forEach((v, j) => (out[start - from + j] = v ?? ""));
      return out;
    });
    const spreadsheetId = this.spreadsheetId;
    await this.transport.call("spreadsheets.values.update", this.timing.writeTimeoutMs, (api, o) =>
      api.spreadsheets.values.update({ spreadsheetId, range: `${title}!${columnLetter(from)}${row}`, valueInputOption: "RAW", requestBody: { values } }, o),
    );
  }

  /**
   * Inserted rows take the formats of the row above; right under the header
   * there are none, so the first rows of a tab get their date formats here
   * (later rows inherit them). Cosmetic: a failure leaves serial numbers shown.
   */
  private async formatDates(spec: TabSpec<Columns>, tab: Extract<TabRead, { ok: true }>, fromRow: number, toRow: number): Promise<void> {
    const requests = Object.entries(spec.columns).flatMap(([key, column]) => {
      const col = tab.header.index[key];
      if (col === undefined || (column.type !== "date" && column.type !== "datetime")) return [];
      return [dateFormatRequest(tab.sheet.sheetId, column.type, col, fromRow - 1, toRow - 1)];
    });
    if (requests.length === 0) return;
    const spreadsheetId = this.spreadsheetId;
    await this.transport
      .call("spreadsheets.batchUpdate", this.timing.writeTimeoutMs, (api, o) => api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }, o))
      .catch(() => undefined);
  }

  /**
   * Adds missing tabs and writes title rows, header and rows into each, RAW.
   * Refuses when a target tab already holds data, unless `force` (then clears it).
   */
  async create(tabs: TabContent[], opts: { force?: boolean } = {}): Promise<void> {
    return this.serialise(async () => {
      const spreadsheetId = this.spreadsheetId;
      const meta = await this.metadata(true);
      const targets = tabs.map((content) => ({ content, sheet: meta.sheets.find((s) => matchesTabTitle(content.spec, s.title)) }));
      const existing = targets.flatMap((t) => (t.sheet ? [t.sheet] : []));
      const spares = meta.sheets.filter((s) => DEFAULT_SHEET_TITLE.test(s.title) && !existing.includes(s));
      const toCheck = [...existing, ...spares];
      const ranges = toCheck.length
        ? ((
            await this.read("spreadsheets.values.batchGet", (api, o) =>
              api.spreadsheets.values.batchGet({ spreadsheetId, ranges: toCheck.map((s) => quoteSheet(s.title)), ...READ_OPTIONS }, o),
            )
          ).valueRanges ?? [])
        : [];
      const hasData = (s: SheetMeta) => rawRowsFromWire(ranges[toCheck.indexOf(s)]?.values).length > 0;
      const filled = existing.filter(hasData);
      if (filled.length > 0 && !opts.force) {
        throw new SheetsError(
          "not-empty",
          `表格中这些工作表已有数据：${filled.map((s) => `「${s.title}」`).join("")}。未做任何修改。如确需用新数据覆盖，请加 --force 重新运行。`,
        );
      }
      if (filled.length > 0) {
        await this.transport.call("spreadsheets.values.batchClear", this.timing.writeTimeoutMs, (api, o) =>
          api.spreadsheets.values.batchClear({ spreadsheetId, requestBody: { ranges: filled.map((s) => quoteSheet(s.title)) } }, o),
        );
      }

      const timeZone = meta.timeZone ?? this.fallbackTimeZone;
      const usedIds = new Set(meta.sheets.map((s) => s.sheetId));
      const newId = () => {
        let id = 1_000_000 + usedIds.size;
        while (usedIds.has(id)) id++;
        usedIds.add(id);
        return id;
      };
      const requests: sheets_v4.Schema$Request[] = [];
      const data: sheets_v4.Schema$ValueRange[] = [];
      targets.forEach(({ content, sheet }, index) => {
        const { spec, titleRows = [], rows, protect } = content;
        const keys = Object.keys(spec.columns);
        const headerRow = titleRows.length + 1;
        const rowsNeeded = headerRow + rows.length;
        const sheetId = sheet?.sheetId ?? newId();
        const title = sheet?.title ?? spec.title;
        if (!sheet) {
          requests.push({
            addSheet: {
              properties: {
                sheetId,
                title,
                index,
                gridProperties: { rowCount: Math.max(1000, rowsNeeded + 200), columnCount: Math.max(26, keys.length), frozenRowCount: headerRow },
              },
            },
          });
        } else {
          if (sheet.rowCount < rowsNeeded) requests.push({ appendDimension: { sheetId, dimension: "ROWS", length: rowsNeeded + 200 - sheet.rowCount } });
          if (sheet.columnCount < keys.length) requests.push({ appendDimension: { sheetId, dimension: "COLUMNS", length: keys.length - sheet.columnCount } });
          requests.push({
            updateSheetProperties: { properties: { sheetId, gridProperties: { frozenRowCount: headerRow } }, fields: "gridProperties.frozenRowCount" },
          });
        }
        keys.forEach((key, col) => {
          const type = spec.columns[key]!.type;
          if (type !== "date" && type !== "datetime") return;
          requests.push(dateFormatRequest(sheetId, type, col, headerRow));
        });
        if (protect && !isProtected(sheet?.protectedRanges, undefined)) {
          requests.push({
            addProtectedRange: {
              protectedRange: { range: { sheetId }, description: "DutyBoard：此表授予角色，仅组织部管理员可编辑", warningOnly: false },
            },
          });
        }
        const values: (WireValue | null)[][] = [
          ...titleRows.map((t) => [t]),
          keys.map((k) => spec.columns[k]!.header),
          ...rows.map((row) => keys.map((k) => (row[k] === undefined ? null : wireFromInput(row[k]!, timeZone)))),
        ];
        data.push({ range: `${quoteSheet(title)}!A1`, majorDimension: "ROWS", values });
      });
      // The empty "Sheet1" of a new spreadsheet goes once DutyBoard's tabs are there.
      if (targets.length > 0) for (const spare of spares) if (!hasData(spare)) requests.push({ deleteSheet: { sheetId: spare.sheetId } });

      if (requests.length > 0) {
        await this.transport.call("spreadsheets.batchUpdate", this.timing.writeTimeoutMs, (api, o) =>
          api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }, o),
        );
      }
      await this.transport.call("spreadsheets.values.batchUpdate", this.timing.writeTimeoutMs, (api, o) =>
        api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: "RAW", data } }, o),
      );
      this.meta = undefined;
    });
  }
}

/** A date (or date-time) number format on one column from a 0-based row down (to `endRow`, or the sheet's end). */
function dateFormatRequest(sheetId: number, type: "date" | "datetime", column: number, startRow: number, endRow?: number): sheets_v4.Schema$Request {
  return {
    repeatCell: {
      range: { sheetId, startRowIndex: startRow, ...(endRow !== undefined && { endRowIndex: endRow }), startColumnIndex: column, endColumnIndex: column + 1 },
      cell: {
        userEnteredFormat: {
          numberFormat: type === "date" ? { type: "DATE", pattern: "yyyy-mm-dd" } : { type: "DATE_TIME", pattern: "yyyy-mm-dd hh:mm:ss" },
        },
      },
      fields: "userEnteredFormat.numberFormat",
    },
  };
}

/** The store the environment describes; a clear message when it names no spreadsheet or no credentials. */
export function googleStoreConfigFromEnv(e: Env): GoogleStoreConfig {
  const spreadsheetId = e.GOOGLE_SHEETS_ID;
  if (!spreadsheetId) {
    throw new SheetsError("config", "未设置 GOOGLE_SHEETS_ID：请填写 Google 表格的 ID（表格网址中 /d/ 与 /edit 之间的那一段）。");
  }
  const base = { spreadsheetId, timeZone: e.APP_TIME_ZONE };
  if (e.SHEETS_EMULATOR_HOST) return { ...base, emulatorHost: e.SHEETS_EMULATOR_HOST };
  if (e.GOOGLE_SERVICE_ACCOUNT_JSON) return { ...base, credentials: parseServiceAccountJson(e.GOOGLE_SERVICE_ACCOUNT_JSON) };
  if (e.GOOGLE_APPLICATION_CREDENTIALS) return { ...base, keyFile: e.GOOGLE_APPLICATION_CREDENTIALS };
  throw new SheetsError(
    "config",
    "未设置 Google 服务账号凭据：请把服务账号的 JSON 密钥填入 GOOGLE_SERVICE_ACCOUNT_JSON，或用 GOOGLE_APPLICATION_CREDENTIALS 指向密钥文件，并把表格共享给该服务账号的邮箱（client_email）；本地开发可改设 SHEETS_EMULATOR_HOST 使用模拟器（npm run sheets:emulator）。",
  );
}
