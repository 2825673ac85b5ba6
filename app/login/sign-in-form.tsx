"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

interface Labels {
  login: string;
  loginHint: string;
  password: string;
  submit: string;
  submitting: string;
  or: string;
  google: string;
  oidc: string;
  redirecting: string;
}

/**
 * The enabled sign-in methods. A failed password sign-in comes back as
 * `/login?error=…`, so the server page words every message in one place.
 */
export function SignInForm({
  next,
  credentials,
  google,
  oidc,
  labels,
}: {
  next: string;
  credentials: boolean;
  google: boolean;
  oidc: string | null;
  labels: Labels;
}) {
  const router = useRouter();
  const [pending, setPending] = useState<"credentials" | "google" | "oidc" | null>(null);
  const [password, setPassword] = useState("");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending("credentials");
    try {
      const result = await signIn("credentials", {
        login: String(form.get("login") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
        callbackUrl: next,
      });
      if (result?.ok && !result.error) {
        window.location.assign(next);
        return;
      }
      setPassword("");
      router.replace(`/login?${new URLSearchParams({ next, error: result?.error ?? "default" }).toString()}`);
    } catch {
      router.replace(`/login?${new URLSearchParams({ next, error: "default" }).toString()}`);
    }
    setPending(null);
  }

  async function external(provider: "google" | "oidc") {
    setPending(provider);
    await signIn(provider, { callbackUrl: next });
  }

  const others = [google && "google", oidc && "oidc"].filter(Boolean);
  return (
    <div className="mt-6 space-y-4">
      {credentials && (
        <form onSubmit={submit} className="card space-y-3 p-5" aria-label={labels.submit}>
          <label className="block text-sm">
            <span className="text-slate-700">{labels.login}</span>
            <input
              name="login"
              autoComplete="username"
              required
              placeholder={labels.loginHint}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
            />
          </label>
          <label className="block text-sm">
            <span className="text-slate-700">{labels.password}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2"
            />
          </label>
          <button type="submit" disabled={pending !== null} className="w-full rounded-md bg-brand-700 px-4 py-2 font-medium text-white disabled:opacity-60">
            {pending === "credentials" ? labels.submitting : labels.submit}
          </button>
        </form>
      )}
      {credentials && others.length > 0 && <p className="text-center text-sm text-slate-500">{labels.or}</p>}
      {google && (
        <button
          type="button"
          onClick={() => external("google")}
          disabled={pending !== null}
          className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60"
        >
          {pending === "google" ? labels.redirecting : labels.google}
        </button>
      )}
      {oidc && (
        <button
          type="button"
          onClick={() => external("oidc")}
          disabled={pending !== null}
          className="w-full rounded-md border border-slate-300 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60"
        >
          {pending === "oidc" ? labels.redirecting : labels.oidc}
        </button>
      )}
    </div>
  );
}
