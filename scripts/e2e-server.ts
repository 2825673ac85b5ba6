/**
 * The servers the end-to-end tests run against: one `next start` per
 * Playwright worker (tests/e2e/support/instances.ts: E2E_INSTANCES, instance i
 * on E2E_PORT + 10·i), each on its own copy of one freshly seeded demo
 * workbook and of the demo's local accounts (same session secret), and one
 * OpenID Connect issuer on loopback (when E2E_OIDC_PORT is set) that knows
 * every instance's callback. Prints "e2e servers ready" once every instance
 * answers; Playwright waits for that line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFile, mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { localSecretFile } from "../lib/auth/secret";
import { envValue } from "../lib/env";
import { seedWorkbook } from "../seeds/seed";
import { startTestIssuer } from "../tests/e2e/support/auth-oidc-server";
import { prepareE2eAuth } from "../tests/e2e/support/auth-server";
import { allInstances, E2E_ROOT } from "../tests/e2e/support/instances";

const year = Number(envValue("E2E_YEAR") ?? 2026);
const today = envValue("DUTYBOARD_TODAY") ?? `${year}-11-20`;

async function waitForHealth(baseUrl: string, child: ChildProcess) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start for ${baseUrl} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${baseUrl}/api/health did not answer`);
}

const children: ChildProcess[] = [];
let stopping = false;
function stop() {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
}

async function main() {
  const instances = allInstances();
  const [first] = instances;
  if (!first) throw new Error("E2E_INSTANCES must be at least 1");
  await rm(E2E_ROOT, { recursive: true, force: true });
  // Seed once, then copy: every instance starts from the same bytes.
  await seedWorkbook({ file: first.dataFile, year, today, force: true, quiet: true });
  const authEnv = await prepareE2eAuth({ accountsFile: first.accountsFile, baseUrl: first.baseURL });
  for (const other of instances.slice(1)) {
    await mkdir(other.dir, { recursive: true });
    await copyFile(first.dataFile, other.dataFile);
    await copyFile(first.accountsFile, other.accountsFile);
    await copyFile(localSecretFile(first.accountsFile), localSecretFile(other.accountsFile));
  }
  const oidcPort = envValue("E2E_OIDC_PORT");
  const issuer = oidcPort
    ? await startTestIssuer({
        port: Number(oidcPort),
        clientId: envValue("OIDC_CLIENT_ID") ?? "dutyboard-e2e",
        clientSecret: envValue("OIDC_CLIENT_SECRET") ?? "dutyboard-e2e-secret",
        redirectUris: instances.map((i) => `${i.baseURL}/api/auth/callback/oidc`),
      })
    : undefined;
  const next = path.resolve("node_modules/next/dist/bin/next");
  for (const instance of instances) {
    // DUTYBOARD_DEMO: like the demo's server, this one may name the demo logins on its sign-in page.
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...authEnv,
      ACCOUNTS_FILE: instance.accountsFile,
      NEXTAUTH_URL: instance.baseURL,
      DATA_FILE: instance.dataFile,
      PORT: String(instance.port),
      DUTYBOARD_DEMO: "1",
    };
    delete childEnv.SCREEN_LINK_SECRET;
    children.push(spawn(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", String(instance.port)], { stdio: "inherit", env: childEnv }));
  }
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // One instance gone takes the others (and the issuer) with it.
  let left = children.length;
  for (const child of children) {
    child.on("exit", (code) => {
      if (!stopping) stop();
      left -= 1;
      if (left === 0) void (issuer?.close() ?? Promise.resolve()).finally(() => process.exit(code ?? 0));
    });
  }
  await Promise.all(instances.map((instance, i) => waitForHealth(instance.baseURL, children[i] as ChildProcess)));
  console.log(`e2e servers ready: ${instances.map((i) => i.baseURL).join(" ")}`);
}

main().catch((e: unknown) => {
  console.error(e);
  stop();
  process.exit(1);
});
