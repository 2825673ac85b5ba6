import { open, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";

/** A lock older than this is from a process that died mid-write. */
const STALE_MS = 30_000;

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Serialises the app's own writes to one file across processes: an exclusive
 * lock file beside it, taken with O_EXCL, cleared when its owner is gone.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const lock = `${file}.dutyboard-lock`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      await clearStaleLock(lock);
      if (Date.now() > deadline) throw new Error(`写入锁等待超时：${lock}`);
      await sleep(25 + Math.random() * 50);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

async function clearStaleLock(lock: string) {
  try {
    const [info, owner] = await Promise.all([stat(lock), readFile(lock, "utf8")]);
    const pid = Number(owner);
    const ownerGone = Number.isInteger(pid) && pid > 0 && !alive(pid);
    if (ownerGone || Date.now() - info.mtimeMs > STALE_MS) await rm(lock, { force: true });
  } catch {
    // the lock vanished between our attempts: try again
  }
}

/**
 * The lock files office suites leave beside a workbook they have open:
 * LibreOffice `.~lock.NAME#`, Excel and WPS `~$NAME`. A write now would be
 * silently undone by their next save.
 */
export async function officeLockHolder(file: string): Promise<string | undefined> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  for (const name of [`.~lock.${base}#`, `~$${base}`, `~$${base.slice(2)}`]) {
    try {
      const text = await readFile(path.join(dir, name), "utf8");
      // LibreOffice writes "user,host,...,date,..."; show who holds it when we can.
      const who = text.split(",")[1] ?? text.split(",")[0];
      return who?.trim() || name;
    } catch {
      // no such lock file
    }
  }
  return undefined;
}
