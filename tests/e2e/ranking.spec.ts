/**
 * The score ranking follows the role on every surface, read from the raw responses
 * (HTML, the RSC payload, JSON, the PDF's text, a CSV export), not from what is visible:
 * 查看 sees no score; 单位 sees its own unit's, and every unit's only when 设置
 * ranking.public is 是; a meeting-screen link sees the ranking unless screen.ranking is 否.
 *
 * Two units' 得分 cells are set to values found nowhere else in the sample, so a
 * score's presence in a response is a plain substring test: another unit's total
 * (74.83, shown as 74.8) and the unit user's own (47.37, shown as 47.4).
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import ExcelJS from "exceljs";
import { copyFile, rename } from "node:fs/promises";
import { apiAs, makeScreenLink, storageStateOf } from "./support/auth";
import { pdfText } from "./support/pdf-text";
import { workbookFile } from "./support/workbook";

test.describe.configure({ mode: "serial" });

const OWN_UNIT = "经棚镇";
const OTHER = { exact: "74.83", shown: "74.8" };
const OWN = { exact: "47.37", shown: "47.4" };

type Who = "admin" | "unit" | "unit+public" | "viewer" | "link" | "link-no-ranking";
type Surface = "overview" | "overview-rsc" | "screen" | "screen-rsc" | "print" | "api-screen" | "api-summary" | "pdf" | "scores" | "scores-rsc";

/** What each viewer must (true) or must not (false) get of the two scores; null: the surface is not theirs (refused). */
const EXPECTED: Record<Who, { other: boolean; own: boolean; surfaces: Surface[] }> = {
  admin: { other: true, own: true, surfaces: ["overview", "overview-rsc", "screen", "screen-rsc", "print", "api-screen", "api-summary", "pdf", "scores", "scores-rsc"] },
  unit: { other: false, own: true, surfaces: ["overview", "overview-rsc", "screen", "screen-rsc", "print", "api-screen", "api-summary", "pdf", "scores", "scores-rsc"] },
  "unit+public": { other: true, own: true, surfaces: ["overview", "overview-rsc", "screen", "print", "api-screen", "api-summary", "pdf", "scores"] },
  viewer: { other: false, own: false, surfaces: ["overview", "overview-rsc", "screen", "screen-rsc", "print", "api-screen", "api-summary", "pdf"] },
  link: { other: true, own: true, surfaces: ["screen", "screen-rsc", "print", "api-screen", "api-summary", "pdf"] },
  "link-no-ranking": { other: false, own: false, surfaces: ["screen", "screen-rsc", "print", "api-screen", "api-summary", "pdf"] },
};

/** Surfaces whose JSON carries only the headline score figures (average, grade spread over all units): withheld (null) with the ranking. */
const SUMMARY_SURFACES: Surface[] = ["api-summary"];

// ---------------------------------------------------------------------------
// The workbook: the two marker scores and the two settings, put back afterwards.

async function editWorkbook(edit: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookFile);
  edit(wb);
  const tmp = `${workbookFile}.ranking-tmp`;
  await wb.xlsx.writeFile(tmp);
  await rename(tmp, workbookFile);
}

function headerIndex(ws: ExcelJS.Worksheet, names: string[]): { row: number; col: Record<string, number> } {
  for (let r = 1; r <= 10; r++) {
    const col: Record<string, number> = {};
    ws.getRow(r).eachCell((cell, c) => {
      const name = String(cell.value ?? "").trim();
      if (names.includes(name)) col[name] = c;
    });
    if (names.every((n) => col[n])) return { row: r, col };
  }
  throw new Error(`no header ${names.join("/")} in ${ws.name}`);
}

/** Sets 设置 `key` to `value`, adding the row when the sheet has none. */
function setSetting(wb: ExcelJS.Workbook, key: string, value: string) {
  const ws = wb.getWorksheet("设置");
  if (!ws) throw new Error("no 设置 sheet");
  const { row, col } = headerIndex(ws, ["键", "值"]);
  let target = 0;
  for (let r = row + 1; r <= ws.rowCount; r++) if (String(ws.getCell(r, col["键"]!).value ?? "").trim() === key) target = r;
  if (!target) target = ws.rowCount + 1;
  ws.getCell(target, col["键"]!).value = key;
  ws.getCell(target, col["值"]!).value = value;
}

let otherUnit = "";
const backup = `${workbookFile}.ranking-backup`;
const clients = new Map<string, APIRequestContext>();
let token = "";

test.beforeAll(async () => {
  await copyFile(workbookFile, backup);
  await editWorkbook((wb) => {
    const ws = wb.getWorksheet("考核");
    if (!ws) throw new Error("no 考核 sheet");
    const { row, col } = headerIndex(ws, ["单位", "得分"]);
    const units = new Set<string>();
    for (let r = row + 1; r <= ws.rowCount; r++) units.add(String(ws.getCell(r, col["单位"]!).value ?? "").trim());
    otherUnit = [...units].find((u) => u && u !== OWN_UNIT && /[镇乡]$/u.test(u)) ?? "";
    if (!otherUnit) throw new Error("no other unit with scores");
    let own = 0;
    let other = 0;
    for (let r = row + 1; r <= ws.rowCount; r++) {
      const unit = String(ws.getCell(r, col["单位"]!).value ?? "").trim();
      if (unit === OWN_UNIT) (ws.getCell(r, col["得分"]!).value = Number(OWN.exact)), own++;
      if (unit === otherUnit) (ws.getCell(r, col["得分"]!).value = Number(OTHER.exact)), other++;
    }
    expect(own).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(0);
    setSetting(wb, "ranking.public", "否");
    setSetting(wb, "screen.ranking", "是");
  });
  for (const role of ["admin", "unit", "viewer"] as const) clients.set(role, await apiAs(role));
  clients.set("signed-out", await apiAs("signed-out"));
  token = (await makeScreenLink({ days: 1, note: "ranking.spec" })).token;
});

test.afterAll(async () => {
  for (const c of clients.values()) await c.dispose();
  await rename(backup, workbookFile);
});

// ---------------------------------------------------------------------------
// One raw response per viewer and surface.

const PATHS: Record<Surface, { path: string; rsc?: boolean; pdf?: boolean }> = {
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

async function raw(who: Who, surface: Surface): Promise<string> {
  const { path, rsc, pdf } = PATHS[surface];
  const link = who === "link" || who === "link-no-ranking";
  const client = clients.get(link ? "signed-out" : who === "unit+public" ? "unit" : who)!;
  const api = path.startsWith("/api/");
  const url = link && !api ? `${path}?token=${encodeURIComponent(token)}` : path;
  const headers: Record<string, string> = { ...(rsc && { RSC: "1" }), ...(link && api && { Authorization: `Bearer ${token}` }) };
  // Next answers an RSC request without its cache-busting `_rsc` parameter with a redirect to the URL that has it.
  const res = await client.get(url, { headers, maxRedirects: rsc ? 2 : 0, timeout: 90_000 });
  expect(res.status(), `${who} ${surface}`).toBe(200);
  if (rsc) expect(res.headers()["content-type"]).toContain("text/x-component");
  return pdf ? pdfText(await res.body()) : res.text();
}

/**
 * Where a score shows: its exact value in data (JSON, the RSC payload, the flight data in
 * HTML), its one-decimal text as an element's whole text in HTML, or anywhere in a PDF's text.
 */
function expectScores(text: string, expected: { other: boolean; own: boolean }, where: string, kind: "html" | "data" | "pdf") {
  const forms = (m: { exact: string; shown: string }) => (kind === "data" ? [m.exact] : kind === "html" ? [m.exact, `>${m.shown}<`, `>${m.shown} `] : [m.exact, m.shown]);
  const found = (m: { exact: string; shown: string }) => forms(m).map((s) => text.indexOf(s)).find((i) => i >= 0) ?? -1;
  const context = (i: number) => (i < 0 ? "absent" : `found in …${text.slice(Math.max(0, i - 160), i + 40)}…`);
  const [other, own] = [found(OTHER), found(OWN)];
  expect(other >= 0, `${where}: another unit's score (${otherUnit} ${OTHER.exact}) ${context(other)}`).toBe(expected.other);
  expect(own >= 0, `${where}: ${OWN_UNIT}'s own score (${OWN.exact}) ${context(own)}`).toBe(expected.own);
}

for (const who of Object.keys(EXPECTED) as Who[]) {
  test(`${who}: every surface carries exactly the scores the role allows`, async () => {
    test.setTimeout(240_000);
    const expected = EXPECTED[who];
    await editWorkbook((wb) => {
      setSetting(wb, "ranking.public", who === "unit+public" ? "是" : "否");
      setSetting(wb, "screen.ranking", who === "link-no-ranking" ? "否" : "是");
    });
    for (const surface of expected.surfaces) {
      const text = await raw(who, surface);
      // /api/summary names no unit: it carries the score figures of all units, or null.
      const { rsc, pdf } = PATHS[surface];
      const kind = pdf ? "pdf" : rsc || surface.startsWith("api-") ? "data" : "html";
      if (!SUMMARY_SURFACES.includes(surface)) expectScores(text, expected, `${who} · ${surface}`, kind);
      else {
        const figures = (JSON.parse(text) as { figures: { scores: unknown; tasks: unknown } }).figures;
        // The other figures are there for everyone; the score figures describe every unit.
        expect(figures.tasks).toBeTruthy();
        if (expected.other) expect(figures.scores).toMatchObject({ units: expect.any(Number) });
        else expect(figures.scores).toBeNull();
      }
    }
  });
}

test("查看 is refused /scores outright, and the overview has no score card or ranking for it", async () => {
  await editWorkbook((wb) => setSetting(wb, "ranking.public", "否"));
  expect((await clients.get("viewer")!.get("/scores", { maxRedirects: 0 })).status()).toBe(403);
  const html = await clients.get("viewer")!.get("/").then((r) => r.text());
  expect(html).not.toContain('data-testid="card-scores"');
  expect(html).toContain("您的角色不显示考核得分和排名");
});

test("a unit's CSV and Excel exports of /scores hold only its own unit unless ranking.public is 是", async ({ browser }) => {
  test.setTimeout(120_000);
  for (const rankingPublic of ["否", "是"] as const) {
    await editWorkbook((wb) => setSetting(wb, "ranking.public", rankingPublic));
    const context = await browser.newContext({ storageState: storageStateOf("unit") });
    const page = await context.newPage();
    await page.goto("/scores");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /CSV/u }).first().click()]);
    const csv = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    });
    expect(csv).toContain(OWN_UNIT);
    expect(csv.includes(otherUnit), `CSV with ranking.public ${rankingPublic}`).toBe(rankingPublic === "是");
    await context.close();
  }
});
