import { deserialize, serialize } from "node:v8";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RawTab } from "../schema/cells";

/**
 * The workbook's parsed tabs kept on disk beside it, keyed by the file's
 * version, so a restarted process does not read and parse a big workbook
 * again: the next read of an unchanged file takes the snapshot instead. Never
 * inside the workbook; a snapshot that is missing, of another version or of
 * another format is ignored, and one that cannot be written only costs the
 * next restart its read.
 */

/** Bumped whenever RawTab or the reader's rules change: an older snapshot is then read past. */
const FORMAT = 1;

/** Where the snapshot of `file` lives: data/.cache/dutyboard.xlsx.tabs beside data/dutyboard.xlsx. */
export function diskSnapshotPathOf(file: string): string {
  return path.join(path.dirname(file), ".cache", `${path.basename(file)}.tabs`);
}

/**
 * The file's version as the snapshot is keyed: modification time, size, inode
 * and change time, so a file put back with its old modification time (a copy
 * that keeps times) is not taken for the one read.
 */
export function diskKeyOf(info: { mtimeMs: number; size: number; ino: number; ctimeMs: number }): string {
  return `${FORMAT}:${info.mtimeMs}:${info.size}:${info.ino}:${info.ctimeMs}`;
}

export async function diskKeyNow(file: string): Promise<string | undefined> {
  try {
    return diskKeyOf(await stat(file));
  } catch {
    return undefined;
  }
}

interface Stored {
  key: string;
  tabs: RawTab[];
}

/** The tabs stored for exactly this version of the file, or undefined. */
export async function readDiskSnapshot(file: string, key: string): Promise<RawTab[] | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(diskSnapshotPathOf(file));
  } catch {
    return undefined;
  }
  try {
    const stored = deserialize(bytes) as Stored;
    return stored?.key === key && Array.isArray(stored.tabs) ? stored.tabs : undefined;
  } catch {
    return undefined; // a torn or foreign file: read the workbook instead
  }
}

/** Stores the tabs for this version of the file (written beside it, then renamed over the last one). */
export async function writeDiskSnapshot(file: string, key: string, tabs: RawTab[]): Promise<void> {
  const target = diskSnapshotPathOf(file);
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(tmp, serialize({ key, tabs } satisfies Stored));
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    console.error("工作簿读取快照未能保存（下次启动时将重新读取工作簿）：", error);
  }
}
