import type { Messages } from "@/lib/i18n";
import { SignOutButton } from "./sign-out-button";

/** Signed in, but not in the 用户 tab (or not 启用): says so, names the login and whom to ask. */
export function NotAuthorised({ login, t }: { login: string; t: Messages }) {
  const a = t.auth;
  return (
    <div className="mx-auto max-w-xl py-16 text-center" data-testid="not-authorised">
      <p className="text-5xl font-bold text-brand-700">403</p>
      <h1 className="mt-3 text-xl font-semibold">{a.notAuthorisedTitle}</h1>
      <p className="mt-2 text-slate-700">{a.notAuthorisedBody}</p>
      <p className="mt-4 text-sm text-slate-600">
        {a.notAuthorisedLogin}：
        <code className="rounded bg-slate-100 px-1.5 py-0.5" data-testid="not-authorised-login">
          {login}
        </code>
      </p>
      <div className="mt-6">
        <SignOutButton label={a.switchAccount} className="rounded-md bg-brand-700 px-4 py-2 text-white" />
      </div>
    </div>
  );
}
