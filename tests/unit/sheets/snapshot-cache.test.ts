import { describe, expect, it } from "vitest";
import type { RawWorkbook } from "@/lib/schema/cells";
import { ReadCooldownError, ReadGuard, SnapshotCache, type SnapshotCacheOptions } from "@/lib/sheets/snapshot-cache";

function workbook(n: number, readAt: number): RawWorkbook {
  return { source: "google", tabs: [{ title: "任务", rows: [{ row: 1, cells: [n] }] }], readAt: new Date(readAt).toISOString() };
}

function setup(opts: { freshnessMs?: number; fail?: () => boolean; extra?: Partial<SnapshotCacheOptions> } = {}) {
  let clock = 1_000_000;
  let reads = 0;
  const cache = new SnapshotCache({
    freshnessMs: () => opts.freshnessMs ?? 30_000,
    now: () => clock,
    read: async () => {
      reads++;
      const n = reads;
      if (opts.fail?.()) throw new Error("Google Sheets 503");
      return workbook(n, clock);
    },
    ...opts.extra,
  });
  return {
    cache,
    reads: () => reads,
    advance: (ms: number) => (clock += ms),
  };
}

describe("the snapshot cache spends the read quota once for everyone", () => {
  it("serves every viewer within the freshness window from one read", async () => {
    const s = setup();
    const results = await Promise.all(Array.from({ length: 100 }, () => s.cache.get()));
    expect(s.reads()).toBe(1);
    expect(new Set(results.map((r) => r.raw)).size).toBe(1);
    s.advance(29_999);
    await s.cache.get();
    expect(s.reads()).toBe(1);
  });

  it("reads again once the window has passed, and concurrent misses share that read", async () => {
    const s = setup();
    await s.cache.get();
    s.advance(30_000);
    await Promise.all(Array.from({ length: 50 }, () => s.cache.get()));
    expect(s.reads()).toBe(2);
  });

  it("serves the last good read, marked stale, while the spreadsheet is unreachable", async () => {
    let failing = false;
    const s = setup({ fail: () => failing });
    const good = await s.cache.get();
    failing = true;
    s.advance(30_000);
    const stale = await s.cache.get();
    expect(stale.raw).toBe(good.raw);
    expect(stale.stale?.error).toContain("503");
    // It waits a window before asking again rather than hammering a failing API.
    await s.cache.get();
    expect(s.reads()).toBe(2);
    failing = false;
    s.advance(30_000);
    const recovered = await s.cache.get();
    expect(recovered.stale).toBeUndefined();
    expect(recovered.raw).not.toBe(good.raw);
  });

  it("fails loudly when there has never been a good read", async () => {
    const s = setup({ fail: () => true });
    await expect(s.cache.get()).rejects.toThrow("503");
  });

  it("lets refresh-now force a read, but not more than once every few seconds whoever presses it", async () => {
    const s = setup();
    await s.cache.get();
    expect((await s.cache.forceRefresh()).refreshed).toBe(true);
    for (let i = 0; i < 20; i++) expect((await s.cache.forceRefresh()).refreshed).toBe(false);
    expect(s.reads()).toBe(2);
    s.advance(5_000);
    expect((await s.cache.forceRefresh()).refreshed).toBe(true);
    expect(s.reads()).toBe(3);
  });

  it("applies a window shortened in 设置 to the data already held", async () => {
    let windowMs = 30_000;
    let clock = 0;
    let reads = 0;
    const cache = new SnapshotCache({ freshnessMs: () => windowMs, now: () => clock, read: async () => workbook(++reads, clock) });
    await cache.get();
    windowMs = 5_000; // the read just made carried freshness.seconds = 5
    clock += 5_000;
    await cache.get();
    expect(reads).toBe(2);
  });

  it("makes the next read go to the spreadsheet after the app's own write", async () => {
    const s = setup();
    await s.cache.get();
    s.cache.invalidate();
    await s.cache.get();
    expect(s.reads()).toBe(2);
  });

  it("follows a refused refresh with one read once the interval has passed, so the last edit of a burst shows", async () => {
    const scheduled: { run: () => void; delayMs: number }[] = [];
    const s = setup({ extra: { schedule: (run, delayMs) => scheduled.push({ run, delayMs }) } });
    await s.cache.get();
    await s.cache.forceRefresh();
    s.advance(1_000);
    for (let i = 0; i < 10; i++) expect((await s.cache.forceRefresh()).refreshed).toBe(false);
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]?.delayMs).toBe(4_000);
    expect(s.reads()).toBe(2);
    s.advance(4_000);
    scheduled[0]?.run();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.reads()).toBe(3);
  });
});

describe("a shared cache underneath (Next's data cache, stale-while-revalidate)", () => {
  function shared(opts: { entryAt: () => number; failure?: SnapshotCacheOptions["failure"] }) {
    let clock = 10_000_000;
    let answers = 0;
    const cache = new SnapshotCache({
      freshnessMs: () => 30_000,
      now: () => clock,
      failure: opts.failure,
      read: async () => {
        answers++;
        return workbook(answers, opts.entryAt());
      },
    });
    return { cache, answers: () => answers, advance: (ms: number) => (clock += ms), now: () => clock };
  }

  it("measures age from the read itself: an old entry after idle is looked at again in 2 s, not held a window", async () => {
    let entryAt = 10_000_000 - 600_000; // ten minutes old, as after a quiet night
    const s = shared({ entryAt: () => entryAt });
    const first = await s.cache.get();
    expect(first.stale).toBeUndefined(); // old is not broken: no banner without a failure
    s.advance(1_000);
    await s.cache.get();
    expect(s.answers()).toBe(1);
    s.advance(1_000);
    entryAt = s.now(); // the background revalidation has landed
    const second = await s.cache.get();
    expect(s.answers()).toBe(2);
    s.advance(29_000);
    await s.cache.get();
    expect(s.answers()).toBe(2);
    expect(second.raw.readAt).toBe(new Date(entryAt).toISOString());
  });

  it("never goes back in time when the shared cache answers with an older entry", async () => {
    let entryAt = 10_000_000;
    const s = shared({ entryAt: () => entryAt });
    const fresh = await s.cache.get();
    entryAt = 9_000_000;
    s.advance(30_000);
    const later = await s.cache.get();
    expect(later.raw).toBe(fresh.raw);
  });

  it("shows the stale banner only when a read failed after the data was read", async () => {
    let failure: ReturnType<NonNullable<SnapshotCacheOptions["failure"]>>;
    const s = shared({ entryAt: () => 10_000_000 - 100_000, failure: () => failure });
    failure = { since: 10_000_000 - 200_000, at: 10_000_000 - 150_000, count: 1, error: "old 503" };
    expect((await s.cache.get()).stale).toBeUndefined();
    s.advance(5_000);
    failure = { since: 10_000_000 - 200_000, at: s.now(), count: 2, error: "Google Sheets 429" };
    const stale = await s.cache.get();
    expect(stale.stale?.error).toBe("Google Sheets 429");
    expect(stale.stale?.since).toBe(new Date(10_000_000 - 200_000).toISOString());
  });
});

describe("the read guard keeps a failing API from being hammered", () => {
  it("shares one request among concurrent callers", async () => {
    let calls = 0;
    const guard = new ReadGuard(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return workbook(calls, 0);
    });
    await Promise.all(Array.from({ length: 20 }, () => guard.guarded()));
    expect(calls).toBe(1);
  });

  it("after a 429, asks nothing during a cooling-off period that doubles, and forgets it after a success", async () => {
    let clock = 0;
    let calls = 0;
    let failing = true;
    const guard = new ReadGuard(
      async () => {
        calls++;
        if (failing) throw new Error("Google Sheets 429");
        return workbook(calls, clock);
      },
      { now: () => clock },
    );
    await expect(guard.guarded()).rejects.toThrow("429");
    for (let i = 0; i < 50; i++) await expect(guard.guarded()).rejects.toBeInstanceOf(ReadCooldownError);
    expect(calls).toBe(1);
    clock += 2_000;
    await expect(guard.guarded()).rejects.toThrow("429");
    expect(guard.failure()?.count).toBe(2);
    clock += 2_000;
    await expect(guard.guarded()).rejects.toBeInstanceOf(ReadCooldownError);
    expect(calls).toBe(2);
    clock += 2_000;
    failing = false;
    await guard.guarded();
    expect(calls).toBe(3);
    expect(guard.failure()).toBeUndefined();
  });
});
