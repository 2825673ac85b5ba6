import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FileState, MemoryState } from "@/lib/auth/shared-state";
import { addressKey, clientAddress, loginKey, SignInLimiter, SOCKET_ADDRESS_HEADER, trustedProxies, type FailureCounters } from "@/lib/auth/sign-in-limiter";

const WORKER = path.resolve("tests/support/sign-in-limiter-worker.ts");
const SECOND = 1000;
const MINUTE = 60_000;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dutyboard-limiter-"));
  return () => rm(dir, { recursive: true, force: true });
});

function limiter(store = new MemoryState<FailureCounters>({})) {
  let now = 1_000_000;
  const l = new SignInLimiter(store, { maxFailures: 5, windowMs: 15 * MINUTE, now: () => now });
  return { l, advance: (ms: number) => (now += ms), at: () => now };
}

describe("the sign-in limiter: growing delays per login, a limit per address", () => {
  it("lets the first 4 failures through, then makes each next attempt wait 1 s, 2 s, 4 s … up to a minute", async () => {
    const { l, advance } = limiter();
    const keys = [loginKey("zhang"), addressKey("10.0.0.1")];
    for (let i = 0; i < 4; i++) {
      await l.recordFailure(keys);
      expect(await l.retryAfterMs(keys)).toBe(0);
    }
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      await l.recordFailure([loginKey("zhang"), addressKey(`10.0.3.${i}`)]);
      const wait = await l.retryAfterMs([loginKey("zhang")]);
      waits.push(wait);
      advance(wait);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60].map((s) => s * SECOND));
    // A quiet window forgets them all.
    advance(15 * MINUTE);
    await l.recordFailure(keys);
    expect(await l.retryAfterMs(keys)).toBe(0);
  });

  it("never locks admin out for 15 minutes, however many failures others cause: the owner waits at most a minute", async () => {
    const { l, advance } = limiter();
    // Someone tries admin from 40 addresses, as fast as they are let.
    for (let i = 0; i < 40; i++) {
      const keys = [loginKey("admin"), addressKey(`198.51.100.${i}`)];
      advance(await l.retryAfterMs(keys));
      await l.recordFailure(keys);
    }
    const ownerKeys = [loginKey("admin"), addressKey("10.1.1.1")];
    const wait = await l.retryAfterMs(ownerKeys);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(MINUTE);
    advance(wait);
    expect(await l.retryAfterMs(ownerKeys)).toBe(0);
    await l.recordSuccess(loginKey("admin"));
    expect(await l.retryAfterMs(ownerKeys)).toBe(0);
  });

  it("refuses an address after 20 failures in the window, whatever logins it tries, without holding up those logins elsewhere", async () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 19; i++) await l.recordFailure([loginKey(`user${i}`), addressKey("10.0.0.2")]);
    expect(await l.retryAfterMs([loginKey("someone"), addressKey("10.0.0.2")])).toBe(0);
    advance(MINUTE);
    await l.recordFailure([loginKey("user19"), addressKey("10.0.0.2")]);
    // The first of the 20 leaves the window 14 minutes from now.
    expect(await l.retryAfterMs([loginKey("someone"), addressKey("10.0.0.2")])).toBe(14 * MINUTE);
    expect(await l.retryAfterMs([loginKey("user1"), addressKey("10.0.0.3")])).toBe(0);
  });

  it("a success clears the login's failures but not the address's", async () => {
    const { l } = limiter();
    for (let i = 0; i < 6; i++) await l.recordFailure([loginKey("zhang"), addressKey("10.0.0.4")]);
    expect(await l.retryAfterMs([loginKey("zhang")])).toBeGreaterThan(0);
    await l.recordSuccess(loginKey("zhang"));
    expect(await l.retryAfterMs([loginKey("zhang")])).toBe(0);
    expect(await new MemoryState<FailureCounters>({}).read()).toEqual({});
  });

  it("keeps its counters in a file: a new process sees the failures of the one before", async () => {
    const file = path.join(dir, "restart", ".sign-in-failures.json");
    const first = new SignInLimiter(new FileState<FailureCounters>(file, () => ({})), { maxFailures: 5, windowMs: 15 * MINUTE });
    for (let i = 0; i < 7; i++) await first.recordFailure([loginKey("admin"), addressKey("10.0.0.9")]);
    // Another Node process (a restarted or second server) reads the same file.
    const child = spawnSync(process.execPath, ["--import", "tsx", WORKER, file, "1", "login:admin"], { cwd: process.cwd(), encoding: "utf8" });
    expect(child.stderr).toBe("");
    // 8 failures: the 4th delay, 8 s (less the moment it took to print).
    expect(Number(child.stdout.trim())).toBeGreaterThan(7 * SECOND);
    expect(Number(child.stdout.trim())).toBeLessThanOrEqual(8 * SECOND);
    const reread = new SignInLimiter(new FileState<FailureCounters>(file, () => ({})), { maxFailures: 5, windowMs: 15 * MINUTE });
    expect(await reread.retryAfterMs([loginKey("admin")])).toBeGreaterThan(7 * SECOND);
  });

  it("several processes recording at once lose no failure", async () => {
    const file = path.join(dir, "contended", ".sign-in-failures.json");
    const { spawn } = await import("node:child_process");
    await Promise.all(
      [0, 1, 2].map(
        (n) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(process.execPath, ["--import", "tsx", WORKER, file, "10", "address:10.9.9.9", `login:p${n}-{i}`], {
              cwd: process.cwd(),
              stdio: "inherit",
            });
            child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))));
          }),
      ),
    );
    const counters = await new FileState<FailureCounters>(file, () => ({})).read();
    expect(counters["address:10.9.9.9"]).toHaveLength(30);
    expect(Object.keys(counters).filter((k) => k.startsWith("login:"))).toHaveLength(30);
  });
});

describe("the client address", () => {
  const socket = (address: string, extra: Record<string, string> = {}) => ({ [SOCKET_ADDRESS_HEADER]: address, ...extra });

  it("is the socket's without TRUSTED_PROXIES: a spoofed X-Forwarded-For changes nothing", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) seen.add(clientAddress(socket("203.0.113.5", { "x-forwarded-for": `10.0.${i}.1` })));
    expect([...seen]).toEqual(["203.0.113.5"]);
    expect(clientAddress(new Headers(socket("::ffff:127.0.0.1", { "x-real-ip": "192.0.2.1" })))).toBe("127.0.0.1");
    // Without the stamp (never expected in a running server) all share one address rather than trust the client.
    expect(clientAddress({ "x-forwarded-for": "192.0.2.7" })).toBe("unknown");
  });

  it("behind a trusted proxy, is the right-most hop that is not a trusted proxy", () => {
    const trusted = trustedProxies("10.0.0.10, 10.0.0.11");
    expect(clientAddress(socket("10.0.0.10", { "x-forwarded-for": "198.51.100.1, 203.0.113.9" }), trusted)).toBe("203.0.113.9");
    // Two trusted proxies in a row; whatever the client wrote on the left is ignored.
    expect(clientAddress(socket("::ffff:10.0.0.10", { "x-forwarded-for": "1.2.3.4, 203.0.113.9, 10.0.0.11" }), trusted)).toBe("203.0.113.9");
    // A request straight to the server, not through the proxy, is its socket, whatever it says.
    expect(clientAddress(socket("198.51.100.77", { "x-forwarded-for": "10.0.0.10" }), trusted)).toBe("198.51.100.77");
    // A trusted proxy that forwarded nothing is itself the client.
    expect(clientAddress(socket("10.0.0.10"), trusted)).toBe("10.0.0.10");
  });
});
