/**
 * Slows down password guessing without letting anyone lock another person
 * out. Per login: the first few failures cost nothing, then each one makes the
 * next attempt wait longer (1 s, 2 s, 4 s … up to a cap), so guessing is slow
 * but the owner is never shut out for long by someone else's failures. Per
 * client address: after many failures within the window that address is
 * refused until the oldest leaves the window (it only shuts out itself).
 * Attempts refused while waiting are not counted. The counters live in a
 * SharedState, so every server process sees the same ones and a restart
 * forgets nothing.
 */
import { isIP } from "node:net";
import type { SharedState } from "./shared-state";

export interface SignInLimiterOptions {
  /** Failures per login before delays start; also the per-address limit's unit. */
  maxFailures: number;
  /** Failures are forgotten this long after they happened. */
  windowMs: number;
  /** The first delay, doubled per further failure. */
  baseDelayMs?: number;
  /** The longest a login's next attempt waits. */
  maxDelayMs?: number;
  /** Failures from one address within the window before it is refused. */
  maxAddressFailures?: number;
  now?: () => number;
  /** Keys tracked at most; the stalest are dropped beyond it. */
  maxKeys?: number;
}

/** Failure times (ms) by key, oldest first. */
export type FailureCounters = Record<string, number[]>;

export const loginKey = (login: string) => `login:${login}`;
export const addressKey = (address: string) => `address:${address}`;

const MAX_TIMES_PER_KEY = 64;

export class SignInLimiter {
  private readonly now: () => number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAddressFailures: number;
  private readonly maxKeys: number;

  constructor(
    private readonly store: SharedState<FailureCounters>,
    private readonly opts: SignInLimiterOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.baseDelayMs = opts.baseDelayMs ?? 1000;
    this.maxDelayMs = opts.maxDelayMs ?? 60_000;
    this.maxAddressFailures = opts.maxAddressFailures ?? opts.maxFailures * 4;
    this.maxKeys = opts.maxKeys ?? 10_000;
  }

  /** How long after its last failure a login waits, given its failures in the window. */
  delayAfter(failures: number): number {
    const over = failures - this.opts.maxFailures;
    if (over < 0) return 0;
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(over, 30));
  }

  private waitFor(key: string, times: readonly number[], at: number): number {
    const recent = times.filter((t) => at - t < this.opts.windowMs);
    if (recent.length === 0) return 0;
    if (key.startsWith("address:")) {
      if (recent.length < this.maxAddressFailures) return 0;
      const unlocking = recent[recent.length - this.maxAddressFailures] ?? at;
      return Math.max(0, unlocking + this.opts.windowMs - at);
    }
    const last = recent[recent.length - 1] ?? at;
    return Math.max(0, last + this.delayAfter(recent.length) - at);
  }

  /** Milliseconds until all these keys may try again; 0 when none has to wait. */
  async retryAfterMs(keys: readonly string[]): Promise<number> {
    const counters = await this.store.read();
    const at = this.now();
    return Math.max(0, ...keys.map((key) => this.waitFor(key, counters[key] ?? [], at)));
  }

  async recordFailure(keys: readonly string[]): Promise<void> {
    await this.store.update((counters) => {
      const at = this.now();
      for (const key of keys) {
        const recent = (counters[key] ?? []).filter((t) => at - t < this.opts.windowMs);
        recent.push(at);
        delete counters[key];
        counters[key] = recent.slice(-MAX_TIMES_PER_KEY);
      }
      this.prune(counters, at);
    });
  }

  /** A correct password clears that login's failures (not the address's). */
  async recordSuccess(key: string): Promise<void> {
    const counters = await this.store.read();
    if (!counters[key]) return;
    await this.store.update((c) => {
      delete c[key];
    });
  }

  private prune(counters: FailureCounters, at: number) {
    for (const [key, times] of Object.entries(counters)) {
      if (times.every((t) => at - t >= this.opts.windowMs)) delete counters[key];
    }
    const keys = Object.keys(counters);
    // Insertion order is the order of last failure: drop the stalest.
    for (const key of keys.slice(0, Math.max(0, keys.length - this.maxKeys))) delete counters[key];
  }
}

/** The socket's address as the server saw it; stamped on every request by instrumentation.ts, never taken from the client. */
export const SOCKET_ADDRESS_HEADER = "x-dutyboard-socket-address";

/** `::ffff:10.0.0.1` and `10.0.0.1` are the same client. */
function canonicalAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

/** TRUSTED_PROXIES as a set of canonical addresses. */
export function trustedProxies(value: string | undefined): ReadonlySet<string> {
  return new Set(
    (value ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map(canonicalAddress),
  );
}

/**
 * The client address of a request: the socket's, unless that socket is a
 * proxy named in TRUSTED_PROXIES; then X-Forwarded-For is read from the right,
 * past every trusted proxy, and the first untrusted hop is the client. Without
 * a trusted proxy, whatever X-Forwarded-For says is ignored, so a client
 * cannot pose as many addresses.
 */
export function clientAddress(headers: Record<string, string | string[] | undefined> | Headers, trusted: ReadonlySet<string> = new Set()): string {
  const get = (name: string) => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const socket = get(SOCKET_ADDRESS_HEADER)?.trim();
  if (!socket) return "unknown";
  let hop = canonicalAddress(socket);
  if (!trusted.has(hop)) return hop;
  const forwarded = (get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(canonicalAddress);
  while (trusted.has(hop)) {
    const next = forwarded.pop();
    if (next === undefined) return hop;
    hop = next;
  }
  return hop;
}
