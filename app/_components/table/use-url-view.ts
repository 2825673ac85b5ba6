"use client";

import { useEffect, useRef } from "react";
import type { SortSpec, TableColumn } from "./types";
import { writeView, type TableView } from "./url-state";

/**
 * The view lives in the URL: written back (debounced, without a navigation) whenever it changes —
 * except that following a link cancels a write still waiting: a late write would cancel that
 * navigation and put the person back where they were (type a search, then click a row at once).
 */
export function useUrlView(
  view: TableView,
  columns: readonly TableColumn[],
  defaultSort: readonly SortSpec[],
  paramPrefix: string,
  /** Server-paged tables: the page parameter to keep in the URL, and a navigation so that the server answers. */
  server?: { param: string; page: number; navigate: (url: string) => void },
) {
  const pendingWrite = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
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
        const params = writeView(
          new URLSearchParams(window.location.search),
          { search, sort, filters, columns: shown, detail },
          columns,
          { sort: defaultSort },
          paramPrefix,
        );
        if (pageParam) {
          if (page > 1) params.set(pageParam, String(page));
          else params.delete(pageParam);
        }
        const qs = params.toString();
        const url = `${window.location.pathname}${qs ? `?${qs}` : ""}${window.location.hash}`;
        if (url === `${window.location.pathname}${window.location.search}${window.location.hash}`) return;
        // The same parameters in another order are the same view: no round trip to the server for it.
        if (navigate && sameParams(params, new URLSearchParams(window.location.search))) return;
        if (navigate) navigate(url);
        else window.history.replaceState(null, "", url);
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
