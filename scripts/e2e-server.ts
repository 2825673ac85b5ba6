/**
 * The server the end-to-end tests run against: a freshly seeded demo
 * workbook with the demo's local accounts, an OpenID Connect issuer on
 * loopback (when E2E_OIDC_PORT is set), then `next start` on the production build.
 */
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { envValue } from "../lib/env";
import { seedWorkbook } from "../seeds/seed";
import { prepareE2eAuth } from "../tests/e2e/support/auth-server";
import { startTestIssuer } from "../tests/e2e/support/auth-oidc-server";

const file = path.resolve(envValue("DATA_FILE") ?? ".tmp/e2e/dutyboard.xlsx");
const year = Number(envValue("E2E_YEAR") ?? 2026);
const today = envValue("DUTYBOARD_TODAY") ?? `${year}-11-20`;

async function main() {
  await rm(path.dirname(file), { recursive: true, force: true });
  await seedWorkbook({ file, year, today, force: true, quiet: true });
  const port = envValue("PORT") ?? "3100";
  const baseUrl = `http://127.0.0.1:${port}`;
  const authEnv = await prepareE2eAuth({ accountsFile: path.resolve(envValue("ACCOUNTS_FILE") ?? path.join(path.dirname(file), "accounts.json")), baseUrl });
  const oidcPort = envValue("E2E_OIDC_PORT");
  const issuer = oidcPort
    ? await startTestIssuer({
        port: Number(oidcPort),
        clientId: envValue("OIDC_CLIENT_ID") ?? "dutyboard-e2e",
        clientSecret: envValue("OIDC_CLIENT_SECRET") ?? "dutyboard-e2e-secret",
        redirectUri: `${baseUrl}/api/auth/callback/oidc`,
      })
    : undefined;
  const next = path.resolve("node_modules/next/dist/bin/next");
  // DUTYBOARD_DEMO: like the demo's server, this one may name the demo logins on its sign-in page.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...authEnv, DUTYBOARD_DEMO: "1" };
  delete childEnv.SCREEN_LINK_SECRET;
  const child = spawn(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", port], { stdio: "inherit", env: childEnv });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => {
    void (issuer?.close() ?? Promise.resolve()).finally(() => process.exit(code ?? 0));
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
