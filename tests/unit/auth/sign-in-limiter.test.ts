import { describe, expect, it } from "vitest";
import { addressKey, clientAddress, loginKey, SignInLimiter } from "@/lib/auth/sign-in-limiter";

const MINUTE = 60_000;

function limiter() {
  let now = 1_000_000;
  const l = new SignInLimiter({ maxFailures: 5, windowMs: 15 * MINUTE, now: () => now });
  return { l, advance: (ms: number) => (now += ms) };
}

describe("the sign-in limiter: 5 failures per 15 minutes, per login and per address", () => {
  it("locks a login after 5 failures and unlocks it when the window has passed", () => {
    const { l, advance } = limiter();
    const keys = [loginKey("zhang"), addressKey("10.0.0.1")];
    for (let i = 0; i < 4; i++) {
      l.recordFailure(keys);
      advance(MINUTE);
    }
    expect(l.retryAfterMs(keys)).toBe(0);
    l.recordFailure(keys);
    // The first failure was 4 minutes ago: it leaves the window in 11 minutes.
    expect(l.retryAfterMs(keys)).toBe(11 * MINUTE);
    advance(11 * MINUTE - 1);
    expect(l.retryAfterMs(keys)).toBe(1);
    advance(1);
    expect(l.retryAfterMs(keys)).toBe(0);
    // Four failures are still in the window: one more locks again.
    l.recordFailure(keys);
    expect(l.retryAfterMs(keys)).toBeGreaterThan(0);
  });

  it("locks an address that tries many logins, without locking those logins elsewhere", () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) l.recordFailure([loginKey(`user${i}`), addressKey("10.0.0.2")]);
    expect(l.retryAfterMs([loginKey("admin"), addressKey("10.0.0.2")])).toBe(15 * MINUTE);
    expect(l.retryAfterMs([loginKey("user1"), addressKey("10.0.0.3")])).toBe(0);
  });

  it("locks a login tried from many addresses", () => {
    const { l } = limiter();
    for (let i = 0; i < 5; i++) l.recordFailure([loginKey("admin"), addressKey(`10.0.1.${i}`)]);
    expect(l.retryAfterMs([loginKey("admin"), addressKey("10.0.9.9")])).toBeGreaterThan(0);
  });

  it("a success clears the login's failures but not the address's", () => {
    const { l } = limiter();
    const keys = [loginKey("zhang"), addressKey("10.0.0.4")];
    for (let i = 0; i < 4; i++) l.recordFailure(keys);
    l.recordSuccess(loginKey("zhang"));
    l.recordFailure([loginKey("zhang"), addressKey("10.0.0.5")]);
    expect(l.retryAfterMs([loginKey("zhang"), addressKey("10.0.0.5")])).toBe(0);
    l.recordFailure([loginKey("li"), addressKey("10.0.0.4")]);
    expect(l.retryAfterMs([addressKey("10.0.0.4")])).toBeGreaterThan(0);
  });

  it("forgets the stalest keys beyond its capacity", () => {
    const l = new SignInLimiter({ maxFailures: 1, windowMs: MINUTE, now: () => 0, maxKeys: 3 });
    for (const k of ["a", "b", "c", "d"]) l.recordFailure([k]);
    expect(l.retryAfterMs(["a"])).toBe(0);
    expect(l.retryAfterMs(["d"])).toBe(MINUTE);
  });
});

describe("the client address", () => {
  it("is the last X-Forwarded-For entry (the one the nearest proxy, or Next.js, wrote)", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.9, 10.0.0.7" })).toBe("10.0.0.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "127.0.0.1" }))).toBe("127.0.0.1");
    expect(clientAddress({ "x-real-ip": "192.0.2.1" })).toBe("192.0.2.1");
    expect(clientAddress({})).toBe("unknown");
  });
});
