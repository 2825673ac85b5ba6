/**
 * The ranking matrix of ranking.spec.ts on Google Sheets (the Sheets API emulator): the
 * same viewers and settings, the scores and 设置 changed by hand edits in the spreadsheet,
 * each surface read raw. The tests share the project's spreadsheet and put back what they change.
 */
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { createScreenLink, screenLinksFile } from "../../lib/auth/screen-links";
import { localSecretFile, readLocalSecret, screenLinkKey } from "../../lib/auth/secret";
import { columnLetter } from "../../lib/schema/cells";
import { signInWithPassword } from "./support/auth";
import { forceRefresh, handEdit, rowsOf } from "./support/google";
import { GOOGLE_E2E_ACCOUNTS_FILE, GOOGLE_E2E_ADMIN_STATE, GOOGLE_E2E_BASE_URL } from "./support/google-env";
import { pdfText } from "./support/pdf-text";
import { EXPECTED, expectSurface, isLink, OTHER, OWN, OWN_UNIT, PATHS, requestFor, settingsFor, type Surface, type Who } from "./support/ranking-matrix";

test.describe.configure({ mode: "serial" });

const SESSION_SURFACES: Surface[] = ["overview", "overview-rsc", "screen", "print", "api-screen", "api-summary", "pdf"];
const SURFACES: Record<Who, Surface[]> = {
  admin: [...SESSION_SURFACES, "scores"],
  unit: [...SESSION_SURFACES, "scores", "scores-rsc"],
  "unit+public": [...SESSION_SURFACES, "scores"],
  viewer: SESSION_SURFACES,
  link: ["screen", "screen-rsc", "print", "api-screen", "api-summary", "pdf"],
  "link-no-ranking": ["screen", "print", "api-screen", "api-summary", "pdf"],
};

type Edit = { sheet: string; op: "set"; cell: string; value: string | number };
const restore: Edit[] = [];
const settingCells: Record<string, string> = {};
let otherUnit = "";
let token = "";
const clients = new Map<string, APIRequestContext>();

async function signedIn(browser: Browser, role: "unit" | "viewer"): Promise<APIRequestContext> {
  const context = await browser.newContext({ baseURL: GOOGLE_E2E_BASE_URL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInWithPassword(page, role);
  return context.request;
}

test.beforeAll(async ({ browser, playwright }) => {
  const scores = await rowsOf("考核");
  const header = scores.findIndex((r) => r.includes("单位") && r.includes("得分"));
  const [unitCol, scoreCol] = [scores[header]!.indexOf("单位"), scores[header]!.indexOf("得分")];
  otherUnit = String(scores.slice(header + 1).find((r) => r[unitCol] !== OWN_UNIT && /[镇乡]$/u.test(String(r[unitCol] ?? "")))?.[unitCol] ?? "");
  expect(otherUnit).not.toBe("");
  const edits: Edit[] = [];
  scores.forEach((r, i) => {
    const value = r[unitCol] === OWN_UNIT ? Number(OWN.exact) : r[unitCol] === otherUnit ? Number(OTHER.exact) : undefined;
    if (i <= header || value === undefined) return;
    const cell = `${columnLetter(scoreCol)}${i + 1}`;
    edits.push({ sheet: "考核", op: "set", cell, value });
    restore.push({ sheet: "考核", op: "set", cell, value: r[scoreCol] as number });
  });
  expect(edits.length).toBeGreaterThan(1);

  // 设置: the ranking.public row, and a screen.ranking row added below the last (put back empty).
  const settings = await rowsOf("设置");
  const sh = settings.findIndex((r) => r.includes("键"));
  const [keyCol, valueCol] = [settings[sh]!.indexOf("键"), settings[sh]!.indexOf("值")];
  for (const key of ["ranking.public", "screen.ranking"]) {
    let row = settings.findIndex((r, i) => i > sh && r[keyCol] === key);
    if (row < 0) {
      row = settings.length + Object.keys(settingCells).length;
      edits.push({ sheet: "设置", op: "set", cell: `${columnLetter(keyCol)}${row + 1}`, value: key });
      restore.push({ sheet: "设置", op: "set", cell: `${columnLetter(keyCol)}${row + 1}`, value: "" });
      restore.push({ sheet: "设置", op: "set", cell: `${columnLetter(valueCol)}${row + 1}`, value: "" });
    } else {
      restore.push({ sheet: "设置", op: "set", cell: `${columnLetter(valueCol)}${row + 1}`, value: String(settings[row]![valueCol] ?? "") });
    }
    settingCells[key] = `${columnLetter(valueCol)}${row + 1}`;
  }
  await handEdit(edits);

  clients.set("admin", await playwright.request.newContext({ baseURL: GOOGLE_E2E_BASE_URL, storageState: GOOGLE_E2E_ADMIN_STATE }));
  clients.set("signed-out", await playwright.request.newContext({ baseURL: GOOGLE_E2E_BASE_URL, storageState: { cookies: [], origins: [] } }));
  clients.set("unit", await signedIn(browser, "unit"));
  clients.set("viewer", await signedIn(browser, "viewer"));
  const secret = readLocalSecret(localSecretFile(GOOGLE_E2E_ACCOUNTS_FILE));
  if (!secret) throw new Error("the Google e2e server has not written its secret yet");
  token = (
    await createScreenLink(
      { days: 1, note: "google-ranking.spec", createdBy: "e2e" },
      { key: screenLinkKey(secret), file: screenLinksFile(GOOGLE_E2E_ACCOUNTS_FILE) },
    )
  ).token;
});

test.afterAll(async () => {
  await handEdit(restore);
  await forceRefresh(clients.get("signed-out")!);
  for (const c of clients.values()) await c.dispose();
});

for (const who of Object.keys(EXPECTED) as Who[]) {
  test(`Google · ${who}: every surface carries exactly the scores the role allows`, async () => {
    test.setTimeout(240_000);
    await handEdit(Object.entries(settingsFor(who)).map(([key, value]) => ({ sheet: "设置", op: "set" as const, cell: settingCells[key]!, value })));
    await forceRefresh(clients.get("signed-out")!);
    const client = clients.get(isLink(who) ? "signed-out" : who === "unit+public" ? "unit" : who)!;
    for (const surface of SURFACES[who]) {
      const { url, headers, maxRedirects } = requestFor(who, surface, token);
      const res = await client.get(url, { headers, maxRedirects, timeout: 90_000 });
      expect(res.status(), `${who} ${surface}`).toBe(200);
      expectSurface(who, surface, PATHS[surface].pdf ? await pdfText(await res.body()) : await res.text(), otherUnit);
    }
  });
}
