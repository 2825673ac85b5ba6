import { existsSync, readFileSync, statSync } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";
import { DutyError } from "../errors";

/**
 * How often the holder touches its lock, and how old an untouched lock must be
 * before another process takes it for a dead writer's. A write of 100k rows
 * takes seconds; the heartbeat keeps its lock fresh however long it runs.
 */
export const LOCK_UPDATE_MS = 5_000;
export const LOCK_STALE_MS = 30_000;

/** What a write learns from its lock while it runs. */
export interface HeldLock {
  /** Set when another process took the lock (ours went stale, or its file was removed): stop before writing. */
  readonly compromised: Error | undefined;
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/** The lock beside `file` (a directory, created atomically by mkdir, its mtime the heartbeat). */
export function lockPathOf(file: string): string {
  return `${file}.dutyboard-lock`;
}

/**
 * Serialises the app's own writes to one file across processes with
 * proper-lockfile: mkdir is atomic, the holder refreshes the lock's mtime every
 * LOCK_UPDATE_MS, and only a lock untouched for LOCK_STALE_MS is taken over.
 * When ours is taken over (or its heartbeat fails) `held.compromised` is set and
 * the write must not go on; a wait past `timeoutMs` throws DutyError("write.busy").
 */
export async function withFileLock<T>(file: string, fn: (held: HeldLock) => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const lockfilePath = lockPathOf(file);
  const deadline = Date.now() + timeoutMs;
  const held: { compromised: Error | undefined } = { compromised: undefined };
  let release: () => Promise<void>;
  for (;;) {
    try {
      release = await lockfile.lock(file, {
        lockfilePath,
        realpath: false,
        stale: LOCK_STALE_MS,
        update: LOCK_UPDATE_MS,
        retries: 0,
        // Never let the process go on as if it held the lock: the write checks this before it renames.
        onCompromised: (err) => {
          held.compromised = err;
        },
      });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ELOCKED") throw e;
      if (Date.now() > deadline) throw new DutyError("write.busy", { lock: lockfilePath });
      await sleep(25 + Math.random() * 50);
    }
  }
  try {
    const result = await fn(held);
    if (held.compromised) throw new DutyError("write.lock-lost", {}, { cause: held.compromised });
    return result;
  } finally {
    // A compromised lock is no longer ours: releasing it would remove the new holder's.
    if (!held.compromised) await release().catch(() => {});
  }
}

/** Whether a pid names a running process on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes temporary copies (`NAME.PID.TIME.tmp`, `NAME.PID.tmp`) that writers
 * which died mid-write left beside the workbook. Call it holding the lock:
 * a copy whose writer still runs and is younger than the stale time is kept.
 * Returns the names removed.
 */
export async function removeDeadWritersTemps(file: string, now = Date.now()): Promise<string[]> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = name.startsWith(`${base}.`) ? /^\.(\d+)(?:\.\d+)?\.tmp$/u.exec(name.slice(base.length)) : null;
    if (!m) continue;
    const pid = Number(m[1]);
    const full = path.join(dir, name);
    try {
      const info = await stat(full);
      const old = now - info.mtimeMs > LOCK_STALE_MS;
      const gone = pid !== process.pid && !alive(pid);
      if (old || gone) {
        await rm(full, { force: true });
        removed.push(name);
      }
    } catch {
      // removed meanwhile
    }
  }
  return removed;
}

/**
 * The lock files office suites leave beside a workbook they have open:
 * LibreOffice `.~lock.NAME#`, Excel `~$NAME` (and `~$` + NAME less its first
 * two characters for long names), WPS `.~NAME`. A write now would be silently
 * undone by their next save.
 */
export function officeLockNames(file: string): string[] {
  const base = path.basename(file);
  return [`.~lock.${base}#`, `~$${base}`, `~$${base.slice(2)}`, `.~${base}`];
}

/** The first office lock file beside the workbook this instant (synchronous: for the check just before a rename). */
export function officeLockExistsNow(file: string): string | undefined {
  const dir = path.dirname(file);
  return officeLockNames(file)
    .map((name) => path.join(dir, name))
    .find((p) => existsSync(p));
}

/** An office lock beside the workbook: who holds it (LibreOffice's user field), where, and how old it is. */
export function officeLockInfo(file: string): { holder?: string; path: string; ageMs: number } | undefined {
  const at = officeLockExistsNow(file);
  if (!at) return undefined;
  try {
    const ageMs = Math.max(0, Date.now() - statSync(at).mtimeMs);
    let holder: string | undefined;
    try {
      const text = readFileSync(at, "utf8");
      // LibreOffice writes "user,host,...,date,..."; Excel and WPS write the user name, padded.
      const fields = text.split(",");
      const who = (fields.length > 1 ? fields[1] || fields[0] : fields[0])?.replace(/[\u0000-\u001f]/gu, "").trim();
      if (who) holder = who;
    } catch {
      // unreadable (Excel keeps it open): its name is all we have
    }
    return holder === undefined ? { path: at, ageMs } : { holder, path: at, ageMs };
  } catch {
    return undefined; // removed meanwhile
  }
}

/** Who holds the workbook open in an office suite (the lock file's name when it says no one), or undefined. */
export async function officeLockHolder(file: string): Promise<string | undefined> {
  const info = officeLockInfo(file);
  return info ? (info.holder ?? path.basename(info.path)) : undefined;
}
