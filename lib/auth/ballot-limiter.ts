/**
 * The public ballot page is rate-limited per client address. A room of phones
 * often shares one address (the venue's Wi-Fi), so the request allowance is
 * generous; unknown codes — the only thing a guesser produces — are allowed
 * far fewer. Codes carry 160 random bits, so the limit protects the server
 * more than the codes. Per process: each instance counts its own requests.
 */
export interface BallotLimits {
  requests: number;
  misses: number;
  windowMs: number;
}

export const DEFAULT_BALLOT_LIMITS: BallotLimits = { requests: 400, misses: 30, windowMs: 10 * 60_000 };

export class BallotLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limits: BallotLimits = DEFAULT_BALLOT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request (or one unknown code); false when the address is past its allowance. */
  take(address: string, kind: "request" | "miss"): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const key = `${kind}:${address}`;
    const at = this.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => at - t < this.limits.windowMs);
    const max = kind === "request" ? this.limits.requests : this.limits.misses;
    if (recent.length >= max) {
      this.hits.set(key, recent);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + this.limits.windowMs - at) / 1000)) };
    }
    recent.push(at);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) for (const [k, times] of this.hits) if (times.every((t) => at - t >= this.limits.windowMs)) this.hits.delete(k);
    return { ok: true };
  }

  /** Whether the address has used up its unknown-code allowance, without counting. */
  blocked(address: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const at = this.now();
    const recent = (this.hits.get(`miss:${address}`) ?? []).filter((t) => at - t < this.limits.windowMs);
    return recent.length >= this.limits.misses
      ? { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + this.limits.windowMs - at) / 1000)) }
      : { ok: true };
  }
}

const LIMITER = Symbol.for("dutyboard.ballotLimiter");
/** One limiter per server process, however many bundles load it. */
export function ballotLimiter(): BallotLimiter {
  const g = globalThis as { [LIMITER]?: BallotLimiter };
  g[LIMITER] ??= new BallotLimiter();
  return g[LIMITER];
}
