import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { oidcLogin, signInMethods } from "@/lib/auth/options";
import { authSecret, ensureLocalSecret, MissingSecretError, readLocalSecret } from "@/lib/auth/secret";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dutyboard-auth-env-"));
  return () => rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

function withEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  resetEnvForTests();
}

describe("which sign-in methods are enabled", () => {
  it("local accounts always; Google and OpenID Connect only when configured", () => {
    withEnv({ GOOGLE_CLIENT_ID: undefined, GOOGLE_CLIENT_SECRET: undefined, OIDC_ISSUER: undefined, OIDC_CLIENT_ID: undefined, OIDC_CLIENT_SECRET: undefined });
    expect(signInMethods()).toEqual({ credentials: true, google: false, oidc: false });
    withEnv({
      GOOGLE_CLIENT_ID: "id",
      GOOGLE_CLIENT_SECRET: "secret",
      OIDC_ISSUER: "https://sso.example.org/realms/x",
      OIDC_CLIENT_ID: "c",
      OIDC_CLIENT_SECRET: "s",
      OIDC_NAME: "单位统一认证",
    });
    expect(signInMethods()).toEqual({ credentials: true, google: true, oidc: { name: "单位统一认证" } });
  });
});

describe("the login an OpenID Connect identity signs in as", () => {
  it("is the e-mail unless marked unverified, else the user name", () => {
    expect(oidcLogin({ sub: "1", email: "Zhang@Example.org", email_verified: true })).toBe("zhang@example.org");
    expect(oidcLogin({ sub: "1", email: "zhang@example.org" })).toBe("zhang@example.org");
    expect(oidcLogin({ sub: "1", email: "zhang@example.org", email_verified: false, preferred_username: "zhangwei" })).toBe("zhangwei");
    expect(oidcLogin({ sub: "1" })).toBeUndefined();
  });
});

describe("the session secret", () => {
  it("is required in production", () => {
    withEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: undefined, ACCOUNTS_FILE: path.join(dir, "prod", "accounts.json") });
    expect(() => authSecret()).toThrow(MissingSecretError);
    withEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32) });
    expect(authSecret()).toBe("x".repeat(32));
  });

  it("outside production, is generated once into a file beside the accounts file and then reused", () => {
    withEnv({ NODE_ENV: "development", NEXTAUTH_SECRET: undefined, ACCOUNTS_FILE: path.join(dir, "dev", "accounts.json") });
    const first = authSecret();
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readLocalSecret(path.join(dir, "dev", ".secret"))).toBe(first);
    expect(authSecret()).toBe(first);
    expect(ensureLocalSecret(path.join(dir, "dev", ".secret"))).toBe(first);
  });
});

describe("the session secret's length", () => {
  it("is checked at the 32 characters its message asks for", () => {
    withEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(31) });
    // Reported as every bad variable is (lib/env.ts): named, with what it expects, in Chinese and English.
    expect(() => authSecret()).toThrow(/NEXTAUTH_SECRET: .*至少 32 个字符[\s\S]*NEXTAUTH_SECRET: .*at least 32 characters/u);
    withEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(32) });
    expect(authSecret()).toBe("x".repeat(32));
  });
});
