import type { CellValue, RawRow } from "../../schema/cells";
import { isBlank } from "../../schema/cells";
import type { Columns } from "../../schema/columns";
import type { TabSpec } from "../../schema/tabs";
import { DutyError } from "../../errors";
import { findConflict } from "../compare";
import { boxOfA1, cellFromWireValue, holdsWire, wireFromInput, type WireValue } from "../google-cells";
import { SheetsError } from "../google-errors";
import type { AppendResult, AssignIdsResult, LogAlong, MisplacedWrite, RowInput, UpdateResult } from "../store";
import type { SheetLayout } from "./layout";
import { settlePlacement } from "./placement";
import { rowsWithId, type FoundTab, type SheetReader } from "./reader";
import type { GoogleRequests } from "./requests";
import { appendBlock, cellWrite, dateFormatsFor, realignedRows, type KeyedValue } from "./write-ranges";

function checkKeys<C extends Columns>(spec: TabSpec<C>, row: RowInput) {
  for (const key of Object.keys(row)) {
    if (!(key in spec.columns)) throw new DutyError("schema.unknown-column", { tab: spec.title, column: key });
  }
}

/**
 * Writing. A write is one read of the target tab and one write; an update then
 * reads its row back (see settlePlacement). This instance's writes run one at
 * a time, each with its audit rows right after it.
 *
 * Writes are never resent blindly: after a failure the writer re-reads and
 * looks for the write (append: the ID, or for an audit row its every value;
 * update: the new values), waiting up to writeSettleMs when Google never
 * answered. A request Google holds longer than writeTimeoutMs + writeSettleMs
 * could still land after the retry; the data-health report would then show
 * the duplicate ID.
 */
export class SheetWriter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly requests: GoogleRequests,
    private readonly layout: SheetLayout,
    private readonly reader: SheetReader,
  ) {}

  /** This instance's writes run one at a time, so its own read-then-write steps never interleave. */
  serialise<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async append(spec: TabSpec<Columns>, rows: RowInput[], log?: LogAlong<Extract<AppendResult, { ok: true }>>): Promise<AppendResult> {
    rows.forEach((r) => checkKeys(spec, r));
    if (rows.length === 0) return { ok: true, rows: [] };
    return this.serialise(async () => this.withLog(log, await this.appendNow(spec, rows)));
  }

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

  async assignMissingIds(spec: TabSpec<Columns>, newId: () => string, log?: LogAlong<Extract<AssignIdsResult, { ok: true }>>): Promise<AssignIdsResult> {
    return this.serialise(async () => this.withLog(log, await this.assignNow(spec, newId)));
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
    const timeZone = await this.layout.timeZone();
    const wanted: KeyedValue[] = Object.entries(changes).map(([key, input]) => ({ key, value: wireFromInput(input, timeZone) }));
    let before: Record<string, CellValue> | undefined;

    // The row is found by ID in a read made just before each write, never by an older row number.
    const locate = async () => {
      const tab = await this.reader.readTab(spec, "all");
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
    const done = (row: number, present: KeyedValue[]): UpdateResult => ({
      ok: true,
      row,
      before: before ?? {},
      after: Object.fromEntries(present.map((w) => [w.key, cellFromWireValue(w.value)])),
      ...(misplaced.length > 0 && { misplaced }),
    });
    const settle = (pre: FoundTab, row: number, written: KeyedValue[]) => settlePlacement(this.requests, this.reader, spec, pre, id, row, written, misplaced);

    /** The last write sent: where it was aimed, from which read, so a late landing elsewhere can be undone. */
    let sent: { pre: FoundTab; row: number; written: KeyedValue[] } | undefined;
    return this.requests.writeChecked<UpdateResult>({
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
          const data = changed.map((w) => cellWrite(tab.sheet.title, tab.header.index[w.key]!, row, w.value));
          const spreadsheetId = this.requests.spreadsheetId;
          sent = { pre: tab, row, written: changed };
          await this.requests.write("spreadsheets.values.batchUpdate", (api, o) =>
            api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: "RAW", data } }, o),
          );
          if (await settle(tab, row, changed)) return done(row, present);
          if (round >= 5) throw new SheetsError("unavailable", `「${tab.sheet.title}」的行一直在被移动，编号 ${id} 的修改未能确认写入正确的行，请稍后再试。`);
        }
      },
      landed: async () => {
        const found = await locate();
        if (found.ok && found.present.every((w) => holdsWire(found.valueOf(w.key), w.value))) return done(found.row, found.present);
        // Not in our row: if it landed in another one while rows moved, put that row back before trying again.
        if (sent) await settle(sent.pre, sent.row, sent.written);
        return undefined;
      },
    });
  }

  private async assignNow(spec: TabSpec<Columns>, newId: () => string): Promise<AssignIdsResult> {
    const spreadsheetId = this.requests.spreadsheetId;
    const assigned = new Map<string, number>();
    for (let round = 0; round < 3; round++) {
      const pre = await this.reader.readTab(spec, "all");
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
      const data = plan.map((p) => cellWrite(pre.sheet.title, idColumn, p.row, p.id));
      const readBack = async () => {
        const post = await this.reader.readTab(spec, "all");
        return post.ok ? post : undefined;
      };
      const post = await this.requests.writeChecked<FoundTab | undefined>({
        attempt: async () => {
          await this.requests.write("spreadsheets.values.batchUpdate", (api, o) =>
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
            restore.push(cellWrite(pre.sheet.title, idColumn, hit.row, previousId instanceof Date ? previousId.toISOString() : previousId!));
          } else {
            assigned.set(p.id, hit.row); // the row it was meant for, or another that lacked an ID just as much
          }
        }
      }
      if (restore.length === 0) continue;
      this.requests.counters.misplacedWrites++;
      await this.requests.write("spreadsheets.values.batchUpdate", (api, o) =>
        api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: "RAW", data: restore } }, o),
      );
    }
    return { ok: true, assigned: [...assigned].map(([id, row]) => ({ row, id })) };
  }

  private async appendNow(spec: TabSpec<Columns>, rows: RowInput[]): Promise<AppendResult> {
    rows.forEach((r) => checkKeys(spec, r));
    const timeZone = await this.layout.timeZone();
    const wanted = rows.map((row) => {
      const id = row[spec.idColumn];
      return {
        id: typeof id === "string" && id.trim() !== "" ? id : undefined,
        values: Object.entries(row).map(([key, input]): KeyedValue => ({ key, value: wireFromInput(input, timeZone) })),
      };
    });
    const withIds = wanted.some((w) => w.id !== undefined);

    /** Where a wanted row already is: by its ID, or for a row without one (the audit log) by its every value. */
    const placeOf = (tab: FoundTab, w: (typeof wanted)[number]): number | undefined => {
      if (w.id !== undefined) return rowsWithId(tab, spec.idColumn, w.id)[0]?.row;
      const cells = w.values.filter((v) => tab.header.index[v.key] !== undefined && v.value !== "");
      if (cells.length === 0) return undefined;
      const match = tab.rows.findLast((r) => r.row > tab.header.row && cells.every((v) => holdsWire(r.cells[tab.header.index[v.key]!] ?? null, v.value)));
      return match?.row;
    };

    return this.requests.writeChecked<AppendResult>({
      attempt: async () => {
        // A retried append whose row already landed must not land twice.
        const tab = await this.reader.readTab(spec, withIds ? "all" : "header");
        if (!tab.ok) return tab;
        const placed = wanted.map((w) => (w.id !== undefined ? placeOf(tab, w) : undefined));
        const pending = placed.flatMap((p, i) => (p === undefined ? [i] : []));
        if (pending.length > 0) {
          const { start, range, matrix } = appendBlock(
            tab,
            pending.map((i) => wanted[i]!.values),
          );
          const spreadsheetId = this.requests.spreadsheetId;
          // Google places the rows below the table and inserts them, so concurrent appends cannot overwrite each other.
          const data = await this.requests.write("spreadsheets.values.append", (api, o) =>
            api.spreadsheets.values.append(
              { spreadsheetId, range, valueInputOption: "RAW", insertDataOption: "INSERT_ROWS", requestBody: { majorDimension: "ROWS", values: matrix } },
              o,
            ),
          );
          const box = boxOfA1(data.updates?.updatedRange ?? "");
          if (!box) throw new SheetsError("bad-request", `Google 表格没有返回追加的位置（${data.updates?.updatedRange ?? "无"}）`);
          if (box.startColumn !== start) await this.realign(tab, box.startRow, box.startColumn, start, matrix);
          if (box.startRow === tab.header.row + 1) await this.formatDates(spec, tab, box.startRow, box.startRow + matrix.length);
          pending.forEach((i, k) => (placed[i] = box.startRow + k));
        }
        return { ok: true, rows: placed as number[] };
      },
      landed: async () => {
        const tab = await this.reader.readTab(spec, "all");
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
  private async realign(tab: FoundTab, row: number, landedColumn: number, start: number, matrix: (WireValue | null)[][]): Promise<void> {
    const { range, values } = realignedRows(tab.sheet.title, row, landedColumn, start, matrix);
    const spreadsheetId = this.requests.spreadsheetId;
    await this.requests.writeUnchecked("spreadsheets.values.update", (api, o) =>
      api.spreadsheets.values.update({ spreadsheetId, range, valueInputOption: "RAW", requestBody: { values } }, o),
    );
  }

  /**
   * Inserted rows take the formats of the row above; right under the header
   * there are none, so the first rows of a tab get their date formats here
   * (later rows inherit them). Cosmetic: a failure leaves serial numbers shown.
   */
  private async formatDates(spec: TabSpec<Columns>, tab: FoundTab, fromRow: number, toRow: number): Promise<void> {
    const requests = dateFormatsFor(spec, tab, fromRow, toRow);
    if (requests.length === 0) return;
    const spreadsheetId = this.requests.spreadsheetId;
    await this.requests
      .writeUnchecked("spreadsheets.batchUpdate", (api, o) => api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }, o))
      .catch(() => undefined);
  }
}
