/**
 * The one Redis connection of this process, when `REDIS_URL` is set: the
 * place several instances share what must not be counted or read once per
 * instance (the spreadsheet snapshot, sign-in counters, revoked sessions and
 * screen links, once-only work such as reminders and ballots). Without
 * `REDIS_URL` each instance keeps that state as before (memory or a file).
 */
import { Redis } from "ioredis";
import { env } from "@/lib/env";

let client: Redis | undefined;

/** The shared Redis, or undefined when this deployment runs without one. */
export function sharedRedis(): Redis | undefined {
  const url = env().REDIS_URL;
  if (!url) return undefined;
  client ??= new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  return client;
}

/** Keys of every DutyBoard deployment on one Redis are kept apart by this prefix. */
export function redisKey(...parts: string[]): string {
  return ["dutyboard", ...parts].join(":");
}
