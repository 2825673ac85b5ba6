import { accessContext, currentViewer } from "@/lib/auth/access";
import { navPagesFor } from "@/lib/auth/pages";
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
    return navPagesFor(viewer, await accessContext()).map((p) => ({ href: p.href, label: t.nav[p.label] }));
  } catch {
    // The navigation must never take the page down (e.g. the sheet is unreachable): the overview explains.
    return [{ href: "/", label: t.nav.overview }];
  }
}
