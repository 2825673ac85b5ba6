/**
 * The spreadsheet snapshot shared by every instance through Redis: one Sheets
 * read per freshness window for the whole deployment, not one per instance.
 *
 * The entry is the raw read, gzipped, with the time it was read (`readAt`).
 * An instance whose entry is older than the window takes a short lease
 * (SET NX PX) and reads the spreadsheet; the others wait for the entry it
 * writes, up to `waitMs`, then serve the older entry rather than read
 * themselves. Framework-free; lib/data/dataset.ts puts it under the
 * per-process SnapshotCache.
 */
import { randomBytes } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import type { Redis } from "ioredis";
import type { RawWorkbook } from "../schema/cells";

export interface SnapshotShareOptions {
  redis: Redis;
  /** The entry's key (one per spreadsheet). */
  key: string;
  freshnessMs: () => number;
  /** How long a reader holds the lease (longer than a read takes). */
  leaseMs?: number;
  /** How long others wait for the lease holder's entry. */
  waitMs?: number;
  now?: () => number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readAtOf(raw: RawWorkbook): number {
  const t = Date.parse(raw.readAt);
  return Number.isFinite(t) ? t : -Infinity;
}

export class SnapshotShare {
  private readonly now: () => number;

  constructor(private readonly options: SnapshotShareOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The shared entry, or undefined when there is none (or it cannot be read). */
  async peek(): Promise<RawWorkbook | undefined> {
    const packed = await this.options.redis.getBuffer(this.options.key);
    if (!packed) return undefined;
    try {
      return JSON.parse(gunzipSync(packed).toString("utf8")) as RawWorkbook;
    } catch {
      return undefined;
    }
  }

  /** Stores a read for everyone, unless a newer one is there already. */
  async put(raw: RawWorkbook): Promise<void> {
    const held = await this.peek();
    if (held && readAtOf(held) > readAtOf(raw)) return;
    // Kept well past the window: an old entry still serves while a read fails or runs.
    const ttl = Math.max(60_000, this.options.freshnessMs() * 20);
    await this.options.redis.set(this.options.key, gzipSync(JSON.stringify(raw)), "PX", ttl);
  }

  /** After the app's own write: the next read anywhere goes to the spreadsheet. */
  async drop(): Promise<void> {
    await this.options.redis.del(this.options.key);
  }

  private fresh(raw: RawWorkbook | undefined): raw is RawWorkbook {
    return raw !== undefined && this.now() < readAtOf(raw) + this.options.freshnessMs();
  }

  /** A read no older than the window, from Redis when some instance made one; `read` at most once per window for all. */
  async get(read: () => Promise<RawWorkbook>): Promise<RawWorkbook> {
    const held = await this.peek();
    if (this.fresh(held)) return held;
    const lease = `${this.options.key}:lease`;
    const token = randomBytes(9).toString("base64url");
    if ((await this.options.redis.set(lease, token, "PX", this.options.leaseMs ?? 15_000, "NX")) === "OK") {
      try {
        const raw = await read();
        await this.put(raw);
        return raw;
      } finally {
        await this.options.redis.eval('if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end', 1, lease, token);
      }
    }
    // Another instance is reading: wait for its entry.
    const deadline = this.now() + (this.options.waitMs ?? 10_000);
    while (this.now() < deadline) {
      await sleep(50);
      const next = await this.peek();
      if (next && (!held || readAtOf(next) > readAtOf(held))) return next;
      if (!(await this.options.redis.exists(lease))) break;
    }
    const last = await this.peek();
    // The reader failed or vanished: serve what there is, or read ourselves when there is nothing.
    return last ?? read();
  }
}
