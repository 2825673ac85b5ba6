import { describe, expect, it } from "vitest";
import type { RawWorkbook } from "@/lib/schema/cells";
import { SnapshotCache } from "@/lib/sheets/snapshot-cache";

function workbook(n: number): RawWorkbook {
  return { source: "google", tabs: [{ title: "任务", rows: [{ row: 1, cells: [n] }] }], readAt: new Date(n).toISOString() };
}

function setup(opts: { freshnessMs?: number; fail?: () => boolean } = {}) {
  let clock = 1_000_000;
  let reads = 0;
  const cache = new SnapshotCache({
    freshnessMs: () => opts.freshnessMs ?? 30_000,
    now: () => clock,
    read: async () => {
      reads++;
      const n = reads;
      if (opts.fail?.()) throw new Error("Google Sheets 503");
      return workbook(n);
    },
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

  it("makes the next read go to the spreadsheet after the app's own write", async () => {
    const s = setup();
    await s.cache.get();
    s.cache.invalidate();
    await s.cache.get();
    expect(s.reads()).toBe(2);
  });
});
