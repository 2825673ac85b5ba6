import { accessContext, currentViewer } from "@/lib/auth/access";
import { navPagesFor, unitHome } from "@/lib/auth/pages";
import type { Messages } from "@/lib/i18n";

/**
 * The side navigation's pages: those the viewer may open, by the same
 * capabilities the pages check. None for the signed-out or refused, whose
 * only way on is the user menu's 登录.
 */
export async function navItems(t: Messages): Promise<{ href: string; label: string }[]> {
  try {
    const viewer = await currentViewer();
    if (viewer?.kind !== "user") return [];
    const pages = navPagesFor(viewer, await accessContext()).map((p) => ({ href: p.href, label: t.nav[p.label] }));
    // A unit user's home, 本单位, right after the overview.
    if (viewer.role !== "unit" || !viewer.unit) return pages;
    return [...pages.slice(0, 1), { href: unitHome(viewer.unit), label: t.nav.myUnit }, ...pages.slice(1)];
  } catch {
    // The navigation must never take the page down (e.g. the sheet is unreachable): the overview explains.
    return [{ href: "/", label: t.nav.overview }];
  }
}
