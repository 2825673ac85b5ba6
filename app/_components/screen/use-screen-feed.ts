"use client";

import { useEffect, useState } from "react";
import type { ScreenPayload } from "@/lib/domain/screen";

export type FeedProblem = "offline" | "refused" | null;

/** A refresh that changes no figure keeps the same object, so nothing on the slide re-renders but the clock. */
export function mergePayload(prev: ScreenPayload, next: ScreenPayload): ScreenPayload {
  if (prev.version !== next.version) return next;
  if (prev.asOf === next.asOf && prev.stale === next.stale) return prev;
  return { ...prev, asOf: next.asOf, stale: next.stale };
}

/** How soon to try again after a failed poll: quickly at first, never slower than a normal poll. */
const RETRY_MS = 5_000;

/**
 * Polls the screen's JSON route and keeps the last good figures whatever happens:
 * a failed poll only raises a marker, and the next one that succeeds clears it.
 * One timer and one request at most at any time; everything is released on unmount.
 */
export function useScreenFeed(initial: ScreenPayload, opts: { pollMs: number; token?: string }): { data: ScreenPayload; problem: FeedProblem } {
  const [data, setData] = useState(initial);
  const [problem, setProblem] = useState<FeedProblem>(null);
  const { pollMs, token } = opts;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: AbortController | undefined;
    let stopped = false;
    const headers: HeadersInit = token ? { Authorization: `Bearer ${token}` } : {};

    const poll = async () => {
      clearTimeout(timer);
      current?.abort();
      const controller = new AbortController();
      current = controller;
      const deadline = setTimeout(() => controller.abort(), Math.max(pollMs, RETRY_MS));
      let outcome: FeedProblem = "offline";
      try {
        const res = await fetch("/api/screen", { headers, cache: "no-store", signal: controller.signal });
        if (res.ok) {
          const next = (await res.json()) as ScreenPayload;
          if (current === controller && !stopped) setData((prev) => mergePayload(prev, next));
          outcome = null;
        } else if (res.status === 401 || res.status === 403) {
          outcome = "refused";
        }
      } catch {
        // Network down, server restarting, or the deadline passed: keep the figures we have.
      } finally {
        clearTimeout(deadline);
      }
      // Superseded by a newer poll (the browser came back online) or unmounted.
      if (stopped || current !== controller) return;
      current = undefined;
      setProblem(outcome);
      timer = setTimeout(poll, outcome === null ? pollMs : Math.min(pollMs, RETRY_MS));
    };

    const onOnline = () => void poll();
    const onOffline = () => setProblem("offline");
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    timer = setTimeout(poll, pollMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
      current?.abort();
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
    };
  }, [pollMs, token]);

  return { data, problem };
}
