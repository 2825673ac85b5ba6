/**
 * The switches tests and benchmarks turn: latency, a per-minute quota, injected
 * failures and hangs, and a counter of API requests.
 */
import { type ApiError, invalidArgument, quotaExceeded, serverError, type QuotaKind } from "./api-error";

export type RequestKind = QuotaKind;
export type KindFilter = RequestKind | "any";

export interface FailNext {
  status: 429 | 500 | 503;
  count: number;
  kind: KindFilter;
}

export interface HangNext {
  count: number;
  ms: number;
  kind: KindFilter;
}

export interface EmulatorConfig {
  /** Added before every API request is handled. */
  latencyMs: number;
  /** Read requests and write requests allowed per minute, each; null for no limit. */
  quotaPerMinute: number | null;
  failNext: FailNext | null;
  hangNext: HangNext | null;
}

export interface ConfigPatch {
  latencyMs?: number;
  quotaPerMinute?: number | null;
  failNext?: { status: number; count?: number; kind?: KindFilter } | null;
  hangNext?: { count?: number; ms: number; kind?: KindFilter } | null;
}

export interface RequestStats {
  requests: { total: number; read: number; write: number; byMethod: Record<string, number> };
}

const MINUTE_MS = 60_000;

function kindFilter(value: unknown): KindFilter {
  if (value === undefined) return "any";
  if (value === "read" || value === "write" || value === "any") return value;
  throw invalidArgument(`kind must be "read", "write" or "any", not ${JSON.stringify(value)}`);
}

function count(value: unknown, field: string): number {
  const n = value === undefined ? 1 : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw invalidArgument(`${field} must be a whole number ≥ 0`);
  return n;
}

export class TrafficControl {
  config: EmulatorConfig = { latencyMs: 0, quotaPerMinute: null, failNext: null, hangNext: null };
  private stats: RequestStats = emptyStats();
  /** Sheets refills its per-minute quota each minute; a window starts with its first request. */
  private windows: Record<RequestKind, { startedAt: number; used: number }> = {
    read: { startedAt: 0, used: 0 },
    write: { startedAt: 0, used: 0 },
  };

  constructor(private readonly now: () => number = Date.now) {}

  configure(patch: ConfigPatch): EmulatorConfig {
    const next: EmulatorConfig = { ...this.config };
    if (patch.latencyMs !== undefined) {
      if (typeof patch.latencyMs !== "number" || patch.latencyMs < 0) throw invalidArgument("latencyMs must be a number ≥ 0");
      next.latencyMs = patch.latencyMs;
    }
    if (patch.quotaPerMinute !== undefined) {
      const quota = patch.quotaPerMinute;
      if (quota !== null && (typeof quota !== "number" || !Number.isInteger(quota) || quota < 0)) {
        throw invalidArgument("quotaPerMinute must be a whole number ≥ 0, or null for no limit");
      }
      next.quotaPerMinute = quota === 0 ? null : quota;
      this.resetQuota();
    }
    if (patch.failNext !== undefined) {
      const fail = patch.failNext;
      if (fail === null) next.failNext = null;
      else {
        if (fail.status !== 429 && fail.status !== 500 && fail.status !== 503) throw invalidArgument("failNext.status must be 429, 500 or 503");
        next.failNext = { status: fail.status, count: count(fail.count, "failNext.count"), kind: kindFilter(fail.kind) };
      }
    }
    if (patch.hangNext !== undefined) {
      const hang = patch.hangNext;
      if (hang === null) next.hangNext = null;
      else {
        if (typeof hang.ms !== "number" || hang.ms < 0) throw invalidArgument("hangNext.ms must be a number ≥ 0");
        next.hangNext = { count: count(hang.count, "hangNext.count"), ms: hang.ms, kind: kindFilter(hang.kind) };
      }
    }
    this.config = next;
    return this.currentConfig();
  }

  currentConfig(): EmulatorConfig {
    return structuredClone(this.config);
  }

  record(method: string, kind: RequestKind): void {
    const requests = this.stats.requests;
    requests.total++;
    requests[kind]++;
    requests.byMethod[method] = (requests.byMethod[method] ?? 0) + 1;
  }

  currentStats(): RequestStats {
    return structuredClone(this.stats);
  }

  resetStats(): void {
    this.stats = emptyStats();
  }

  /** How long to hold this request before handling it, if a hang is armed for it. */
  takeHang(kind: RequestKind): number | undefined {
    const hang = this.config.hangNext;
    if (!hang || hang.count === 0 || (hang.kind !== "any" && hang.kind !== kind)) return undefined;
    hang.count--;
    if (hang.count === 0) this.config.hangNext = null;
    return hang.ms;
  }

  takeFailure(kind: RequestKind): ApiError | undefined {
    const fail = this.config.failNext;
    if (!fail || fail.count === 0 || (fail.kind !== "any" && fail.kind !== kind)) return undefined;
    fail.count--;
    if (fail.count === 0) this.config.failNext = null;
    return fail.status === 429 ? quotaExceeded(kind, this.config.quotaPerMinute ?? undefined) : serverError(fail.status);
  }

  /** Counts the request against the quota, or returns the 429 when the minute's quota is spent. */
  takeQuota(kind: RequestKind): ApiError | undefined {
    const limit = this.config.quotaPerMinute;
    if (limit === null) return undefined;
    const window = this.windows[kind];
    const now = this.now();
    if (now - window.startedAt >= MINUTE_MS) {
      window.startedAt = now;
      window.used = 0;
    }
    if (window.used >= limit) return quotaExceeded(kind, limit);
    window.used++;
    return undefined;
  }

  resetQuota(): void {
    this.windows = { read: { startedAt: 0, used: 0 }, write: { startedAt: 0, used: 0 } };
  }
}

function emptyStats(): RequestStats {
  return { requests: { total: 0, read: 0, write: 0, byMethod: {} } };
}
