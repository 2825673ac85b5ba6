/**
 * The pages in the navigation and the capability each one requires. The pages
 * check access with these capabilities (requirePageAccess), and the navigation
 * shows a page only to viewers who would pass that check: one rule, two uses.
 */
import { can, type AccessContext, type Capability, type Viewer } from "./roles";

export const NAV_PAGES = [
  { href: "/", label: "overview", capability: "overview" },
  { href: "/tasks", label: "tasks", capability: "tasks.read" },
  { href: "/visits", label: "visits", capability: "visits.aggregates" },
  { href: "/meetings", label: "meetings", capability: "meetings.read" },
  { href: "/scores", label: "scores", capability: "scores.read" },
  { href: "/accountability", label: "accountability", capability: "accountability.read" },
  // The league table: every role that reads tasks; its score and accountability columns follow the role.
  { href: "/units", label: "units", capability: "tasks.read" },
  { href: "/data-health", label: "dataHealth", capability: "dataHealth.read" },
] as const satisfies readonly { href: string; label: string; capability: Capability }[];

export type NavPage = (typeof NAV_PAGES)[number];
export type NavPath = NavPage["href"];

/** The capability a navigation page requires. */
export function pageCapability(href: NavPath): Capability {
  const page = NAV_PAGES.find((p) => p.href === href);
  if (!page) throw new Error(`未知页面：${href}`);
  return page.capability;
}

/** The navigation pages a viewer may open; none for the signed-out or refused. */
export function navPagesFor(viewer: Viewer | null, context: AccessContext = {}): NavPage[] {
  if (!viewer) return [];
  return NAV_PAGES.filter((p) => can(viewer, p.capability, context));
}

/** A unit user's home (本单位): their unit's page, where they land after sign-in. */
export function unitHome(unit: string): string {
  return `/units/${encodeURIComponent(unit)}`;
}

/** Where a sign-in without a requested page lands: 本单位 for a unit user, the overview for everyone else. */
export function homePath(viewer: Viewer | null): string {
  return viewer?.kind === "user" && viewer.role === "unit" && viewer.unit ? unitHome(viewer.unit) : "/";
}
