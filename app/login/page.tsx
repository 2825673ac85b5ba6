import type { Metadata } from "next";
import { hasEnabledLocalAccounts } from "@/lib/auth/accounts";
import { DEMO_PASSWORD, demoHintAllowed, usableDemoLogins } from "@/lib/auth/demo-accounts";
import { sessionIdentity } from "@/lib/auth/access";
import { safeNextPath } from "@/lib/auth/gate";
import { LOCKED_ERROR, signInMethods } from "@/lib/auth/options";
import { env } from "@/lib/env";
import type { Messages } from "@/lib/i18n";
import { currentMessages } from "../_lib/locale";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "登录" };

/** The message for next-auth's `error` code (and ours: `SignInLocked:<seconds>`). */
function errorMessage(code: string | undefined, t: Messages): string | undefined {
  if (!code) return undefined;
  const e = t.auth.errors;
  if (code.startsWith(`${LOCKED_ERROR}:`)) {
    const seconds = Math.max(1, Number(code.slice(LOCKED_ERROR.length + 1)) || 1);
    return e.locked(seconds < 60 ? e.seconds(seconds) : e.minutes(Math.ceil(seconds / 60)));
  }
  if (code === "CredentialsSignin") return e.CredentialsSignin;
  if (code === "AccessDenied") return e.AccessDenied;
  if (code === "SessionRequired") return e.SessionRequired;
  if (/^OAuth|^Callback$/u.test(code)) return e.OAuth;
  return e.default;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const { t } = await currentMessages();
  // No page asked for (or only the front page): land on the viewer's home, 本单位 for a unit user.
  const asked = safeNextPath(params.next, "/home");
  const next = asked === "/" ? "/home" : asked;
  const error = errorMessage(typeof params.error === "string" ? params.error : undefined, t);
  const methods = signInMethods();
  const [localAccounts, identity, demoLogins] = await Promise.all([
    hasEnabledLocalAccounts(),
    sessionIdentity().catch(() => null),
    demoHintAllowed(env()) ? usableDemoLogins().catch(() => []) : [],
  ]);
  const a = t.auth;

  return (
    <div className="mx-auto max-w-sm py-10">
      <h1 className="text-2xl font-bold">{a.heading}</h1>
      {identity && (
        <p className="mt-2 text-sm text-slate-600" data-testid="signed-in-as">
          {a.signedInAs(identity.login)}
        </p>
      )}
      {error && (
        <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <SignInForm
        next={next}
        credentials={localAccounts}
        google={methods.google}
        oidc={methods.oidc ? methods.oidc.name : null}
        labels={{
          login: a.login,
          loginHint: a.loginHint,
          password: a.password,
          submit: a.submit,
          submitting: a.submitting,
          or: a.or,
          google: a.google,
          oidc: methods.oidc ? a.oidc(methods.oidc.name) : "",
          redirecting: a.redirecting,
        }}
      />
      {demoLogins.length > 0 && (
        <section
          aria-labelledby="demo-accounts"
          className="mt-6 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="demo-accounts"
        >
          <h2 id="demo-accounts" className="font-semibold">
            {a.demoTitle}
          </h2>
          <p className="mt-1">{a.demoBody(DEMO_PASSWORD)}</p>
          <ul className="mt-1 flex flex-wrap gap-x-3">
            {demoLogins.map((d) => (
              <li key={d.login}>
                <code className="font-mono">{d.login}</code> {a.demoRoles[d.login]}
              </li>
            ))}
          </ul>
        </section>
      )}
      {!localAccounts && !methods.google && !methods.oidc && <p className="mt-6 text-sm text-slate-600">{a.noMethods}</p>}
    </div>
  );
}
