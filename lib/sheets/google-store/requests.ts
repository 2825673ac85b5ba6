import type { MethodOptions, sheets_v4 } from "@googleapis/sheets";
import { SheetsError } from "../google-errors";
import { backoffDelay, sleep, type GoogleTiming } from "../google-retry";
import type { SheetsTransport } from "../google-transport";

/** One request to the Sheets API, given the client and the options (timeout, no client retries) to pass it. */
export type Send<T> = (api: sheets_v4.Sheets, options: MethodOptions) => Promise<{ data: T }>;

/** Values as stored: numbers and date serials unformatted, so the schema converts them in one place. */
export const READ_OPTIONS = { valueRenderOption: "UNFORMATTED_VALUE", dateTimeRenderOption: "SERIAL_NUMBER" } as const;

/** Too little time left for an attempt to be worth sending. */
const MIN_ATTEMPT_MS = 200;

/**
 * How the store sends its requests: reads retried inside a time budget, writes
 * sent once and, after a failure that may still have changed the sheet, looked
 * for before they are tried again. Counts what it retried and re-read.
 */
export class GoogleRequests {
  readonly counters = { retries: 0, writeChecks: 0, misplacedWrites: 0 };
  /** Errors thrown by a write request itself: only these may mean "sent, outcome unknown". */
  private readonly writeErrors = new WeakSet<SheetsError>();

  constructor(
    private readonly transport: SheetsTransport,
    private readonly timing: GoogleTiming,
  ) {}

  get spreadsheetId(): string {
    return this.transport.spreadsheetId;
  }

  /** Requests sent, by Google's method name (retries included). */
  get sent(): Record<string, number> {
    return this.transport.requests;
  }

  /** A read, retried on quota, 5xx, timeouts and network failures with full-jitter backoff inside the read budget. */
  async read<T>(method: string, send: Send<T>): Promise<T> {
    const deadline = Date.now() + this.timing.readRetryBudgetMs;
    for (let attempt = 0; ; attempt++) {
      const timeout = Math.min(this.timing.readTimeoutMs, Math.max(MIN_ATTEMPT_MS, deadline - Date.now()));
      try {
        return await this.transport.call(method, timeout, send);
      } catch (error) {
        if (!(error instanceof SheetsError) || !error.transient) throw error;
        const wait = backoffDelay(attempt, this.timing, error.extra.retryAfterMs);
        if (Date.now() + wait + MIN_ATTEMPT_MS > deadline) throw error;
        this.counters.retries++;
        await sleep(wait);
      }
    }
  }

  /** A write, sent once; its failures are marked so writeChecked knows the outcome is unknown. */
  async write<T>(method: string, send: Send<T>): Promise<T> {
    try {
      return await this.transport.call(method, this.timing.writeTimeoutMs, send);
    } catch (error) {
      if (error instanceof SheetsError) this.writeErrors.add(error);
      throw error;
    }
  }

  /**
   * A write sent once whose failure is final, never looked for: a follow-up inside a
   * checked write (its failure must fail the whole attempt), a cosmetic format, or create().
   */
  async writeUnchecked<T>(method: string, send: Send<T>): Promise<T> {
    return this.transport.call(method, this.timing.writeTimeoutMs, send);
  }

  /**
   * Runs a write; when the write request fails in a way that may still have
   * changed the sheet, re-reads until it is seen to have landed (waiting up to
   * writeSettleMs when no answer came back) and only then tries again.
   */
  async writeChecked<R>(op: { attempt: () => Promise<R>; landed: () => Promise<R | undefined> }): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await op.attempt();
      } catch (error) {
        if (!(error instanceof SheetsError) || !error.transient || !this.writeErrors.has(error)) throw error;
        const settleMs = error.noResponse ? this.timing.writeSettleMs : 0;
        const deadline = Date.now() + settleMs;
        for (let check = 0; ; check++) {
          this.counters.writeChecks++;
          const landed = await op.landed();
          if (landed !== undefined) return landed;
          const remaining = deadline - Date.now();
          if (remaining <= 0) break;
          await sleep(Math.min(remaining, Math.min(this.timing.backoffCapMs, this.timing.backoffBaseMs * 2 ** check)));
        }
        if (attempt >= this.timing.writeAttempts) throw error;
        this.counters.retries++;
        await sleep(backoffDelay(attempt - 1, this.timing, error.extra.retryAfterMs));
      }
    }
  }
}
