/**
 * Signing out revokes the session on the server, not only in the browser: a
 * session's ID (`sid` in its JWT) is kept as revoked until the session would
 * have expired anyway, in the shared state every server process and instance
 * reads (lib/state/shared.ts), so a cookie copied before sign-out is refused afterwards.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { env } from "../env";
import { sharedState } from "../state/shared";
import type { SharedState } from "./shared-state";

/** Revoked session IDs and when each would have expired (ms). */
export type RevokedSessions = Record<string, number>;

export function newSessionId(): string {
  return randomBytes(18).toString("base64url");
}

/** `data/.revoked-sessions.json` when ACCOUNTS_FILE is `data/accounts.json`. */
function _revokedSessionsFile(accountsFile = env().ACCOUNTS_FILE): string {
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ accountsFile)), ".revoked-sessions.json");
}

/** Redis with REDIS_URL (every instance), else `.revoked-sessions.json` beside the accounts file. */
function store(): SharedState<RevokedSessions> {
  return sharedState<RevokedSessions>("revoked-sessions", () => ({}));
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
