/**
 * SPEC.md's role table as data: who may do what. Pure, so the table itself is
 * unit-tested and the end-to-end tests are generated from it.
 */
import type { Role as RoleLabel } from "../schema/tabs";

export type RoleKey = "admin" | "leader" | "unit" | "viewer";

export const ROLE_KEYS: Record<RoleLabel, RoleKey> = { 管理员: "admin", 领导: "leader", 单位: "unit", 查看: "viewer" };

export type Viewer =
  | { kind: "user"; login: string; name?: string; role: RoleKey; unit?: string }
  /** Someone looking through a signed meeting-screen link: read-only, screen only. */
  | { kind: "screen"; linkId: string };

export type Capability =
  | "overview" // overview figures and charts (the web pages)
  | "screen" // the meeting screen
  | "summary.api" // GET /api/summary
  | "tasks.read"
  | "tasks.update" // progress, status, notes, done date — units only where they lead
  | "tasks.create" // create / delete tasks
  | "meetings.read"
  | "meetings.write" // create / delete meetings
  | "visits.read" // the row-level visits list
  | "visits.aggregates" // visit figures without the rows
  | "visits.write" // record / edit visits — units only their own
  | "scores.read" // scores — units only their own
  | "scores.ranking" // the whole ranking — units only when ranking.public
  | "scores.write"
  | "accountability.read" // units only their own
  | "accountability.write"
  | "dataHealth.read" // units only their own rows' problems
  | "data.refresh" // force a fresh read of the spreadsheet (the refresh button): spends the shared read budget
  | "admin"; // users, settings, meeting-screen links, assign IDs, snapshots

/** What a capability covers for a role: everything, only its own unit's rows, or nothing. */
export type Scope = "all" | "own-unit" | "none";

const TABLE: Record<Capability, Record<RoleKey | "screen", Scope>> = {
  overview: { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "none" },
  screen: { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "all" },
  "summary.api": { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "all" },
  "tasks.read": { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "none" },
  "tasks.update": { admin: "all", leader: "none", unit: "own-unit", viewer: "none", screen: "none" },
  "tasks.create": { admin: "all", leader: "none", unit: "none", viewer: "none", screen: "none" },
  "meetings.read": { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "none" },
  "meetings.write": { admin: "all", leader: "none", unit: "none", viewer: "none", screen: "none" },
  "visits.read": { admin: "all", leader: "all", unit: "all", viewer: "none", screen: "none" },
  "visits.aggregates": { admin: "all", leader: "all", unit: "all", viewer: "all", screen: "all" },
  "visits.write": { admin: "all", leader: "none", unit: "own-unit", viewer: "none", screen: "none" },
  "scores.read": { admin: "all", leader: "all", unit: "own-unit", viewer: "none", screen: "none" },
  "scores.ranking": { admin: "all", leader: "all", unit: "none", viewer: "none", screen: "all" },
  "scores.write": { admin: "all", leader: "none", unit: "none", viewer: "none", screen: "none" },
  "accountability.read": { admin: "all", leader: "all", unit: "own-unit", viewer: "none", screen: "none" },
  "accountability.write": { admin: "all", leader: "none", unit: "none", viewer: "none", screen: "none" },
  "dataHealth.read": { admin: "all", leader: "all", unit: "own-unit", viewer: "none", screen: "none" },
  "data.refresh": { admin: "all", leader: "all", unit: "all", viewer: "none", screen: "none" },
  admin: { admin: "all", leader: "none", unit: "none", viewer: "none", screen: "none" },
};

export interface AccessContext {
  /** 设置 ranking.public: units may see the whole ranking. */
  rankingPublic?: boolean;
  /** 设置 screen.ranking (default 是): a meeting-screen link shows the ranking. */
  screenRanking?: boolean;
}

/** How far a viewer's capability reaches. */
export function scopeOf(viewer: Viewer, capability: Capability, context: AccessContext = {}): Scope {
  const role = viewer.kind === "screen" ? "screen" : viewer.role;
  if (capability === "scores.ranking" && role === "unit" && context.rankingPublic) return "all";
  if (capability === "scores.ranking" && role === "screen" && context.screenRanking === false) return "none";
  return TABLE[capability][role];
}

/**
 * Which scores a viewer may see on any surface (pages, charts, the screen, APIs, exports):
 * every unit's and the ranking, only its own unit's, or none. `canonicalUnit` turns the
 * unit written in 用户 into the name the figures use.
 */
export type ScoreVisibility = { kind: "all" } | { kind: "own-unit"; unit: string } | { kind: "none" };

export function scoreVisibility(viewer: Viewer | null, context: AccessContext, canonicalUnit: (unit: string) => string = (u) => u): ScoreVisibility {
  if (!viewer) return { kind: "none" };
  if (scopeOf(viewer, "scores.ranking", context) === "all" || scopeOf(viewer, "scores.read", context) === "all") return { kind: "all" };
  if (scopeOf(viewer, "scores.read", context) === "own-unit" && viewer.kind === "user" && viewer.unit)
    return { kind: "own-unit", unit: canonicalUnit(viewer.unit) };
  return { kind: "none" };
}

/** Whether the viewer may use a capability at all (for some rows at least). */
export function can(viewer: Viewer, capability: Capability, context: AccessContext = {}): boolean {
  return scopeOf(viewer, capability, context) !== "none";
}

/** Whether the viewer may act on a row belonging to these units. */
export function canForUnits(viewer: Viewer, capability: Capability, units: readonly string[], context: AccessContext = {}): boolean {
  const scope = scopeOf(viewer, capability, context);
  if (scope === "all") return true;
  if (scope === "none" || viewer.kind !== "user" || !viewer.unit) return false;
  return units.includes(viewer.unit);
}

/** Keeps the rows a viewer may see: all, or those of its own unit. */
export function scopeRows<R>(
  viewer: Viewer,
  capability: Capability,
  rows: readonly R[],
  unitsOf: (row: R) => readonly string[],
  context: AccessContext = {},
): R[] {
  const scope = scopeOf(viewer, capability, context);
  if (scope === "all") return [...rows];
  if (scope === "none") return [];
  return rows.filter((r) => canForUnits(viewer, capability, unitsOf(r), context));
}

export const ALL_CAPABILITIES = Object.keys(TABLE) as Capability[];
