import "server-only";
import { headers } from "next/headers";
import { ballotLimiter } from "@/lib/auth/ballot-limiter";
import { clientAddress, trustedProxies } from "@/lib/auth/sign-in-limiter";
import { env } from "@/lib/env";
import type { Notice } from "@/lib/i18n";

/** Too many requests or guessed codes from one address: when to try again, worded by lib/i18n (`ballot.limited`). */
function limited(seconds: number): Notice {
  return { code: "ballot.limited", params: { minutes: Math.ceil(seconds / 60) } };
}

/** The caller's address and whether it may go on: counts one request, refuses an address that guessed too many codes. */
export async function ballotGuard(): Promise<{ address: string; refusal?: Notice }> {
  const address = clientAddress(await headers(), trustedProxies(env().TRUSTED_PROXIES));
  const limiter = ballotLimiter();
  const guessing = limiter.blocked(address);
  if (!guessing.ok) return { address, refusal: limited(guessing.retryAfterSeconds) };
  const request = limiter.take(address, "request");
  if (!request.ok) return { address, refusal: limited(request.retryAfterSeconds) };
  return { address };
}

export function countMiss(address: string) {
  ballotLimiter().take(address, "miss");
}
