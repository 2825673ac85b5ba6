/**
 * Time bounds of the Google backend. Reads are retried with exponential
 * backoff and full jitter inside a fixed budget; writes are never retried
 * before the store has checked that they did not land.
 */

export interface GoogleTiming {
  /** One read request (metadata, values) gives up after this long. */
  readTimeoutMs: number;
  /** A read with its retries never takes longer than this (a single slow attempt excepted: it ends at readTimeoutMs). */
  readRetryBudgetMs: number;
  /** One write request gives up after this long; Google may still apply it later. */
  writeTimeoutMs: number;
  /**
   * After a write timed out (no answer), how long re-reads keep looking for it
   * before the write is tried again: a request Google still holds may land late.
   */
  writeSettleMs: number;
  /** Tries of one write, the first included. */
  writeAttempts: number;
  /** Backoff: the n-th wait is random in [0, min(cap, base × 2^n)). */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** How long the sheet list, gids, protection and time zone are trusted. */
  metadataTtlMs: number;
  /** …and while a tab DutyBoard expects is missing, so a newly added tab shows up soon. */
  metadataTtlWhileTabMissingMs: number;
}

export const DEFAULT_TIMING: GoogleTiming = {
  readTimeoutMs: 8_000,
  readRetryBudgetMs: 10_000,
  writeTimeoutMs: 15_000,
  writeSettleMs: 10_000,
  writeAttempts: 3,
  backoffBaseMs: 250,
  backoffCapMs: 4_000,
  metadataTtlMs: 5 * 60_000,
  metadataTtlWhileTabMissingMs: 30_000,
};

/** Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"); a server's Retry-After is a floor. */
export function backoffDelay(
  attempt: number,
  timing: Pick<GoogleTiming, "backoffBaseMs" | "backoffCapMs">,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(timing.backoffCapMs, timing.backoffBaseMs * 2 ** attempt);
  return Math.max(retryAfterMs ?? 0, Math.floor(random() * ceiling));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
