import { describe, expect, it } from "vitest";
import { ALL_CAPABILITIES, can, canForUnits, scopeOf, scopeRows, scoreVisibility, type Capability, type Scope, type Viewer } from "@/lib/auth/roles";

/**
 * SPEC.md "Roles", transcribed independently of lib/auth/roles.ts: each
 * capability names the SPEC row it comes from and what each column says.
 * ✓ → all, "own unit…" → own-unit, "–" / "aggregates only" (for a row-level
 * capability) → none.
 */
type Column = "admin" | "leader" | "unit" | "viewer" | "screen";
const SPEC: Record<Capability, { row: string; expected: Record<Column, Scope> }> = {
  overview: {
    row: "overview figures and charts (screen: ✓ screen only)",
    expected: { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "none" },
  },
  screen: {
    row: "overview figures and charts — the meeting screen (screen: ✓ screen only)",
    expected: { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "all" },
  },
  "summary.api": {
    row: "overview figures and charts — the JSON headline figures",
    expected: { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "all" },
  },
  "tasks.read": {
    row: "task list and details (screen: aggregates only)",
    expected: { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "none" },
  },
  "tasks.update": {
    row: "edit a task's progress, status, notes, done date (unit: own unit is lead)",
    expected: { admin: "all", leader: "none", unit: "own-unit", viewer: "none", screen: "none" },
  },
  "tasks.create": { row: "create / delete tasks, meetings", expected: { admin: "all", leader: "none", unit: "none", viewer: "none", screen: "none" } },
  "meetings.read": {
    row: "task list and details — meetings are read like tasks",
    expected: { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "none" },
  },
  "meetings.write": { row: "create / delete tasks, meetings", expected: { admin: "all", leader: "none", unit: "none", viewer: "none", screen: "none" } },
  "visits.read": {
    row: "visits list (viewer, screen: aggregates only)",
    expected: { admin: "all", leader: "all", unit: "all", viewer: "none", screen: "none" },
  },
  "visits.aggregates": {
    row: "visits list — the aggregates everyone may see",
    expected: { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "all" },
  },
  "visits.write": {
    row: "record / edit visits (unit: own unit)",
    expected: { admin: "all", leader: "none", unit: "own-unit", viewer: "none", screen: "none" },
  },
  "scores.read": {
    row: "scores and ranking (unit: own unit; screen: ranking)",
    expected: { admin: "all", leader: "all", unit: "own-unit", viewer: "none", screen: "none" },
  },
  "scores.ranking": {
    row: "scores and ranking (unit: + ranking when ranking.public; screen: ranking)",
    expected: { admin: "all", leader: "all", unit: "none", viewer: "none", screen: "all" },
  },
  "scores.write": { row: "enter scores, accountability records", expected: { admin: "all", leader: "none", unit: "none", viewer: "none", screen: "none" } },
  "accountability.read": {
    row: "accountability list (unit: own unit)",
    expected: { admin: "all", leader: "all", unit: "own-unit", viewer: "none", screen: "none" },
  },
  "accountability.write": {
    row: "enter scores, accountability records",
    expected: { admin: "all", leader: "none", unit: "none", viewer: "none", screen: "none" },
  },
  "dataHealth.read": {
    row: "data-health report (unit: own unit's rows)",
    expected: { admin: "all", leader: "all", unit: "own-unit", viewer: "none", screen: "none" },
  },
  "data.refresh": {
    row: "overview's refresh button — a forced read spends the shared quota: not for read-only 查看 nor links",
    expected: { admin: "all", leader: "all", unit: "all", viewer: "none", screen: "none" },
  },
  admin: { row: "users, settings, meeting-screen links, assign IDs", expected: { admin: "all", leader: "none", unit: "none", viewer: "none", screen: "none" } },
};

const VIEWERS: Record<Column, Viewer> = {
  admin: { kind: "user", login: "admin", role: "admin", unit: "旗委组织部" },
  leader: { kind: "user", login: "leader", role: "leader" },
  unit: { kind: "user", login: "unit", role: "unit", unit: "经棚镇" },
  viewer: { kind: "user", login: "viewer", role: "viewer", unit: "旗委办公室" },
  screen: { kind: "screen", linkId: "link-1" },
};

describe("the role table matches SPEC.md", () => {
  it("covers every capability, and nothing SPEC does not name", () => {
    expect([...ALL_CAPABILITIES].sort()).toEqual(Object.keys(SPEC).sort());
  });

  for (const capability of ALL_CAPABILITIES) {
    describe(`${capability} — ${SPEC[capability].row}`, () => {
      for (const column of Object.keys(VIEWERS) as Column[]) {
        const expected = SPEC[capability].expected[column];
        it(`${column}: ${expected}`, () => {
          expect(scopeOf(VIEWERS[column], capability)).toBe(expected);
          expect(can(VIEWERS[column], capability)).toBe(expected !== "none");
        });
      }
    });
  }
});

describe("settings that change the table", () => {
  it("ranking.public lets a unit see the whole ranking, and nobody else gains anything", () => {
    expect(scopeOf(VIEWERS.unit, "scores.ranking", { rankingPublic: true })).toBe("all");
    expect(scopeOf(VIEWERS.viewer, "scores.ranking", { rankingPublic: true })).toBe("none");
    expect(scopeOf(VIEWERS.unit, "scores.read", { rankingPublic: true })).toBe("own-unit");
  });
});

describe("row-level rules", () => {
  const rows = [
    { id: "a", units: ["经棚镇"] },
    { id: "b", units: ["宇宙地镇"] },
    { id: "c", units: ["宇宙地镇", "经棚镇"] },
  ];

  it("a unit user keeps only rows of its own unit", () => {
    expect(scopeRows(VIEWERS.unit, "dataHealth.read", rows, (r) => r.units).map((r) => r.id)).toEqual(["a", "c"]);
    expect(scopeRows(VIEWERS.leader, "dataHealth.read", rows, (r) => r.units).map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(scopeRows(VIEWERS.viewer, "dataHealth.read", rows, (r) => r.units)).toEqual([]);
  });

  it("a unit user acts only on its own unit's rows; a unit user without a unit on none", () => {
    expect(canForUnits(VIEWERS.unit, "visits.write", ["经棚镇"])).toBe(true);
    expect(canForUnits(VIEWERS.unit, "visits.write", ["宇宙地镇"])).toBe(false);
    expect(canForUnits({ kind: "user", login: "x", role: "unit" }, "visits.write", ["经棚镇"])).toBe(false);
    expect(canForUnits(VIEWERS.admin, "visits.write", ["宇宙地镇"])).toBe(true);
    expect(canForUnits(VIEWERS.screen, "visits.write", ["经棚镇"])).toBe(false);
  });
});

describe("which scores a viewer sees, on every surface", () => {
  const canonical = (u: string) => (u === "U01" ? "经棚镇" : u);
  it("admin and leader: all; a unit: its own, or all when ranking.public; 查看: none", () => {
    expect(scoreVisibility(VIEWERS.admin, {})).toEqual({ kind: "all" });
    expect(scoreVisibility(VIEWERS.leader, {})).toEqual({ kind: "all" });
    expect(scoreVisibility({ kind: "user", login: "u", role: "unit", unit: "U01" }, {}, canonical)).toEqual({ kind: "own-unit", unit: "经棚镇" });
    expect(scoreVisibility(VIEWERS.unit, { rankingPublic: true })).toEqual({ kind: "all" });
    expect(scoreVisibility(VIEWERS.viewer, { rankingPublic: true })).toEqual({ kind: "none" });
    expect(scoreVisibility({ kind: "user", login: "u", role: "unit" }, {})).toEqual({ kind: "none" });
    expect(scoreVisibility(null, {})).toEqual({ kind: "none" });
  });

  it("a meeting-screen link: the ranking unless screen.ranking is 否", () => {
    expect(scoreVisibility(VIEWERS.screen, {})).toEqual({ kind: "all" });
    expect(scoreVisibility(VIEWERS.screen, { screenRanking: true })).toEqual({ kind: "all" });
    expect(scoreVisibility(VIEWERS.screen, { screenRanking: false })).toEqual({ kind: "none" });
    expect(scoreVisibility(VIEWERS.admin, { screenRanking: false })).toEqual({ kind: "all" });
  });
});
