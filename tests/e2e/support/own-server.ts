/**
 * A `next start` of the production build with an environment of its own, on a
 * port of its own (E2E_OWN_PORT + the worker's index, default 4450), for specs that need a server
 * the shared one cannot be: a broken workbook, a different sign-in setup.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { prepareE2eAuth } from "./auth-server";
import { workerInstance } from "./instances";

/** Each worker's own: two specs in two workers may each run one at the same time. */
export const OWN_PORT = workerInstance().ownPort;
export const OWN_BASE = `http://127.0.0.1:${OWN_PORT}`;

/** Starts the server on `dir`/dutyboard.xlsx with the demo accounts in `dir`; resolves once it answers. */
export async function startOwnServer(dir: string, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  const authEnv = await prepareE2eAuth({ accountsFile: path.join(dir, "accounts.json"), baseUrl: OWN_BASE });
  const next = path.resolve("node_modules/next/dist/bin/next");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...authEnv,
    DATA_FILE: path.join(dir, "dutyboard.xlsx"),
    DUTYBOARD_TODAY: "2026-11-20",
    PORT: String(OWN_PORT),
    ...extraEnv,
  };
  delete env.SCREEN_LINK_SECRET;
  delete env.OIDC_ISSUER;
  const child = spawn(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", String(OWN_PORT)], { env, stdio: ["ignore", "ignore", "inherit"] });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      await fetch(`${OWN_BASE}/api/health`);
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  child.kill("SIGTERM");
  throw new Error("next start did not answer");
}

export async function stopOwnServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}
