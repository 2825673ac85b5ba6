import Link from "next/link";
import { currentAccess, type AccessState } from "@/lib/auth/access";
import { currentMessages } from "../_lib/locale";
import { SignOutButton } from "./sign-out-button";

/** Who is signed in, with their role from the 用户 tab, and the way out. */
export async function UserMenu() {
  const { t } = await currentMessages();
  const a = t.auth;
  let access: AccessState;
  try {
    access = await currentAccess();
  } catch {
    // The menu must never take the page down with it (e.g. the sheet is unreachable).
    return null;
  }

  if (access.kind === "signed-out" || access.kind === "bad-screen-link") {
    return (
      <Link href="/login" className="block rounded-md px-3 py-2 text-sm font-medium text-brand-700 hover:bg-slate-100">
        {a.signIn}
      </Link>
    );
  }
  if (access.kind === "viewer" && access.viewer.kind === "screen") {
    return (
      <p className="px-3 py-2 text-xs text-slate-500" data-testid="user-menu">
        {a.screenViewer}
      </p>
    );
  }

  const user = access.kind === "viewer" && access.viewer.kind === "user" ? access.viewer : undefined;
  return (
    <section aria-label={a.userMenu} className="space-y-1 px-3 py-2 text-sm" data-testid="user-menu">
      <p
        className="truncate font-medium text-slate-800"
        title={access.kind === "viewer" && user ? user.login : access.kind === "not-authorised" ? access.login : ""}
      >
        {user ? (user.name ?? user.login) : access.kind === "not-authorised" ? access.login : ""}
      </p>
      {user && (
        <p className="text-xs text-slate-500" data-testid="user-role">
          {a.roles[user.role]}
          {user.unit && user.role === "unit" ? ` · ${user.unit}` : ""}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2 pt-1">
        {user?.role === "admin" && (
          <Link href="/admin" className="rounded-md border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-100">
            {t.nav.admin}
          </Link>
        )}
        <SignOutButton label={a.signOut} />
      </div>
    </section>
  );
}
