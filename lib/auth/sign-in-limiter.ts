/**
 * Limits failed sign-ins: after `maxFailures` failures within `windowMs` for a
 * login, or from a client address, further attempts are refused until the
 * oldest of those failures leaves the window. Attempts refused while locked are
 * not counted, so a lock always ends.
 */
export interface SignInLimiterOptions {
  maxFailures: number;
  windowMs: number;
  now?: () => number;
  /** Keys tracked at most; the stalest are dropped beyond it (spoofed addresses must not exhaust memory). */
  maxKeys?: number;
}

export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly opts: SignInLimiterOptions) {
    this.now = opts.now ?? Date.now;
    this.maxKeys = opts.maxKeys ?? 10_000;
  }

  private recent(key: string, at: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => at - t < this.opts.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Milliseconds until the first of these keys unlocks; 0 when none is locked. */
  retryAfterMs(keys: readonly string[]): number {
    const at = this.now();
    let wait = 0;
    for (const key of keys) {
      const list = this.recent(key, at);
      if (list.length < this.opts.maxFailures) continue;
      // Unlocks when enough failures have aged out to leave fewer than the maximum.
      const unlockingFailure = list[list.length - this.opts.maxFailures];
      if (unlockingFailure !== undefined) wait = Math.max(wait, unlockingFailure + this.opts.windowMs - at);
    }
    return wait;
  }

  recordFailure(keys: readonly string[]): void {
    const at = this.now();
    for (const key of keys) {
      const list = this.recent(key, at);
      list.push(at);
      this.failures.delete(key);
      this.failures.set(key, list);
    }
    while (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  /** A correct password clears that login's failures (not the address's). */
  recordSuccess(key: string): void {
    this.failures.delete(key);
  }
}

export const loginKey = (login: string) => `login:${login}`;
export const addressKey = (address: string) => `address:${address}`;

/**
 * The client address of a request as Next.js reports it. Next.js sets
 * X-Forwarded-For from the socket unless a client or proxy already did; behind
 * a reverse proxy, have it set (not append) X-Forwarded-For so the last entry
 * is the real client.
 */
export function clientAddress(headers: Record<string, string | string[] | undefined> | Headers): string {
  const get = (name: string) => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const forwarded = get("x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded?.at(-1) ?? get("x-real-ip") ?? "unknown";
}
