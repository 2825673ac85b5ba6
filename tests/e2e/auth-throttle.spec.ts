/**
 * Sign-in throttling against a real server: the address is the socket's, so a
 * spoofed X-Forwarded-For counts as one address unless TRUSTED_PROXIES names
 * the proxy; the counters are in a file, so a restarted server still knows
 * them. Its own servers, with one failure per login before delays and so four
 * per address, on a copy of the served workbook.
 */
import { expect, test, type APIRequestContext } from "./support/fixtures";
import { copyFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { DEMO_PASSWORD, SIGNED_OUT } from "./support/auth";
import { OWN_BASE, startOwnServer, stopOwnServer } from "./support/own-server";
import { workbookFile } from "./support/workbook";

const ROOT = path.resolve(".tmp/e2e-throttle");
const LIMITS = { SIGN_IN_MAX_FAILURES: "1", SIGN_IN_WINDOW_SECONDS: "120" };

test.describe.configure({ mode: "serial" });
test.use({ storageState: SIGNED_OUT });

async function freshDir(name: string): Promise<string> {
  const dir = path.join(ROOT, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await copyFile(workbookFile, path.join(dir, "dutyboard.xlsx"));
  return dir;
}

/** One sign-in through next-auth's credentials callback; the error code, or null when signed in. */
async function attempt(api: APIRequestContext, login: string, password: string, forwardedFor: string): Promise<string | null> {
  const { csrfToken } = (await (await api.get(`${OWN_BASE}/api/auth/csrf`)).json()) as { csrfToken: string };
  const res = await api.post(`${OWN_BASE}/api/auth/callback/credentials`, {
    form: { csrfToken, login, password, json: "true", callbackUrl: `${OWN_BASE}/` },
    // A client naming any address it likes, and trying to forge the server's own stamp too.
    headers: { "x-forwarded-for": forwardedFor, "x-dutyboard-socket-address": forwardedFor },
    maxRedirects: 0,
  });
  const { url } = (await res.json()) as { url: string };
  return new URL(url).searchParams.get("error");
}

/** Four failures, each from a different claimed address and for a different login. */
async function spoofedFailures(api: APIRequestContext) {
  for (let i = 0; i < 4; i++) expect(await attempt(api, `ghost${i}`, "wrong-password", `198.51.100.${i}`)).toMatch(/^(CredentialsSignin|SignInLocked:\d+)$/u);
}

test("without TRUSTED_PROXIES, spoofed X-Forwarded-For addresses are one address, and a restarted server still counts them", async ({ playwright }) => {
  test.setTimeout(120_000);
  const dir = await freshDir("untrusted");
  let server = await startOwnServer(dir, LIMITS);
  try {
    const api = await playwright.request.newContext();
    await spoofedFailures(api);
    // The socket (127.0.0.1) has failed four times, whatever the header said: refused, even the right password.
    expect(await attempt(api, "leader", DEMO_PASSWORD, "203.0.113.77")).toMatch(/^SignInLocked:\d+$/u);

    await stopOwnServer(server);
    server = await startOwnServer(dir, LIMITS);
    // A new process reads the same counters beside the accounts file.
    expect(await attempt(api, "leader", DEMO_PASSWORD, "203.0.113.78")).toMatch(/^SignInLocked:\d+$/u);
    await api.dispose();
  } finally {
    await stopOwnServer(server);
  }
});

test("behind a trusted proxy, each forwarded client is its own address", async ({ playwright }) => {
  test.setTimeout(120_000);
  const dir = await freshDir("trusted");
  const server = await startOwnServer(dir, { ...LIMITS, TRUSTED_PROXIES: "127.0.0.1" });
  try {
    const api = await playwright.request.newContext();
    await spoofedFailures(api);
    // Four clients failed once each: a fifth signs in.
    expect(await attempt(api, "leader", DEMO_PASSWORD, "203.0.113.77")).toBeNull();
    await api.dispose();
  } finally {
    await stopOwnServer(server);
  }
});
