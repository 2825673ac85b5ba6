/**
 * Google Sheets behind the SheetStore interface, for serverless deployments.
 * The class only wires its rooms together:
 *   requests.ts      reads retried inside a budget; writes sent once, looked for after a failure
 *   layout.ts        the tab list, gids, protection and time zone (one cached spreadsheets.get); create()
 *   reader.ts        the whole spreadsheet in one values.batchGet (+ links), one tab for a write
 *   writer.ts        append, update by ID, assign IDs, each with its audit rows, one at a time
 *   placement.ts     an update that landed in a moved row, found and put back
 *   write-ranges.ts  the ranges and values a write sends, built from the tab as read
 *
 * Request budget: a read of the whole spreadsheet is one values.batchGet; the
 * tab list comes from a spreadsheets.get kept for a few minutes. A write is one
 * read of the target tab and one write; an update then reads its row back.
 */
import { DEFAULT_TIMING } from "../google-retry";
import { SheetsTransport } from "../google-transport";
import type { CellValue, RawWorkbook } from "../../schema/cells";
import type { Columns } from "../../schema/columns";
import type { TabSpec } from "../../schema/tabs";
import type { AppendResult, AssignIdsResult, LogAlong, RowInput, SheetStore, TabContent, UpdateResult } from "../store";
import type { GoogleStoreConfig } from "./config";
import { SheetLayout } from "./layout";
import { SheetReader } from "./reader";
import { GoogleRequests } from "./requests";
import { SheetWriter } from "./writer";

export { SheetsError } from "../google-errors";
export { googleStoreConfigFromEnv, type GoogleStoreConfig } from "./config";

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

export class GoogleStore implements SheetStore {
  readonly kind = "google" as const;
  readonly url: string;
  private readonly requests: GoogleRequests;
  private readonly layout: SheetLayout;
  private readonly reader: SheetReader;
  private readonly writer: SheetWriter;

  constructor(config: GoogleStoreConfig) {
    const timing = { ...DEFAULT_TIMING, ...config.timing };
    this.url = `https://docs.google.com/spreadsheets/d/${config.spreadsheetId}/edit`;
    this.requests = new GoogleRequests(new SheetsTransport(config), timing);
    this.layout = new SheetLayout(this.requests, timing, config.timeZone ?? "Asia/Shanghai");
    this.reader = new SheetReader(this.requests, this.layout, this.url);
    this.writer = new SheetWriter(this.requests, this.layout, this.reader);
  }

  get spreadsheetId(): string {
    return this.requests.spreadsheetId;
  }

  stats(): GoogleStoreStats {
    return { requests: { ...this.requests.sent }, ...this.requests.counters };
  }

  /** Sheets has no cheap change token: a revision needs the Drive API and another scope. */
  async version(): Promise<string | undefined> {
    return undefined;
  }

  readAll(): Promise<RawWorkbook> {
    return this.reader.readAll();
  }

  append(spec: TabSpec<Columns>, rows: RowInput[], log?: LogAlong<Extract<AppendResult, { ok: true }>>): Promise<AppendResult> {
    return this.writer.append(spec, rows, log);
  }

  updateById(
    spec: TabSpec<Columns>,
    id: string,
    changes: RowInput,
    expected?: Record<string, CellValue>,
    log?: LogAlong<Extract<UpdateResult, { ok: true }>>,
  ): Promise<UpdateResult> {
    return this.writer.updateById(spec, id, changes, expected, log);
  }

  assignMissingIds(spec: TabSpec<Columns>, newId: () => string, log?: LogAlong<Extract<AssignIdsResult, { ok: true }>>): Promise<AssignIdsResult> {
    return this.writer.assignMissingIds(spec, newId, log);
  }

  /** Adds missing tabs and fills them (see SheetLayout.create), in the write queue. */
  create(tabs: TabContent[], opts: { force?: boolean } = {}): Promise<void> {
    return this.writer.serialise(() => this.layout.create(tabs, opts));
  }
}
