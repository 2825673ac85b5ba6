/**
 * The meeting pack costs a headless Chromium per render (a few seconds of a
 * CPU), so renders are rationed: the same data, asked again by the same
 * viewer, is answered from memory; each viewer (a signed-in login, or one
 * meeting-screen link) may start only a few renders per window; and only a few
 * renders may wait or run at once in the whole process. Past either limit the
 * caller is told when to try again instead of joining an ever longer queue.
 * Framework-free: the route handler adapts it to HTTP.
 */
import { createHash } from "node:crypto";

export interface PackLimits {
  /** Renders one viewer may start per window. */
  perViewer: number;
  windowMs: number;
  /** Renders waiting or running at once, whoever asked. */
  globalInFlight: number;
  /** How long a render usually takes: what a caller turned away by the global limit waits per render ahead. */
  typicalRenderMs: number;
  /** PDFs kept (the newest); each is a few hundred kB. */
  cacheEntries: number;
}

export const DEFAULT_PACK_LIMITS: PackLimits = { perViewer: 4, windowMs: 5 * 60_000, globalInFlight: 3, typicalRenderMs: 5_000, cacheEntries: 16 };

export type PackOutcome = { kind: "pdf"; pdf: Buffer; cached: boolean } | { kind: "limited"; scope: "viewer" | "global"; retryAfterSeconds: number };

export class MeetingPackRenders {
  private readonly cache = new Map<string, Promise<Buffer>>();
  private readonly started = new Map<string, number[]>();
  private inFlight = 0;
  private readonly now: () => number;

  constructor(
    private readonly limits: PackLimits = DEFAULT_PACK_LIMITS,
    now?: () => number,
  ) {
    this.now = now ?? Date.now;
  }

  /**
   * The pack for `viewerKey` at `version` (the data and the day it shows): from
   * memory when rendered before (or being rendered now), else rendered by
   * `render` if neither limit is reached.
   */
  async get(viewerKey: string, version: string, render: () => Promise<Buffer>): Promise<PackOutcome> {
    const cacheKey = `${viewerKey}\n${version}`;
    const known = this.cache.get(cacheKey);
    if (known) {
      // Most recently used last, so the oldest is dropped first.
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, known);
      return { kind: "pdf", pdf: await known, cached: true };
    }

    const at = this.now();
    const recent = (this.started.get(viewerKey) ?? []).filter((t) => at - t < this.limits.windowMs);
    if (recent.length >= this.limits.perViewer) {
      const oldest = recent[recent.length - this.limits.perViewer] ?? at;
      return { kind: "limited", scope: "viewer", retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.limits.windowMs - at) / 1000)) };
    }
    if (this.inFlight >= this.limits.globalInFlight) {
      return { kind: "limited", scope: "global", retryAfterSeconds: Math.max(1, Math.ceil((this.inFlight * this.limits.typicalRenderMs) / 1000)) };
    }

    recent.push(at);
    this.started.set(viewerKey, recent);
    this.inFlight += 1;
    const rendering = render().finally(() => {
      this.inFlight -= 1;
    });
    this.cache.set(cacheKey, rendering);
    // A failed render is not kept: the next request tries again (and counts again).
    rendering.catch(() => {
      if (this.cache.get(cacheKey) === rendering) this.cache.delete(cacheKey);
    });
    while (this.cache.size > this.limits.cacheEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    this.forgetIdleViewers(at);
    return { kind: "pdf", pdf: await rendering, cached: false };
  }

  private forgetIdleViewers(at: number) {
    if (this.started.size < 1000) return;
    for (const [key, times] of this.started) if (times.every((t) => at - t >= this.limits.windowMs)) this.started.delete(key);
  }
}

/**
 * A version of the data for the pack cache: a hash of what the pack can show,
 * not of when it was read, so a re-read of unchanged data is the same version.
 */
export function dataVersion(data: object, omit: readonly string[] = ["readAt", "stale"]): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(data, (key, value: unknown) => (omit.includes(key) ? undefined : value)));
  return hash.digest("base64url").slice(0, 22);
}
