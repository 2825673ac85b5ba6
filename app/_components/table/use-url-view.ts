"use client";

import { useEffect, useRef } from "react";
import type { SortSpec, TableColumn } from "./types";
import { readView, writeView, type TableView } from "./url-state";

/**
 * The view lives in the URL: written back (debounced, without a navigation) whenever it changes —
 * except that following a link cancels a write still waiting: a late write would cancel that
 * navigation and put the person back where they were (type a search, then click a row at once).
 * A server-paged table (`server`) keeps its page in the URL too, and each change of its view is a
 * history entry (Back returns to the previous view), one per burst of typing in the search box.
 */
export function useUrlView(
  view: TableView,
  columns: readonly TableColumn[],
  defaultSort: readonly SortSpec[],
  paramPrefix: string,
  /** Server-paged tables: the page parameter to keep in the URL; `navigate` (TABLE_VIEW_FETCH=navigate) makes each write a navigation. */
  server?: { param: string; page: number; navigate?: (url: string) => void },
) {
  const pendingWrite = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastWasTyping = useRef(false);
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.target instanceof Element && event.target.closest("a[href]")) clearTimeout(pendingWrite.current);
    };
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, []);
  const { search, sort, filters, columns: shown, detail } = view;
  const pageParam = server?.param;
  const page = server?.page ?? 1;
  const navigate = server?.navigate;
  useEffect(() => {
    const timer = setTimeout(
      () => {
        const current = new URLSearchParams(window.location.search);
        const params = writeView(current, { search, sort, filters, columns: shown, detail }, columns, { sort: defaultSort }, paramPrefix);
        if (pageParam) {
          if (page > 1) params.set(pageParam, String(page));
          else params.delete(pageParam);
        }
        const qs = params.toString();
        const url = `${window.location.pathname}${qs ? `?${qs}` : ""}${window.location.hash}`;
        if (url === `${window.location.pathname}${window.location.search}${window.location.hash}`) return;
        if (!pageParam) {
          window.history.replaceState(null, "", url);
          return;
        }
        if (navigate) {
          if (!sameParams(params, current)) navigate(url);
          return;
        }
        // The same parameters in another order are the same view; the same view written differently
        // (a default sort spelled out in a link) is corrected in place, not made a history entry.
        if (sameParams(params, current)) return;
        const same = (p: URLSearchParams) => JSON.stringify([readView(p, columns, paramPrefix), p.get(pageParam)]);
        if (same(params) === same(current)) {
          window.history.replaceState(null, "", url);
          return;
        }
        const searchName = paramPrefix ? `${paramPrefix}.q` : "q";
        const typing = onlySearchChanged(params, current, searchName, pageParam);
        if (typing && lastWasTyping.current) window.history.replaceState(null, "", url);
        else window.history.pushState(null, "", url);
        lastWasTyping.current = typing;
      },
      navigate ? 120 : 200,
    );
    pendingWrite.current = timer;
    return () => clearTimeout(timer);
  }, [search, sort, filters, shown, detail, columns, defaultSort, paramPrefix, pageParam, page, navigate]);
}

function sameParams(a: URLSearchParams, b: URLSearchParams): boolean {
  const sorted = (p: URLSearchParams) => JSON.stringify([...p].sort(([x, xv], [y, yv]) => (x < y ? -1 : x > y ? 1 : xv < yv ? -1 : xv > yv ? 1 : 0)));
  return sorted(a) === sorted(b);
}

/** Whether two URLs differ only in the search words (and so the page, which a new search resets). */
function onlySearchChanged(a: URLSearchParams, b: URLSearchParams, searchName: string, pageName: string): boolean {
  const without = (p: URLSearchParams) => {
    const c = new URLSearchParams(p);
    c.delete(searchName);
    c.delete(pageName);
    return c;
  };
  return a.get(searchName) !== b.get(searchName) && sameParams(without(a), without(b));
}
