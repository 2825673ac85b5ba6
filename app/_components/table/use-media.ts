"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { flushSync } from "react-dom";

/** Below Tailwind's `sm` (640 px) a table is a list of cards. */
export const PHONE_QUERY = "(max-width: 639.98px)";

function subscribePhone(onChange: () => void) {
  const list = window.matchMedia(PHONE_QUERY);
  list.addEventListener("change", onChange);
  return () => list.removeEventListener("change", onChange);
}

/** True on a phone-wide window; the server and the first paint assume a desktop. */
export function usePhone(): boolean {
  return useSyncExternalStore(
    subscribePhone,
    () => window.matchMedia(PHONE_QUERY).matches,
    () => false,
  );
}

/**
 * True while the browser prints (Ctrl+P, or a PDF made from the page): the table then
 * renders every filtered row, not only its virtual window. `beforeprint` is handled
 * synchronously so the rows are in the page before the browser lays it out for paper.
 */
export function usePrinting(): { printing: boolean; ready: boolean } {
  const [printing, setPrinting] = useState(false);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    setReady(true);
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
    };
  }, []);
  return { printing, ready };
}
