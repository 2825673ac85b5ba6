/**
 * The score ranking follows the role on every surface, read from the raw responses
 * (HTML, the RSC payload, JSON, the PDF's text, a CSV export), not from what is visible:
 * 查看 sees no score; 单位 sees its own unit's, and every unit's only when 设置
 * ranking.public is 是; a meeting-screen link sees the ranking unless screen.ranking is 否.
 * The matrix and how a score is recognised: support/ranking-matrix.ts.
 */
import { expect, test, type APIRequestContext } from "./support/fixtures";
import ExcelJS from "exceljs";
import { copyFile, rename } from "node:fs/promises";
import { apiAs, makeScreenLink, storageStateOf } from "./support/auth";
import { pdfText } from "./support/pdf-text";
import { EXPECTED, expectSurface, isLink, OTHER, OWN, OWN_UNIT, PATHS, requestFor, settingsFor, type Surface, type Who } from "./support/ranking-matrix";
import { workbookFile } from "./support/workbook";

test.describe.configure({ mode: "serial" });

/** The surfaces each viewer opens (the others refuse it, as roles.spec.ts checks). */
const SURFACES: Record<Who, Surface[]> = {
  admin: ["overview", "overview-rsc", "screen", "screen-rsc", "print", "api-screen", "api-summary", "pdf", "scores", "scores-rsc"],
  unit: ["overview", "overview-rsc", "screen", "screen-rsc", "print", "api-screen", "api-summary", "pdf", "scores", "scores-rsc"],
  "unit+public": ["overview", "overview-rsc", "screen", "print", "api-screen", "api-summary", "pdf", "scores"],
  viewer: ["overview", "overview-rsc", "screen", "screen-rsc", "print", "api-screen", "api-summary", "pdf"],
  link: ["screen", "screen-rsc", "print", "api-screen", "api-summary", "pdf"],
  "link-no-ranking": ["screen", "screen-rsc", "print", "api-screen", "api-summary", "pdf"],
};

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
      if (unit === OWN_UNIT) {
        ws.getCell(r, col["得分"]!).value = Number(OWN.exact);
        own++;
      }
      if (unit === otherUnit) {
        ws.getCell(r, col["得分"]!).value = Number(OTHER.exact);
        other++;
      }
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

async function raw(who: Who, surface: Surface): Promise<string> {
  const client = clients.get(isLink(who) ? "signed-out" : who === "unit+public" ? "unit" : who)!;
  const { url, headers, maxRedirects } = requestFor(who, surface, token);
  const res = await client.get(url, { headers, maxRedirects, timeout: 90_000 });
  expect(res.status(), `${who} ${surface}`).toBe(200);
  if (PATHS[surface].rsc) expect(res.headers()["content-type"]).toContain("text/x-component");
  return PATHS[surface].pdf ? pdfText(await res.body()) : res.text();
}

for (const who of Object.keys(EXPECTED) as Who[]) {
  test(`${who}: every surface carries exactly the scores the role allows`, async () => {
    test.setTimeout(240_000);
    const settings = settingsFor(who);
    await editWorkbook((wb) => {
      for (const [key, value] of Object.entries(settings)) setSetting(wb, key, value);
    });
    for (const surface of SURFACES[who]) expectSurface(who, surface, await raw(who, surface), otherUnit);
  });
}

test("查看 is refused /scores outright, and the overview has no score card or ranking for it", async () => {
  await editWorkbook((wb) => setSetting(wb, "ranking.public", "否"));
  expect((await clients.get("viewer")!.get("/scores", { maxRedirects: 0 })).status()).toBe(403);
  const html = await clients
    .get("viewer")!
    .get("/")
    .then((r) => r.text());
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
