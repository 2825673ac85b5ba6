import { accessContext, currentViewer } from "@/lib/auth/access";
import { can, type Capability } from "@/lib/auth/roles";
import type { Messages } from "@/lib/i18n";

/** The list pages in the side navigation, each only for roles that may open it. */
export async function listPageNavItems(t: Messages): Promise<{ href: string; label: string }[]> {
  const pages: { href: string; label: string; capability: Capability }[] = [
    { href: "/tasks", label: t.nav.tasks, capability: "tasks.read" },
    { href: "/visits", label: t.nav.visits, capability: "visits.aggregates" },
    { href: "/meetings", label: t.nav.meetings, capability: "meetings.read" },
    { href: "/scores", label: t.nav.scores, capability: "scores.read" },
    { href: "/accountability", label: t.nav.accountability, capability: "accountability.read" },
  ];
  try {
    const viewer = await currentViewer();
    if (!viewer) return [];
    const context = await accessContext();
    return pages.filter((p) => can(viewer, p.capability, context)).map(({ href, label }) => ({ href, label }));
  } catch {
    // The navigation must never take the page down (e.g. the sheet is unreachable).
    return [];
  }
}
