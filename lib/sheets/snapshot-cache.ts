import type { RawWorkbook } from "../schema/cells";

export interface Snapshot {
  raw: RawWorkbook;
  /** Set when the spreadsheet could not be read and this is the last good read. */
  stale?: { since: string; error: string };
}

/** A failed read, as remembered until the next good one. */
export interface ReadFailure {
  /** When reads started failing (the first failure of the run). */
  since: number;
  /** When the latest attempt failed. */
  at: number;
  /** Failures in a row. */
  count: number;
  error: string;
}

export interface SnapshotCacheOptions {
  /** Reads the spreadsheet; may itself be a shared cache (Next's data cache) that answers with an older read. */
  read: () => Promise<RawWorkbook>;
  /**
   * Reads the spreadsheet itself, bypassing any shared cache: used when a read is
   * forced (refresh now, the edit webhook). Defaults to `read`.
   */
  forcedRead?: () => Promise<RawWorkbook>;
  /** Data read longer ago than this is read again. */
  freshnessMs: () => number;
  /** At least this long between reads forced by "refresh now", whoever asks. */
  minForcedIntervalMs?: number;
  /**
   * When `read` answered with data older than the window (a shared cache
   * revalidating in the background), ask it again after this long rather than
   * on every request. Default 2 s.
   */
  recheckMs?: number;
  /**
   * Failures recorded below a shared cache, which swallows them and keeps
   * answering with its last entry: such an answer is stale, not fresh.
   */
  failure?: () => ReadFailure | undefined;
  now?: () => number;
  /** Runs a trailing forced read later; tests replace it. */
  schedule?: (run: () => void, delayMs: number) => void;
}

function defaultSchedule(run: () => void, delayMs: number) {
  setTimeout(run, delayMs).unref?.();
}

function timeOf(raw: RawWorkbook): number {
  const t = Date.parse(raw.readAt);
  return Number.isFinite(t) ? t : -Infinity;
}

/**
 * Spends the read quota once for everyone: one read per freshness window
 * however many viewers, concurrent misses sharing one request, and the last
 * good snapshot served (marked stale) when the spreadsheet cannot be reached.
 *
 * Ages are measured from when the data was read from the spreadsheet
 * (`raw.readAt`), not from when this cache received it, so a shared cache
 * answering with an old entry cannot make data two windows old. It never goes
 * back in time: an answer older than the data it holds is ignored.
 */
export class SnapshotCache {
  /**
   * The data held, and until when it is served without asking even though it is
   * older than the window (a shared cache revalidating, or a failed read); `invalid`
   * after the app's own write.
   */
  private last?: { raw: RawWorkbook; holdUntil: number; invalid?: boolean };
  private inflight?: Promise<Snapshot>;
  private failure?: ReadFailure;
  private lastForced = -Infinity;
  private trailing = false;
  private readonly now: () => number;

  constructor(private readonly options: SnapshotCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  async get(): Promise<Snapshot> {
    if (this.last && !this.last.invalid) {
      const now = this.now();
      // The window is read at every call: a read may just have changed 设置 freshness.seconds.
      if (now < timeOf(this.last.raw) + this.options.freshnessMs() || now < this.last.holdUntil) return this.snapshotOf(this.last.raw);
    }
    return this.refresh(this.options.read);
  }

  /** Whether a forced read would happen now, or be answered from the last one. */
  private mayForce(): boolean {
    return !this.last || this.now() - this.lastForced >= this.minForcedIntervalMs();
  }

  /**
   * A read now, unless one was forced moments ago: the refresh button and the
   * revalidation webhook cannot be used to burn the quota. A refused request
   * still counts: one read follows when the interval has passed, so the last
   * edit of a burst shows within seconds, not at the end of the window.
   */
  async forceRefresh(): Promise<{ snapshot: Snapshot; refreshed: boolean }> {
    if (!this.mayForce()) {
      this.scheduleTrailing();
      return { snapshot: await this.get(), refreshed: false };
    }
    this.lastForced = this.now();
    this.invalidate();
    return { snapshot: await this.refresh(this.options.forcedRead ?? this.options.read), refreshed: true };
  }

  /** The app's own write changed the sheet: the writer must see it at once. */
  invalidate() {
    if (this.last) this.last = { ...this.last, invalid: true };
  }

  private minForcedIntervalMs() {
    return this.options.minForcedIntervalMs ?? 5_000;
  }

  private scheduleTrailing() {
    if (this.trailing) return;
    this.trailing = true;
    const delay = Math.max(0, this.lastForced + this.minForcedIntervalMs() - this.now());
    (this.options.schedule ?? defaultSchedule)(() => {
      this.trailing = false;
      // Not a forced read of its own: the next caller may force one at once (at most two reads per interval).
      this.invalidate();
      this.refresh(this.options.forcedRead ?? this.options.read).catch(() => undefined);
    }, delay);
  }

  private currentFailure(raw: RawWorkbook): ReadFailure | undefined {
    if (this.failure) return this.failure;
    const below = this.options.failure?.();
    // A failure after this data was read means a refresh was attempted and did not succeed.
    return below && below.at > timeOf(raw) ? below : undefined;
  }

  private snapshotOf(raw: RawWorkbook): Snapshot {
    const failure = this.currentFailure(raw);
    return failure ? { raw, stale: { since: new Date(failure.since).toISOString(), error: failure.error } } : { raw };
  }

  private accept(raw: RawWorkbook): RawWorkbook {
    const now = this.now();
    const kept = this.last && timeOf(this.last.raw) > timeOf(raw) ? this.last.raw : raw;
    // Older than the window: the shared cache is revalidating; look again shortly, not on every request.
    this.last = { raw: kept, holdUntil: now + Math.min(this.options.recheckMs ?? 2_000, this.options.freshnessMs()) };
    this.failure = undefined;
    return kept;
  }

  private refresh(read: () => Promise<RawWorkbook>): Promise<Snapshot> {
    this.inflight ??= read()
      .then(
        (raw) => this.snapshotOf(this.accept(raw)),
        (e: unknown) => {
          const error = e instanceof Error ? e.message : String(e);
          if (!this.last) throw e;
          const now = this.now();
          this.failure = { since: this.failure?.since ?? now, at: now, count: (this.failure?.count ?? 0) + 1, error };
          // Serve the last good read, and wait a window before trying again.
          this.last = { raw: this.last.raw, holdUntil: now + this.options.freshnessMs() };
          return this.snapshotOf(this.last.raw);
        },
      )
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }
}

/** Thrown instead of asking the spreadsheet again too soon after a failure. */
export class ReadCooldownError extends Error {
  constructor(readonly failure: ReadFailure) {
    super(failure.error);
    this.name = "ReadCooldownError";
  }
}

export interface ReadGuardOptions {
  /** The wait after the n-th failure in a row (n ≥ 1). Default: 2 s doubling up to 60 s; see `cooldownUpTo`. */
  cooldownMs?: (failures: number) => number;
  now?: () => number;
}

/**
 * Sits right above the spreadsheet: concurrent reads share one request, and
 * after a failure (429 quota, 503) nothing is asked for a cooling-off period
 * that doubles with each failure in a row, however many requests, instances'
 * background revalidations or cache layers above call it. The failure is kept
 * for the stale banner until a read succeeds.
 */
export class ReadGuard {
  private lastFailure?: ReadFailure;
  private inflight?: Promise<RawWorkbook>;
  private readonly now: () => number;
  private readonly cooldownMs: (failures: number) => number;

  constructor(
    private readonly read: () => Promise<RawWorkbook>,
    options: ReadGuardOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.cooldownMs = options.cooldownMs ?? cooldownUpTo(() => 60_000);
  }

  failure(): ReadFailure | undefined {
    return this.lastFailure;
  }

  readonly guarded = (): Promise<RawWorkbook> => {
    const f = this.lastFailure;
    if (f && this.now() < f.at + this.cooldownMs(f.count)) return Promise.reject(new ReadCooldownError(f));
    this.inflight ??= this.read()
      .then(
        (raw) => {
          this.lastFailure = undefined;
          return raw;
        },
        (e: unknown) => {
          const now = this.now();
          const error = e instanceof Error ? e.message : String(e);
          this.lastFailure = { since: this.lastFailure?.since ?? now, at: now, count: (this.lastFailure?.count ?? 0) + 1, error };
          throw e;
        },
      )
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  };
}

/** 2 s after a failure, doubling with each failure in a row, never longer than `cap()`. */
export function cooldownUpTo(cap: () => number): (failures: number) => number {
  return (n) => Math.min(cap(), 2_000 * 2 ** (n - 1));
}
