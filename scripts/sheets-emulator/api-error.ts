/** Errors in Google's JSON shape: `{ "error": { "code", "message", "status", "details"? } }`. */

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
  }

  toJSON(): { error: { code: number; message: string; status: string; details?: unknown[] } } {
    const error: { code: number; message: string; status: string; details?: unknown[] } = {
      code: this.code,
      message: this.message,
      status: this.status,
    };
    if (this.details) error.details = this.details;
    return { error };
  }
}

export function invalidArgument(message: string): ApiError {
  return new ApiError(400, "INVALID_ARGUMENT", message);
}

export function notFound(message = "Requested entity was not found."): ApiError {
  return new ApiError(404, "NOT_FOUND", message);
}

export function unableToParseRange(range: string): ApiError {
  return invalidArgument(`Unable to parse range: ${range}`);
}

export function unimplemented(what: string): ApiError {
  return new ApiError(501, "UNIMPLEMENTED", `The Sheets emulator does not implement ${what}.`);
}

/** Puts the index prefix Google uses for a failing part of a batch: `Invalid requests[2].addSheet: …`. */
export function withPrefix(prefix: string, error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  return new ApiError(error.code, error.status, `${prefix}: ${error.message}`, error.details);
}

export type QuotaKind = "read" | "write";

/** A 429 as Sheets sends it when the per-minute per-user quota runs out. */
export function quotaExceeded(kind: QuotaKind, limit: number | undefined): ApiError {
  const metric = kind === "read" ? "Read requests" : "Write requests";
  const limitName = kind === "read" ? "ReadRequestsPerMinutePerUser" : "WriteRequestsPerMinutePerUser";
  const metadata: Record<string, string> = {
    quota_location: "global",
    quota_metric: `sheets.googleapis.com/${kind}_requests`,
    quota_limit: limitName,
    consumer: "projects/000000000000",
    service: "sheets.googleapis.com",
  };
  if (limit !== undefined) metadata.quota_limit_value = String(limit);
  return new ApiError(
    429,
    "RESOURCE_EXHAUSTED",
    `Quota exceeded for quota metric '${metric}' and limit '${metric} per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.`,
    [
      { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "RATE_LIMIT_EXCEEDED", domain: "googleapis.com", metadata },
      {
        "@type": "type.googleapis.com/google.rpc.Help",
        links: [{ description: "Request a higher quota limit.", url: "https://cloud.google.com/docs/quotas/help/request_increase" }],
      },
    ],
  );
}

export function serverError(status: 500 | 503): ApiError {
  return status === 500
    ? new ApiError(500, "INTERNAL", "Internal error encountered.")
    : new ApiError(503, "UNAVAILABLE", "The service is currently unavailable.");
}
