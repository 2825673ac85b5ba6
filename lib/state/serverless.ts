/**
 * Serverless hosts (Vercel, or anything started with DUTYBOARD_READONLY=1)
 * give each instance a read-only disk but for a private, short-lived /tmp, and
 * send each request to whichever instance is free. DutyBoard then writes
 * nothing outside /tmp, takes local accounts from ACCOUNTS_JSON, and keeps
 * what instances must share (sign-in counters, revoked sessions, meeting-screen
 * links, the spreadsheet snapshot, once-only work) in Redis (REDIS_URL).
 */
import os from "node:os";
import path from "node:path";
import { env } from "../env";

/** Whether this instance must not write anywhere but /tmp. */
export function isServerless(e = env()): boolean {
  return e.DUTYBOARD_READONLY === "1" || Boolean(e.VERCEL);
}

/**
 * Where a small state file named `name` lives: beside the accounts file
 * (`data/.sign-in-failures.json` …), or in this instance's /tmp on a
 * serverless host — where it is then only a last resort, as it is not shared.
 */
export function stateFilePath(name: string, e = env()): string {
  if (isServerless(e)) return path.join(os.tmpdir(), "dutyboard", name);
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ e.ACCOUNTS_FILE)), name);
}
