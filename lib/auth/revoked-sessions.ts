/**
 * Signing out revokes the session on the server, not only in the browser: a
 * session's ID (`sid` in its JWT) is kept as revoked until the session would
 * have expired anyway, in a file beside the accounts file that every server
 * process reads, so a cookie copied before sign-out is refused afterwards.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { env } from "../env";
import { FileState, type SharedState } from "./shared-state";

/** Revoked session IDs and when each would have expired (ms). */
export type RevokedSessions = Record<string, number>;

export function newSessionId(): string {
  return randomBytes(18).toString("base64url");
}

/** `data/.revoked-sessions.json` when ACCOUNTS_FILE is `data/accounts.json`. */
export function revokedSessionsFile(accountsFile = env().ACCOUNTS_FILE): string {
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ accountsFile)), ".revoked-sessions.json");
}

const STORE = Symbol.for("dutyboard.revokedSessions");

function store(): SharedState<RevokedSessions> {
  const g = globalThis as { [STORE]?: { file: string; state: SharedState<RevokedSessions> } };
  const file = revokedSessionsFile();
  if (g[STORE]?.file !== file) g[STORE] = { file, state: new FileState<RevokedSessions>(file, () => ({})) };
  return g[STORE].state;
}

export async function isSessionRevoked(sid: string, state: SharedState<RevokedSessions> = store()): Promise<boolean> {
  return (await state.read())[sid] !== undefined;
}

export async function revokeSession(sid: string, expiresAtMs: number, state: SharedState<RevokedSessions> = store(), now = Date.now()): Promise<void> {
  await state.update((revoked) => {
    for (const [id, until] of Object.entries(revoked)) if (until <= now) delete revoked[id];
    revoked[sid] = Math.max(expiresAtMs, now + 60_000);
  });
}
