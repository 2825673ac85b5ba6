/**
 * State several instances share through a real redis-server on loopback: each
 * "instance" here is its own Redis connection, as each server process has.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressKey, loginKey, SignInLimiter, type FailureCounters } from "@/lib/auth/sign-in-limiter";
import type { RawWorkbook } from "@/lib/schema/cells";
import { claimOnce, RedisState } from "@/lib/state/shared";
import { SnapshotShare } from "@/lib/state/snapshot-share";
import { startRedis, type RunningRedis } from "../support/redis-server";

let redis: RunningRedis;
const clients: Redis[] = [];
function instance(): Redis {
  const client = new Redis(redis.url, { maxRetriesPerRequest: 2 });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await redis?.stop();
});

describe("shared state in Redis", () => {
  it("loses no change when two instances update the same state at once", async () => {
    const a = new RedisState<{ n: number }>(instance(), "t:counter", () => ({ n: 0 }));
    const b = new RedisState<{ n: number }>(instance(), "t:counter", () => ({ n: 0 }));
    await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).update((s) => void (s.n += 1))));
    expect((await a.read()).n).toBe(60);
    expect((await b.read()).n).toBe(60);
  });

  it("counts sign-in failures across instances: the lockout of one is the lockout of all", async () => {
    const opts = { maxFailures: 3, windowMs: 60_000 };
    const one = new SignInLimiter(new RedisState<FailureCounters>(instance(), "t:sign-in", () => ({})), opts);
    const two = new SignInLimiter(new RedisState<FailureCounters>(instance(), "t:sign-in", () => ({})), opts);
    const keys = [loginKey("zhang"), addressKey("10.0.0.9")];
    // Failures spread over both instances, as a load balancer would.
    for (let i = 0; i < 4; i++) await (i % 2 ? one : two).recordFailure(keys);
    expect(await one.retryAfterMs([loginKey("zhang")])).toBeGreaterThan(0);
    expect(await two.retryAfterMs([loginKey("zhang")])).toBeGreaterThan(0);
    await two.recordSuccess(loginKey("zhang"));
    expect(await one.retryAfterMs([loginKey("zhang")])).toBe(0);
  });

  it("claimOnce gives a key to exactly one caller across instances, and again after its time", async () => {
    const [a, b] = [instance(), instance()];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => claimOnce("reminder:2026-11-20:unit-7", 300, i % 2 ? a : b)));
    expect(results.filter(Boolean)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(await claimOnce("reminder:2026-11-20:unit-7", 300, b)).toBe(true);
    expect(await claimOnce("reminder:2026-11-20:unit-7", 300, a)).toBe(false);
  });

  it("claimOnce without Redis holds within the process", async () => {
    const key = `local-${Date.now()}`;
    expect(await claimOnce(key, 60_000, undefined)).toBe(true);
    expect(await claimOnce(key, 60_000, undefined)).toBe(false);
  });
});

describe("the spreadsheet snapshot shared through Redis", () => {
  function raw(readAt: number, n: number): RawWorkbook {
    return { readAt: new Date(readAt).toISOString(), tabs: { marker: [[String(n)]] } } as unknown as RawWorkbook;
  }

  it("spends one read per freshness window across instances, however many ask at once", async () => {
    let now = Date.parse("2026-11-20T02:00:00Z");
    let reads = 0;
    const read = async () => {
      reads += 1;
      await new Promise((r) => setTimeout(r, 100));
      return raw(now, reads);
    };
    const share = () => new SnapshotShare({ redis: instance(), key: "t:snapshot", freshnessMs: () => 30_000, now: () => now });
    const [a, b] = [share(), share()];
    const first = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).get(read)));
    expect(reads).toBe(1);
    expect(new Set(first.map((r) => r.readAt)).size).toBe(1);
    now += 10_000;
    await Promise.all([a.get(read), b.get(read)]);
    expect(reads).toBe(1);
    // The window passed: one more read for both.
    now += 25_000;
    const second = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).get(read)));
    expect(reads).toBe(2);
    expect(second.every((r) => r.readAt === new Date(now).toISOString())).toBe(true);
    // After the app's own write the next read goes to the spreadsheet.
    await a.drop();
    await b.get(read);
    expect(reads).toBe(3);
  });
});
