/**
 * Who may open what, generated from the role table (lib/auth/roles.ts): every
 * role, a meeting-screen link and a signed-out visitor against every page and
 * API route — allowed, sent to sign in, or refused with the right status.
 */
import { expect, test, type APIRequestContext } from "./support/fixtures";
import { can, type Capability, type Viewer } from "../../lib/auth/roles";
import { apiAs, expectLoginRedirect, makeScreenLink, ROLES, type DemoRole } from "./support/auth";
import { cellWhere, editCellsOnDisk } from "./support/auth-workbook";

const PAGES: { path: string; capability: Capability }[] = [
  { path: "/", capability: "overview" },
  { path: "/data-health", capability: "dataHealth.read" },
  { path: "/admin", capability: "admin" },
  { path: "/screen", capability: "screen" },
  { path: "/tasks", capability: "tasks.read" },
  { path: "/visits", capability: "visits.aggregates" },
  { path: "/meetings", capability: "meetings.read" },
  { path: "/scores", capability: "scores.read" },
  { path: "/accountability", capability: "accountability.read" },
];

const APIS: { path: string; capability: Capability | "public" }[] = [
  { path: "/api/summary", capability: "summary.api" },
  { path: "/api/screen", capability: "screen" },
  { path: "/api/health", capability: "public" },
];

type Who = DemoRole | "screen-link" | "signed-out";
const WHO: Who[] = [...ROLES, "screen-link", "signed-out"];

/** The viewer each column stands for, as the role table sees it (ranking.public is 否 in the demo). */
const VIEWER: Record<Exclude<Who, "signed-out">, Viewer> = {
  admin: { kind: "user", login: "admin", role: "admin" },
  leader: { kind: "user", login: "leader", role: "leader" },
  unit: { kind: "user", login: "unit", role: "unit", unit: "经棚镇" },
  viewer: { kind: "user", login: "viewer", role: "viewer" },
  "screen-link": { kind: "screen", linkId: "e2e" },
};

const clients = new Map<Who, APIRequestContext>();
let token = "";
const missing = new Set<string>();

test.beforeAll(async () => {
  for (const who of WHO) clients.set(who, await apiAs(who === "screen-link" ? "signed-out" : who));
  token = (await makeScreenLink({ days: 1, note: "roles.spec" })).token;
  // Table pages built elsewhere: a route that does not exist yet is skipped, not failed.
  const admin = clients.get("admin");
  for (const { path } of [...PAGES, ...APIS]) {
    if ((await admin?.get(path, { maxRedirects: 0 }))?.status() === 404) missing.add(path);
  }
});

test.afterAll(async () => {
  for (const c of clients.values()) await c.dispose();
});

function client(who: Who): APIRequestContext {
  const c = clients.get(who);
  if (!c) throw new Error(`no client for ${who}`);
  return c;
}

for (const page of PAGES) {
  for (const who of WHO) {
    const expected =
      who === "signed-out"
        ? "sign-in"
        : who === "screen-link"
          ? // A link is honoured on the meeting screen only; anywhere else its holder is simply not signed in.
            page.path === "/screen" && can(VIEWER[who], page.capability)
            ? "200"
            : "sign-in"
          : can(VIEWER[who], page.capability)
            ? "200"
            : "403";
    test(`page ${page.path} · ${who} → ${expected}`, async () => {
      test.skip(missing.has(page.path), `${page.path} does not exist yet`);
      const path = who === "screen-link" ? `${page.path}?token=${encodeURIComponent(token)}` : page.path;
      const res = await client(who).get(path, { maxRedirects: 0 });
      if (expected === "sign-in") return expectLoginRedirect(res, path);
      expect(res.status()).toBe(Number(expected));
      if (expected === "403") expect(await res.text()).toContain("无权访问");
    });
  }
}

for (const api of APIS) {
  for (const who of WHO) {
    const expected = api.capability === "public" ? 200 : who === "signed-out" ? 401 : can(VIEWER[who], api.capability) ? 200 : 403;
    test(`api ${api.path} · ${who} → ${expected}`, async () => {
      test.skip(missing.has(api.path), `${api.path} does not exist yet`);
      const headers: Record<string, string> = who === "screen-link" ? { Authorization: `Bearer ${token}` } : {};
      const res = await client(who).get(api.path, { headers, maxRedirects: 0 });
      expect(res.status()).toBe(expected);
      if (expected === 401) expect((await res.json()).error).toBe("unauthorized");
      if (expected === 403) expect((await res.json()).error).toBe("forbidden");
    });
  }
}

test("a meeting-screen token works only as a Bearer header on the API, not in the query", async () => {
  const res = await client("signed-out").get(`/api/summary?token=${encodeURIComponent(token)}`);
  expect(res.status()).toBe(401);
});

test("row-level: a unit user's data-health report lists only its own unit's rows", async () => {
  // Break one visit of 经棚镇 (the unit user's) and one of 宇宙地镇.
  const own = await cellWhere("走访", "所属单位", "经棚镇", "日期");
  const other = await cellWhere("走访", "所属单位", "宇宙地镇", "日期");
  const restore = await editCellsOnDisk("走访", { [own]: "3月上旬", [other]: "4月中旬" });
  try {
    const problemCells = async (who: Who) => {
      const html = await (await client(who).get("/data-health")).text();
      return [own, other].filter((cell) => html.includes(`>${cell}<`));
    };
    expect(await problemCells("unit")).toEqual([own]);
    expect(await problemCells("leader")).toEqual([own, other]);
    expect(await problemCells("admin")).toEqual([own, other]);
  } finally {
    await restore();
  }
});
