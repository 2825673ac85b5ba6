/**
 * Two repairs an admin makes on /admin to the local workbook, with the file
 * itself, not its contents:
 * - clearing an office lock file (`.~lock.X#`, `~$X`, `.~X`) left behind by a
 *   crashed office suite, which otherwise refuses every web write;
 * - restoring one of the copies in `data/.backups`, also when the workbook
 *   itself cannot be read (the 503 page points here).
 * Both are decided here, not by the page: the caller's viewer must be an
 * admin, the admin must have confirmed, and the file must still be the one
 * the admin saw. Nothing here needs a readable workbook.
 */
import { copyFileSync, renameSync, statSync, unlinkSync } from "node:fs";
import { copyFile, mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { can, type Viewer } from "../auth/roles";
import { auditTab } from "../schema/tabs";
import { officeLockExistsNow, officeLockInfo, readWorkbookFast, type RowInput, type SheetStore, withFileLock } from "../sheets";
import { auditRows, type Writer } from "./writes";
import { DutyError, type ErrorParams } from "../errors";
import type { NoticeCode } from "../i18n";
import { zh } from "../i18n/zh";

/** An office lock older than this is taken as left over from a crash, and may be cleared. */
export const STALE_OFFICE_LOCK_HOURS = 3;
export const STALE_OFFICE_LOCK_MS = STALE_OFFICE_LOCK_HOURS * 3_600_000;

export interface OfficeLockStatus {
  /** The lock file's name beside the workbook (never a server path). */
  name: string;
  /** LibreOffice's user field, or the name Excel/WPS wrote. */
  holder?: string;
  /** Its mtime: since when it has been there, and what a clear request must name. */
  mtimeMs: number;
  ageMs: number;
  /** Older than STALE_OFFICE_LOCK_MS: probably left over from a crash, and clearable. */
  stale: boolean;
}

/** The office lock beside the workbook, if any. */
export function officeLockStatus(file: string, now = Date.now()): OfficeLockStatus | undefined {
  const info = officeLockInfo(file);
  if (!info) return undefined;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(info.path).mtimeMs;
  } catch {
    return undefined; // removed meanwhile
  }
  const ageMs = Math.max(0, now - mtimeMs);
  return { name: path.basename(info.path), ...(info.holder !== undefined && { holder: info.holder }), mtimeMs, ageMs, stale: ageMs > STALE_OFFICE_LOCK_MS };
}

/**
 * What a workbook-file action did or why it refused: a code and its parameters (lib/i18n `notices`
 * words them in the viewer's language), and the Chinese text for the log and the command line.
 */
export type AdminFileOutcome = ({ ok: true; audited: boolean } | { ok: false }) & { code: NoticeCode; params: ErrorParams; message: string };

export interface AdminFileDeps {
  /** The store of this workbook, for the 操作日志 row; absent: no row is written. */
  store?: SheetStore;
  /** The deployment's zone for 操作日志 时间. */
  timeZone?: string;
  now?: () => Date;
}

function refuse(code: NoticeCode, params: ErrorParams = {}): AdminFileOutcome {
  return { ok: false, code, params, message: zh.notices[code](params) };
}

function done(code: NoticeCode, params: ErrorParams, audited: boolean): AdminFileOutcome {
  return { ok: true, audited, code, params, message: zh.notices[code](params) };
}

function adminRefusal(viewer: Viewer): AdminFileOutcome | undefined {
  if (viewer.kind !== "user" || !can(viewer, "admin")) return refuse("file.admin-only");
  return undefined;
}

/** One 操作日志 row about the workbook file itself; false when it could not be written (said in the server log). */
async function auditFileAction(
  writer: Writer,
  action: string,
  rowId: string,
  before: Record<string, string> | null,
  after: Record<string, string> | null,
  deps: AdminFileDeps,
): Promise<boolean> {
  if (!deps.store) return false;
  const [row] = auditRows(writer, [{ action, spec: auditTab, rowId, before, after }], (deps.now ?? (() => new Date()))(), deps.timeZone);
  const rows: RowInput[] = [{ ...row, tab: "（工作簿文件）" }];
  try {
    const result = await deps.store.append(auditTab, rows);
    if (result.ok) return true;
    console.error(`操作日志未能写入（${result.reason}）：`, JSON.stringify(rows));
  } catch (error) {
    console.error("操作日志未能写入：", error, JSON.stringify(rows));
  }
  return false;
}

export interface ClearOfficeLockRequest {
  /** The lock file's name and mtime as the admin saw them on /admin. */
  name: string;
  mtimeMs: number;
  confirmed: boolean;
}

/**
 * Removes the office lock the admin saw: only an admin, only after the
 * confirmation, only a lock older than STALE_OFFICE_LOCK_MS, and only when it
 * is still the same file (same name, same mtime): a lock that was renewed or
 * replaced since the page was shown means someone opened the workbook again.
 */
export async function clearOfficeLock(viewer: Viewer, file: string, request: ClearOfficeLockRequest, deps: AdminFileDeps = {}): Promise<AdminFileOutcome> {
  const refused = adminRefusal(viewer);
  if (refused || viewer.kind !== "user") return refused ?? refuse("file.admin-only");
  if (!request.confirmed) return refuse("lock.confirm");
  const now = (deps.now ?? (() => new Date()))().getTime();
  const lock = officeLockStatus(file, now);
  if (!lock) return refuse("lock.gone");
  if (lock.name !== request.name || lock.mtimeMs !== request.mtimeMs) {
    return refuse("lock.changed", { name: lock.name, ageMs: lock.ageMs });
  }
  if (!lock.stale) {
    return refuse("lock.fresh", { ageMs: lock.ageMs, hours: STALE_OFFICE_LOCK_HOURS, holder: lock.holder ?? "" });
  }
  // The same file this instant, then removed in the same synchronous step.
  const at = path.join(path.dirname(file), lock.name);
  try {
    if (statSync(at).mtimeMs !== request.mtimeMs) return refuse("lock.touched");
    unlinkSync(at);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return refuse("lock.vanished");
    throw error;
  }
  const since = new Date(lock.mtimeMs).toISOString();
  const audited = await auditFileAction(viewer, "清除办公软件锁文件", lock.name, { holder: lock.holder ?? "", since }, null, deps);
  return done("lock.cleared", { name: lock.name, holder: lock.holder ?? "", ageMs: lock.ageMs }, audited);
}

// ---------------------------------------------------------------------------
// Backups.

export interface BackupInfo {
  /** The file name in data/.backups (never a path). */
  name: string;
  size: number;
  /** When the copy was made (its mtime). */
  mtimeMs: number;
}

export function backupDirOf(file: string): string {
  return path.join(path.dirname(file), ".backups");
}

/** Whether a name is one of this workbook's backups, as the store and restore name them. */
function isBackupName(file: string, name: string): boolean {
  const base = path.basename(file, ".xlsx");
  return name.startsWith(`${base}.`) && name.endsWith(".xlsx") && path.basename(name) === name && !name.includes("..");
}

/** This workbook's backups, newest first. */
export async function listBackups(file: string): Promise<BackupInfo[]> {
  const dir = backupDirOf(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const infos = await Promise.all(
    names
      .filter((n) => isBackupName(file, n))
      .map(async (name) => {
        try {
          const s = await stat(path.join(dir, name));
          return s.isFile() ? { name, size: s.size, mtimeMs: s.mtimeMs } : undefined;
        } catch {
          return undefined;
        }
      }),
  );
  return infos.filter((x): x is BackupInfo => x !== undefined).sort((a, b) => b.mtimeMs - a.mtimeMs || b.name.localeCompare(a.name));
}

export interface RestoreRequest {
  name: string;
  confirmed: boolean;
}

function identity(file: string): string | undefined {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/**
 * Puts a backup in place of the workbook, under the workbook's write lock:
 * refused while an office suite holds the workbook, and for a backup our
 * reader cannot open. The current workbook is first kept in data/.backups
 * itself (readable or not), so a restore can be undone; the backup is copied
 * beside the workbook, read back, and renamed over it — only if the workbook
 * is still the file that was kept. `afterRestore` drops cached reads.
 */
export async function restoreBackup(
  viewer: Viewer,
  file: string,
  request: RestoreRequest,
  deps: AdminFileDeps & { afterRestore?: () => Promise<void> } = {},
): Promise<AdminFileOutcome> {
  const refused = adminRefusal(viewer);
  if (refused || viewer.kind !== "user") return refused ?? refuse("file.admin-only");
  if (!isBackupName(file, request.name)) return refuse("backup.unknown");
  if (!request.confirmed) return refuse("backup.confirm");
  const dir = backupDirOf(file);
  const source = path.join(dir, request.name);
  try {
    await stat(source);
  } catch {
    return refuse("backup.gone", { name: request.name });
  }
  const base = path.basename(file, ".xlsx");
  const stamp = new Date().toISOString().replace(/[:.]/gu, "-");
  const kept = `${base}.${stamp}.before-restore.xlsx`;
  let hasAuditTab = false;
  const outcome = await withFileLock(file, async (held): Promise<AdminFileOutcome> => {
    const office = officeLockStatus(file);
    if (office) {
      return refuse("backup.office-open", { holder: office.holder ?? "", lock: office.name, stale: office.stale ? 1 : 0 });
    }
    let tabs;
    try {
      tabs = await readWorkbookFast(source);
    } catch {
      return refuse("backup.unreadable", { name: request.name });
    }
    const broken = tabs.find((t) => t.unreadable !== undefined);
    if (broken) return refuse("backup.broken-tab", { name: request.name, tab: broken.title });
    hasAuditTab = tabs.some((t) => t.title === auditTab.title);
    await mkdir(dir, { recursive: true });
    const before = identity(file);
    if (before !== undefined) await copyFile(file, path.join(dir, kept));
    // Named as the store names its temporary copies: a restore killed here is cleaned at the next write.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      copyFileSync(source, tmp);
      await readWorkbookFast(tmp);
      // From here to the rename: synchronous, as the store's own writes.
      if (held.compromised) throw new DutyError("write.lock-lost", {}, { cause: held.compromised });
      const office = officeLockExistsNow(file);
      if (office) {
        rmSync(tmp);
        return refuse("backup.office-opened", { lock: path.basename(office) });
      }
      if (identity(file) !== before) {
        rmSync(tmp);
        return refuse("backup.changed");
      }
      renameSync(tmp, file);
    } catch (error) {
      rmSync(tmp);
      throw error;
    }
    return done("backup.restored", {}, false);
  });
  if (!outcome.ok) return outcome;
  await deps.afterRestore?.();
  const audited = hasAuditTab ? await auditFileAction(viewer, "恢复备份", request.name, null, { restored: request.name, keptAs: kept }, deps) : false;
  return done("backup.restored", { name: request.name, kept }, audited);
}

function rmSync(file: string) {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
