import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import type { CellValue } from "../schema/cells";
import { officeLockExistsNow } from "./file-lock";
import type { RowInput } from "./store";

/**
 * The write journal: every web write, kept outside the workbook so that an
 * office save which undoes it (or an office app holding the file) cannot make
 * it disappear. It is a directory of day files of JSON lines beside the
 * workbook (`data/.dutyboard.xlsx.journal/2026-12-07.jsonl`), shared by every
 * server process:
 * - a line is appended with one O_APPEND write and fsync'ed, so lines from
 *   several processes never interleave and an acknowledged write is on disk;
 * - nothing is ever rewritten: a change of status is a new line, and the
 *   latest line for an entry wins;
 * - day files older than the window move to `archive/`, after any entry still
 *   unsettled in them is carried into today's file (a duplicate is harmless:
 *   entries fold by ID).
 */

export type JournalKind = "update" | "append" | "assign";

/**
 * written: in the workbook when answered. pending: accepted while an office
 * app held the workbook, not yet written. claimed: a process is writing a
 * pending entry. applied / reapplied: written later (after the lock went; after
 * an office save undid it). conflict: its cells now hold a third value, for an
 * admin to settle. kept / forced: settled by an admin (the workbook's value
 * kept; the web value written). failed: could not be written (e.g. the tab is gone).
 */
export type JournalStatus = "written" | "pending" | "claimed" | "applied" | "reapplied" | "conflict" | "kept" | "forced" | "failed";

export interface JournalEntry {
  id: string;
  /** ISO instant the write was made. */
  at: string;
  login: string;
  /** The tab's title (工作表名). */
  tab: string;
  rowId: string;
  kind: JournalKind;
  /** The 操作日志 action, e.g. 新增走访. */
  action: string;
  /** The cells the person changed, as they were before (null for a new row). */
  before: Record<string, CellValue> | null;
  /** The same cells as written. */
  after: Record<string, CellValue>;
  /** What to hand the store to write it again (the changes with the app's stamps, or the whole new row). */
  input: RowInput;
  /** Cells that must still hold these values for it to be written (the guard included). */
  expected?: Record<string, CellValue>;
  status: JournalStatus;
}

/** A change of status, appended as its own line. */
export interface JournalStatusLine {
  id: string;
  at: string;
  status: JournalStatus;
  /** A claim's owner, unique per attempt. */
  claim?: string;
  /** For a conflict: what the workbook holds in the entry's cells (null: the row is gone). */
  workbook?: Record<string, CellValue> | null;
  /** Who settled it, or why it failed. */
  by?: string;
  detail?: string;
}

type Line = ({ t: "entry" } & JournalEntry) | ({ t: "status" } & JournalStatusLine);

/** An entry with its latest status. */
export interface JournalRecord extends JournalEntry {
  /** When the latest status was set. */
  statusAt: string;
  claim?: string;
  workbook?: Record<string, CellValue> | null;
  by?: string;
  detail?: string;
}

/** Settled or still to act on. */
export const UNSETTLED: ReadonlySet<JournalStatus> = new Set(["pending", "claimed", "conflict"]);

/** A claim older than this without an outcome is taken to be from a process that died. */
export const CLAIM_STALE_MS = 2 * 60_000;

const DAY_MS = 86_400_000;

/**
 * Whether an office suite's lock file sits beside the workbook (LibreOffice's
 * `.~lock.name#`, Excel's and WPS's `~$name`): the same names the workbook
 * store refuses to write under. Lets pending entries wait without a claim line
 * per request while the file is held.
 */
export function officeLockPresent(workbookFile: string): boolean {
  return officeLockExistsNow(workbookFile) !== undefined;
}

/** The journal directory of a workbook file. */
export function journalDirOf(workbookFile: string): string {
  return path.join(path.dirname(workbookFile), `.${path.basename(workbookFile)}.journal`);
}

function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** Dates revive as Date; JSON keeps them as ISO strings tagged so. */
function encodeCells(cells: Record<string, CellValue> | null | undefined) {
  if (!cells) return cells;
  return Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, v instanceof Date ? { $date: v.toISOString() } : v]));
}

function decodeCells(cells: unknown): Record<string, CellValue> | null | undefined {
  if (cells === null || cells === undefined) return cells as null | undefined;
  return Object.fromEntries(
    Object.entries(cells as Record<string, unknown>).map(([k, v]) => [
      k,
      v && typeof v === "object" && "$date" in v ? new Date(String((v as { $date: string }).$date)) : (v as CellValue),
    ]),
  );
}

export class Journal {
  /** How far back reconciliation looks; older settled entries go to the archive. */
  readonly windowDays: number;

  constructor(
    readonly dir: string,
    options: { windowDays?: number } = {},
  ) {
    this.windowDays = options.windowDays ?? 7;
  }

  /** Appends one line: one write on an O_APPEND descriptor, then fsync. */
  private appendLine(line: Line) {
    mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${dayOf(new Date().toISOString())}.jsonl`);
    const data = Buffer.from(`${JSON.stringify(line)}\n`, "utf8");
    const fd = openSync(file, "a");
    try {
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Records a write; on disk when this returns. */
  append(entry: JournalEntry): void {
    this.appendLine({
      t: "entry",
      ...entry,
      before: encodeCells(entry.before) as JournalEntry["before"],
      after: encodeCells(entry.after) as JournalEntry["after"],
      ...(entry.expected && { expected: encodeCells(entry.expected) as JournalEntry["expected"] }),
    });
  }

  setStatus(line: Omit<JournalStatusLine, "at"> & { at?: string }): void {
    this.appendLine({
      t: "status",
      ...line,
      at: line.at ?? new Date().toISOString(),
      ...(line.workbook !== undefined && { workbook: encodeCells(line.workbook) as JournalStatusLine["workbook"] }),
    });
  }

  private dayFiles(): string[] {
    try {
      return readdirSync(this.dir)
        .filter((f) => /^\d{4}-\d{2}-\d{2}\.jsonl$/u.test(f))
        .sort();
    } catch {
      return [];
    }
  }

  private linesOf(file: string): Line[] {
    let text: string;
    try {
      text = readFileSync(path.join(this.dir, file), "utf8");
    } catch {
      return [];
    }
    const lines: Line[] = [];
    for (const raw of text.split("\n")) {
      if (raw.trim() === "") continue;
      try {
        lines.push(JSON.parse(raw) as Line);
      } catch {
        // A line torn by a crash mid-write: it was never acknowledged.
      }
    }
    return lines;
  }

  /**
   * Every entry of the day files kept (the window and anything carried over),
   * with its latest status. A claim counts only when it is the first on a
   * pending entry, or when the claim before it has gone stale.
   */
  read(): JournalRecord[] {
    const records = new Map<string, JournalRecord>();
    for (const file of this.dayFiles()) {
      for (const line of this.linesOf(file)) {
        if (line.t === "entry") {
          const { t: _t, ...entry } = line;
          const known = records.get(entry.id);
          // A carried-over copy repeats an entry: its status lines still apply.
          if (known) continue;
          records.set(entry.id, {
            ...entry,
            before: decodeCells(entry.before) ?? null,
            after: decodeCells(entry.after) ?? {},
            ...(entry.expected && { expected: decodeCells(entry.expected) ?? undefined }),
            statusAt: entry.at,
          });
          continue;
        }
        const record = records.get(line.id);
        if (!record) continue;
        if (line.status === "claimed") {
          const free = record.status === "pending" || (record.status === "claimed" && Date.parse(line.at) - Date.parse(record.statusAt) > CLAIM_STALE_MS);
          if (!free) continue;
        }
        record.status = line.status;
        record.statusAt = line.at;
        record.claim = line.claim;
        if (line.workbook !== undefined) record.workbook = decodeCells(line.workbook) ?? null;
        else if (line.status !== "conflict") delete record.workbook;
        record.by = line.by;
        record.detail = line.detail;
      }
    }
    return [...records.values()];
  }

  /** Entries reconciliation looks at: made within the window, or still unsettled. */
  recent(now = new Date()): JournalRecord[] {
    const since = now.getTime() - this.windowDays * DAY_MS;
    return this.read().filter((r) => UNSETTLED.has(r.status) || Date.parse(r.at) >= since);
  }

  /** The bytes in the kept day files: changes whenever a line is appended. */
  size(): number {
    let total = 0;
    for (const f of this.dayFiles()) {
      try {
        total += statSync(path.join(this.dir, f)).size;
      } catch {
        // Archived meanwhile.
      }
    }
    return total;
  }

  private compactedAt = 0;

  /** compact, at most once an hour per process. */
  compactIfDue(now = new Date()): void {
    if (now.getTime() - this.compactedAt < 3_600_000) return;
    this.compactedAt = now.getTime();
    this.compact(now);
  }

  /**
   * Takes a pending entry for this process: appends a claim and reads it back.
   * Of two processes claiming at once, the one whose line came first wins.
   */
  claim(id: string, owner: string): JournalRecord | undefined {
    const before = this.read().find((r) => r.id === id);
    if (!before || !(before.status === "pending" || (before.status === "claimed" && Date.now() - Date.parse(before.statusAt) > CLAIM_STALE_MS)))
      return undefined;
    this.setStatus({ id, status: "claimed", claim: owner });
    const after = this.read().find((r) => r.id === id);
    return after?.status === "claimed" && after.claim === owner ? after : undefined;
  }

  /**
   * Moves the whole journal aside (to `<dir>.replaced-<time>`), for a workbook
   * replaced by a new one (a forced seed): its writes must not be replayed
   * into data they never belonged to.
   */
  setAside(now = new Date()): string | undefined {
    const to = `${this.dir}.replaced-${now.toISOString().replace(/[:.]/gu, "-")}`;
    try {
      renameSync(this.dir, to);
      return to;
    } catch {
      return undefined; // No journal yet.
    }
  }

  /**
   * Moves day files older than the window into `archive/`; an entry still
   * unsettled in them is first carried into today's file with its status.
   */
  compact(now = new Date()): { archived: string[] } {
    const cutoff = dayOf(new Date(now.getTime() - (this.windowDays + 1) * DAY_MS).toISOString());
    const old = this.dayFiles().filter((f) => f.slice(0, 10) < cutoff);
    if (old.length === 0) return { archived: [] };
    for (const record of this.read()) {
      if (!UNSETTLED.has(record.status) || dayOf(record.at) >= cutoff) continue;
      const { statusAt, claim, workbook, by, detail, ...entry } = record;
      // Carried as pending (or conflict): a claim does not survive the move.
      const status = record.status === "claimed" ? "pending" : record.status;
      this.append({ ...entry, status });
      if (status === "conflict") this.setStatus({ id: entry.id, status, at: statusAt, ...(workbook !== undefined && { workbook }), by, detail });
    }
    const archive = path.join(this.dir, "archive");
    mkdirSync(archive, { recursive: true });
    const archived: string[] = [];
    for (const f of old) {
      try {
        renameSync(path.join(this.dir, f), path.join(archive, f));
        archived.push(f);
      } catch {
        // Another process archived it first.
      }
    }
    return { archived };
  }
}
