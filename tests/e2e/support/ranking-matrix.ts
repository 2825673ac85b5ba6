/**
 * The role × surface ranking matrix shared by the workbook (ranking.spec.ts) and Google
 * (google-ranking.spec.ts) runs: who should get which score, and how a score is
 * recognised in a raw response.
 *
 * Two units' 得分 cells are set to values found nowhere else in the sample, so a
 * score's presence in a response is a substring test: another unit's total (74.83,
 * shown as 74.8) and the unit user's own (47.37, shown as 47.4).
 */
import { expect } from "@playwright/test";

export const OWN_UNIT = "经棚镇";
export const OTHER = { exact: "74.83", shown: "74.8" };
export const OWN = { exact: "47.37", shown: "47.4" };

export type Who = "admin" | "unit" | "unit+public" | "viewer" | "link" | "link-no-ranking";
export type Surface = "overview" | "overview-rsc" | "screen" | "screen-rsc" | "print" | "api-screen" | "api-summary" | "pdf" | "scores" | "scores-rsc";

/** Whether each viewer must (true) or must not (false) get another unit's and its own unit's score. */
export const EXPECTED: Record<Who, { other: boolean; own: boolean }> = {
  admin: { other: true, own: true },
  unit: { other: false, own: true },
  "unit+public": { other: true, own: true },
  viewer: { other: false, own: false },
  link: { other: true, own: true },
  "link-no-ranking": { other: false, own: false },
};

/** The settings each column of the matrix runs under. */
export function settingsFor(who: Who): { "ranking.public": "是" | "否"; "screen.ranking": "是" | "否" } {
  return { "ranking.public": who === "unit+public" ? "是" : "否", "screen.ranking": who === "link-no-ranking" ? "否" : "是" };
}

export const PATHS: Record<Surface, { path: string; rsc?: boolean; pdf?: boolean }> = {
  overview: { path: "/" },
  "overview-rsc": { path: "/", rsc: true },
  screen: { path: "/screen" },
  "screen-rsc": { path: "/screen", rsc: true },
  print: { path: "/screen/print" },
  "api-screen": { path: "/api/screen" },
  "api-summary": { path: "/api/summary" },
  pdf: { path: "/api/screen/pack.pdf", pdf: true },
  scores: { path: "/scores" },
  "scores-rsc": { path: "/scores", rsc: true },
};

export function isLink(who: Who): boolean {
  return who === "link" || who === "link-no-ranking";
}

/** The request for a surface: a link's token in the query for pages, as a Bearer header for the API. */
export function requestFor(who: Who, surface: Surface, token: string): { url: string; headers: Record<string, string>; maxRedirects: number } {
  const { path, rsc } = PATHS[surface];
  const api = path.startsWith("/api/");
  const link = isLink(who);
  return {
    url: link && !api ? `${path}?token=${encodeURIComponent(token)}` : path,
    headers: { ...(rsc && { RSC: "1" }), ...(link && api && { Authorization: `Bearer ${token}` }) },
    // Next answers an RSC request without its cache-busting `_rsc` parameter with a redirect to the URL that has it.
    maxRedirects: rsc ? 2 : 0,
  };
}

/**
 * Checks one raw response. A score shows as its exact value in data (JSON, the RSC
 * payload, the flight data in HTML), as its one-decimal text making up an element's text
 * in HTML, or anywhere in a PDF's text. /api/summary names no unit: its score figures
 * (over every unit) are there exactly when the whole ranking is, else null.
 */
export function expectSurface(who: Who, surface: Surface, text: string, otherUnit: string): void {
  const expected = EXPECTED[who];
  const where = `${who} · ${surface}`;
  if (surface === "api-summary") {
    const figures = (JSON.parse(text) as { figures: { scores: unknown; tasks: unknown } }).figures;
    expect(figures.tasks, where).toBeTruthy();
    if (expected.other) expect(figures.scores, where).toMatchObject({ units: expect.any(Number) });
    else expect(figures.scores, where).toBeNull();
    return;
  }
  const { rsc, pdf } = PATHS[surface];
  const kind = pdf ? "pdf" : rsc || surface.startsWith("api-") ? "data" : "html";
  const forms = (m: { exact: string; shown: string }) =>
    kind === "data" ? [m.exact] : kind === "html" ? [m.exact, `>${m.shown}<`, `>${m.shown} `] : [m.exact, m.shown];
  const found = (m: { exact: string; shown: string }) =>
    forms(m)
      .map((s) => text.indexOf(s))
      .find((i) => i >= 0) ?? -1;
  const context = (i: number) => (i < 0 ? "absent" : `found in …${text.slice(Math.max(0, i - 160), i + 40)}…`);
  const [other, own] = [found(OTHER), found(OWN)];
  expect(other >= 0, `${where}: another unit's score (${otherUnit} ${OTHER.exact}) ${context(other)}`).toBe(expected.other);
  expect(own >= 0, `${where}: ${OWN_UNIT}'s own score (${OWN.exact}) ${context(own)}`).toBe(expected.own);
}
