import "server-only";
import { headers } from "next/headers";
import { ballotLimiter } from "@/lib/auth/ballot-limiter";
import { clientAddress, trustedProxies } from "@/lib/auth/sign-in-limiter";
import { env } from "@/lib/env";

export function limitedMessage(seconds: number): string {
  return `操作过于频繁，请 ${Math.ceil(seconds / 60)} 分钟后再试。`;
}

/** The caller's address and whether it may go on: counts one request, refuses an address that guessed too many codes. */
export async function ballotGuard(): Promise<{ address: string; refusal?: string }> {
  const address = clientAddress(await headers(), trustedProxies(env().TRUSTED_PROXIES));
  const limiter = ballotLimiter();
  const guessing = limiter.blocked(address);
  if (!guessing.ok) return { address, refusal: limitedMessage(guessing.retryAfterSeconds) };
  const request = limiter.take(address, "request");
  if (!request.ok) return { address, refusal: limitedMessage(request.retryAfterSeconds) };
  return { address };
}

export function countMiss(address: string) {
  ballotLimiter().take(address, "miss");
}
