/** The meeting screen cut into slides: long lists take as many slides as they need, sharing rows evenly. */
import type { ScreenData } from "./index";

export type SlideKind = "headline" | "keyTasks" | "redList" | "visits" | "ranking" | "meetings";

export interface Slide {
  /** Stable across refreshes, so the show stays on the same slide when figures change. */
  id: string;
  kind: SlideKind;
  /** 0-based page of a list that does not fit one slide. */
  page: number;
  pages: number;
}

/** Rows of the red list per slide at most: what stays legible from the back of a room. */
export const RED_LIST_PAGE_SIZE = 6;
/** Units per ranking slide, in two columns. */
export const RANKING_PAGE_SIZE = 24;

function paged(kind: SlideKind, rows: number, size: number): Slide[] {
  const pages = Math.max(1, Math.ceil(rows / size));
  return Array.from({ length: pages }, (_, page) => ({ id: pages === 1 ? kind : `${kind}-${page + 1}`, kind, page, pages }));
}

/** The show's slides in order. Long lists take as many slides as they need. */
export function slidesOf(data: Pick<ScreenData, "redTasks" | "ranking"> & Partial<Pick<ScreenData, "scores">>): Slide[] {
  // A viewer who may see no score gets no ranking slide at all, not an empty one.
  const ranking = data.scores !== null || data.ranking.length > 0;
  return [
    { id: "headline", kind: "headline", page: 0, pages: 1 },
    { id: "keyTasks", kind: "keyTasks", page: 0, pages: 1 },
    ...paged("redList", data.redTasks.length, RED_LIST_PAGE_SIZE),
    { id: "visits", kind: "visits", page: 0, pages: 1 },
    ...(ranking ? paged("ranking", data.ranking.length, RANKING_PAGE_SIZE) : []),
    { id: "meetings", kind: "meetings", page: 0, pages: 1 },
  ];
}

/** The rows of a paged list that one slide shows: the pages share the rows evenly (8 rows are 4 + 4, not 6 + 2). */
export function pageOf<T>(rows: readonly T[], slide: Pick<Slide, "page">, size: number): T[] {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const base = Math.floor(rows.length / pages);
  const extra = rows.length % pages; // the first `extra` pages take one row more
  const start = slide.page * base + Math.min(slide.page, extra);
  return rows.slice(start, start + base + (slide.page < extra ? 1 : 0));
}
