/**
 * The one error type of DutyBoard: a code and its parameters, never words.
 * Callers decide by `instanceof DutyError` and `code`, never by message text;
 * lib/i18n turns a code into words (zh and en) in one place (`errorText`).
 */
export const ERROR_CODES = [
  /** The workbook's own write lock stayed taken past its wait (other saves). */
  "write.busy",
  /** An office suite holds the workbook open (its lock file sits beside it). */
  "write.locked",
  /** The cells changed since the user saw them. */
  "write.conflict",
  /** A new row came without its ID. */
  "write.missing-id",
  /** The written file did not read back as written; nothing was replaced. */
  "write.verify-failed",
  /** The workbook changed under every attempt to save it. */
  "write.kept-changing",
  /** The write lock was taken over by another process while held. */
  "write.lock-lost",
  /** A write named a column the tab does not have (a bug, not a user error). */
  "schema.unknown-column",
  /** The workbook file is missing. */
  "workbook.missing",
  /** The workbook file exists and cannot be read. */
  "workbook.unreadable",
  /** The workbook file already exists (seeding without --force). */
  "workbook.exists",
  /** Signed out, or the session ended. */
  "auth.signed-out",
  /** Signed in, but the login is not in the 用户 tab. */
  "auth.not-listed",
  /** The role may not do this. */
  "auth.forbidden",
  /** A meeting-screen link may look, not submit. */
  "auth.screen-read-only",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorParams = Readonly<Record<string, string | number>>;

export class DutyError extends Error {
  override readonly name = "DutyError";

  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    options?: { cause?: unknown },
  ) {
    // The message is for logs only: the code and its parameters, never shown to users.
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ""}`, options);
  }
}

/** The workbook's own lock kept a write out (waited too long, lost while held, or the file kept changing): nothing was written. */
export const WRITE_BUSY_CODES: readonly ErrorCode[] = ["write.busy", "write.lock-lost", "write.kept-changing"];

/** Whether an error is a DutyError, with one of the given codes when any are given. */
export function isDutyError(error: unknown, ...codes: ErrorCode[]): error is DutyError {
  return error instanceof DutyError && (codes.length === 0 || codes.includes(error.code));
}
