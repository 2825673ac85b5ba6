/**
 * The one place that decides where state several instances share is kept:
 * Redis when REDIS_URL is set (every instance sees it), else a file beside
 * the accounts file (every process on this machine sees it; on a serverless
 * host only this instance's /tmp). Also the once-only primitive other
 * features use (`claimOnce`).
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { FileState, type SharedState } from "../auth/shared-state";
import { redisKey, sharedRedis } from "./redis";
import { stateFilePath } from "./serverless";

export class RedisBusyError extends Error {
  constructor(key: string) {
    super(`共享状态 ${key} 正被其他实例修改，请稍后再试`);
    this.name = "RedisBusyError";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A JSON value under one Redis key. Changes run under a short lock (SET NX PX
 * with a random token, released only by its holder) so two instances never
 * lose each other's change; `ttlMs` bounds how long an untouched value lives.
 */
export class RedisState<T> implements SharedState<T> {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly empty: () => T,
    private readonly options: { ttlMs?: number; lockMs?: number; waitMs?: number } = {},
  ) {}

  async read(): Promise<T> {
    const text = await this.redis.get(this.key);
    if (text === null) return this.empty();
    try {
      return JSON.parse(text) as T;
    } catch {
      return this.empty();
    }
  }

  async update<R>(change: (state: T) => R): Promise<R> {
    const lock = `${this.key}:lock`;
    const token = randomBytes(12).toString("base64url");
    const lockMs = this.options.lockMs ?? 5_000;
    const deadline = Date.now() + (this.options.waitMs ?? 10_000);
    while ((await this.redis.set(lock, token, "PX", lockMs, "NX")) !== "OK") {
      if (Date.now() > deadline) throw new RedisBusyError(this.key);
      await sleep(10 + Math.random() * 30);
    }
    try {
      const state = await this.read();
      const result = change(state);
      const text = JSON.stringify(state);
      if (this.options.ttlMs) await this.redis.set(this.key, text, "PX", this.options.ttlMs);
      else await this.redis.set(this.key, text);
      return result;
    } finally {
      // Only the holder releases: a lock that expired and was taken by another is left alone.
      await this.redis.eval('if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end', 1, lock, token);
    }
  }
}

const STATES = Symbol.for("dutyboard.sharedStates");

/**
 * The shared state called `name` (e.g. "sign-in-failures"): in Redis under
 * `dutyboard:state:<name>` when REDIS_URL is set, else in the file
 * `.<name>.json` or `fileName` (see stateFilePath). One object per name and place per process.
 */
export function sharedState<T>(name: string, empty: () => T, options: { ttlMs?: number; fileName?: string } = {}): SharedState<T> {
  const g = globalThis as { [STATES]?: Map<string, SharedState<T>> };
  const states = (g[STATES] ??= new Map());
  const redis = sharedRedis();
  const file = stateFilePath(options.fileName ?? `.${name}.json`);
  const where = redis ? `redis:${name}` : `file:${file}`;
  let state = states.get(where);
  if (!state) {
    state = redis ? new RedisState<T>(redis, redisKey("state", name), empty, options) : new FileState<T>(file, empty);
    states.set(where, state);
  }
  return state;
}

/** Where shared state is kept, for the doctor and the admin page. */
function _sharedStateKind(): "redis" | "file" {
  return sharedRedis() ? "redis" : "file";
}

const claimed = new Map<string, number>();

/**
 * True for exactly one caller per `key` within `ttlMs`, across every instance
 * sharing REDIS_URL (SET NX PX); without Redis, within this process. For
 * once-only work: a reminder sent once, a ballot counted once.
 */
export async function claimOnce(key: string, ttlMs: number, redis: Redis | undefined = sharedRedis(), now = Date.now()): Promise<boolean> {
  if (!Number.isFinite(ttlMs) || ttlMs < 1) throw new RangeError("ttlMs must be at least 1 ms");
  if (redis) return (await redis.set(redisKey("once", key), String(now), "PX", Math.ceil(ttlMs), "NX")) === "OK";
  for (const [k, until] of claimed) if (until <= now) claimed.delete(k);
  if (claimed.has(key)) return false;
  claimed.set(key, now + ttlMs);
  return true;
}
