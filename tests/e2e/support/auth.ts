/**
 * Signing in for the end-to-end tests: the demo's local accounts (one per
 * role), the browser states saved once per role by auth-setup.ts, and
 * meeting-screen links made with the test server's own secret.
 */
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import path from "node:path";
import { DEMO_PASSWORD } from "../../../lib/auth/demo-accounts";
import { createScreenLink, screenLinksFile } from "../../../lib/auth/screen-links";
import { localSecretFile, readLocalSecret, screenLinkKey } from "../../../lib/auth/secret";
import { E2E_AUTH_DIR } from "../../../playwright.config";
import { workerInstance } from "./instances";

export const ROLES = ["admin", "leader", "unit", "viewer"] as const;
export type DemoRole = (typeof ROLES)[number];
export { DEMO_PASSWORD };

/** This worker's app instance (instances.ts): its address and its accounts file, beside which the secret and screen links live. */
export const E2E_BASE_URL = workerInstance().baseURL;
const E2E_ACCOUNTS_FILE = workerInstance().accountsFile;

/** What the user menu says for each demo login (the seeded 用户 tab). */
export const ROLE_LABELS: Record<DemoRole, string> = { admin: "管理员", leader: "领导", unit: "单位 · 经棚镇", viewer: "查看" };

export function storageStateOf(role: DemoRole): string {
  return path.join(E2E_AUTH_DIR, `${role}.json`);
}

/** No cookies at all: for `test.use({ storageState: SIGNED_OUT })`. */
export const SIGNED_OUT = { cookies: [], origins: [] };

/** Fills the sign-in page's password form and waits until it has left the page. */
export async function signInWithPassword(page: Page, login: string, password = DEMO_PASSWORD, next = "/") {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("账号", { exact: true }).fill(login);
  await page.getByLabel("密码", { exact: true }).fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/login", { waitUntil: "commit" });
}

/** An HTTP client signed in as a role (or signed out), for status-code checks. */
export async function apiAs(role: DemoRole | "signed-out"): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: E2E_BASE_URL, storageState: role === "signed-out" ? SIGNED_OUT : storageStateOf(role) });
}

/** The test server's screen-link key (from the secret it keeps beside its accounts file). */
export function testScreenKey(): Buffer {
  const secret = readLocalSecret(localSecretFile(E2E_ACCOUNTS_FILE));
  if (!secret) throw new Error("the e2e server has not written its secret yet");
  return screenLinkKey(secret);
}

export const E2E_SCREEN_LINKS_FILE = screenLinksFile(E2E_ACCOUNTS_FILE);

/** A link registered on disk as the CLI would make it; `now` in the past makes an expired one. */
export async function makeScreenLink(opts: { days?: number; note?: string; now?: Date } = {}) {
  return createScreenLink(
    { days: opts.days ?? 1, note: opts.note ?? "e2e", createdBy: "e2e" },
    { key: testScreenKey(), file: E2E_SCREEN_LINKS_FILE, ...(opts.now && { now: opts.now }) },
  );
}

/** Expects a redirect to the sign-in page that comes back to `next`. */
export function expectLoginRedirect(response: { status(): number; headers(): Record<string, string> }, next: string) {
  expect(response.status()).toBe(307);
  const location = new URL(response.headers().location ?? "", E2E_BASE_URL);
  expect(location.pathname).toBe("/login");
  expect(location.searchParams.get("next")).toBe(next);
}
