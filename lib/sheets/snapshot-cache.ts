import type { RawWorkbook } from "../schema/cells";

export interface Snapshot {
  raw: RawWorkbook;
  /** Set when the spreadsheet could not be read and this is the last good read. */
  stale?: { since: string; error: string };
}

export interface SnapshotCacheOptions {
  /** Reads the spreadsheet; may itself be a shared cache (Next's data cache). */
  read: () => Promise<RawWorkbook>;
  /** A read younger than this is served as is. */
  freshnessMs: () => number;
  /** At least this long between reads forced by "refresh now", whoever asks. */
  minForcedIntervalMs?: number;
  now?: () => number;
}

/**
 * Spends the read quota once for everyone: one read per freshness window
 * however many viewers, concurrent misses sharing one request, and the last
 * good snapshot served (marked stale) when the spreadsheet cannot be reached.
 */
export class SnapshotCache {
  private last?: { raw: RawWorkbook; at: number };
  private inflight?: Promise<Snapshot>;
  private failure?: { since: number; error: string };
  private lastForced = -Infinity;
  private readonly now: () => number;

  constructor(private readonly options: SnapshotCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<Snapshot> {
    if (this.last && this.now() - this.last.at < this.options.freshnessMs()) {
      return this.snapshotOf(this.last.raw);
    }
    return this.refresh();
  }

  /**
   * A read now, unless one was forced moments ago: the refresh button and the
   * revalidation webhook cannot be used to burn the quota.
   */
  /** Whether a forced read would happen now, or be answered from the last one. */
  mayForce(): boolean {
    return !this.last || this.now() - this.lastForced >= (this.options.minForcedIntervalMs ?? 5_000);
  }

  async forceRefresh(): Promise<{ snapshot: Snapshot; refreshed: boolean }> {
    if (!this.mayForce()) {
      return { snapshot: await this.get(), refreshed: false };
    }
    this.lastForced = this.now();
    this.invalidate();
    return { snapshot: await this.refresh(), refreshed: true };
  }

  /** The app's own write changed the sheet: the writer must see it at once. */
  invalidate() {
    if (this.last) this.last = { ...this.last, at: -Infinity };
  }

  private snapshotOf(raw: RawWorkbook): Snapshot {
    return this.failure ? { raw, stale: { since: new Date(this.failure.since).toISOString(), error: this.failure.error } } : { raw };
  }

  private refresh(): Promise<Snapshot> {
    this.inflight ??= this.options
      .read()
      .then(
        (raw) => {
          this.last = { raw, at: this.now() };
          this.failure = undefined;
          return { raw };
        },
        (e: unknown) => {
          const error = e instanceof Error ? e.message : String(e);
          if (!this.last) throw e;
          this.failure = { since: this.failure?.since ?? this.now(), error };
          // Serve the last good read, and wait a window before trying again.
          this.last = { ...this.last, at: this.now() };
          return this.snapshotOf(this.last.raw);
        },
      )
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}
