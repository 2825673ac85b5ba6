/**
 * Small JSON state that several server processes share (sign-in counters,
 * revoked sessions), behind an interface so a Redis store can replace the
 * file later. The file store reads and changes the whole state under a lock
 * (proper-lockfile), writes a temporary file and renames it over the old one,
 * so a reader never sees half a file and two processes never lose each
 * other's change.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import lockfile from "proper-lockfile";

export interface SharedState<T> {
  /** The state as last written (possibly a moment old; cheap enough for every request). */
  read(): Promise<T>;
  /** Changes the state atomically with respect to every other process; returns what `change` returns. */
  update<R>(change: (state: T) => R): Promise<R>;
}

/** For one process (unit tests, or a deployment of one instance that accepts a reset on restart). */
export class MemoryState<T> implements SharedState<T> {
  constructor(private state: T) {}
  async read(): Promise<T> {
    return this.state;
  }
  async update<R>(change: (state: T) => R): Promise<R> {
    return change(this.state);
  }
}

export class FileState<T> implements SharedState<T> {
  private cached: { mtimeMs: number; size: number; state: T } | undefined;

  constructor(
    readonly file: string,
    private readonly empty: () => T,
  ) {}

  async read(): Promise<T> {
    return this.readNow();
  }

  private readNow(): T {
    let stat;
    try {
      stat = statSync(/*turbopackIgnore: true*/ this.file);
    } catch {
      return this.empty();
    }
    if (this.cached && this.cached.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) return this.cached.state;
    try {
      const state = JSON.parse(readFileSync(/*turbopackIgnore: true*/ this.file, "utf8")) as T;
      this.cached = { mtimeMs: stat.mtimeMs, size: stat.size, state };
      return state;
    } catch {
      // A damaged file is started afresh rather than locking everyone out.
      return this.empty();
    }
  }

  async update<R>(change: (state: T) => R): Promise<R> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const release = await lockfile.lock(this.file, {
      realpath: false,
      lockfilePath: `${this.file}.lock`,
      stale: 10_000,
      retries: { retries: 40, minTimeout: 20, maxTimeout: 200 },
    });
    try {
      this.cached = undefined;
      const state = structuredClone(this.readNow());
      const result = change(state);
      const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      try {
        await writeFile(/*turbopackIgnore: true*/ tmp, JSON.stringify(state), { mode: 0o600 });
        await rename(tmp, this.file);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
      return result;
    } finally {
      await release();
    }
  }
}
