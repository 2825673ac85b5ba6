/**
 * What the Google benchmarks run against: the Sheets API emulator in this
 * process, a spreadsheet seeded with the sample year through GoogleStore, and
 * the production build under `next start` with SHEETS_BACKEND=google, signed
 * in as the demo admin. Also starts the tutorial-pattern baseline server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { columnLetter } from "../../lib/schema/cells";
import { GoogleStore } from "../../lib/sheets/google-store";
import { startSheetsEmulator, type SheetsEmulator } from "../../scripts/sheets-emulator/server";
import { generateSampleData } from "../../seeds/generate";
import { DEMO_PASSWORD } from "../../lib/auth/demo-accounts";
import { prepareE2eAuth } from "../../tests/e2e/support/auth-server";
import { ROOT } from "./googleapis-baseline";

export const BENCH_YEAR = 2026;
export const BENCH_TODAY = "2026-11-20";
export const REVALIDATE_SECRET = "bench-revalidate-secret-0123456789";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns a server and waits until `readyPath` answers 200; its output goes to `log` lines prefixed by `name` only on failure. */
async function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, port: number, readyPath: string): Promise<ChildServer> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  child.stderr?.on("data", (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}${readyPath}`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not answer ${readyPath} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, process: child, stop };
}

/** The environment a server needs to reach the emulator, without whatever the caller's shell says about sheets. */
function googleEnv(emulator: SheetsEmulator, spreadsheetId: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["DATA_FILE", "GOOGLE_SERVICE_ACCOUNT_JSON", "GOOGLE_APPLICATION_CREDENTIALS", "ADMIN_LOGINS"]) delete env[key];
  return {
    ...env,
    SHEETS_BACKEND: "google",
    SHEETS_EMULATOR_HOST: emulator.host,
    GOOGLE_SHEETS_ID: spreadsheetId,
    DUTYBOARD_TODAY: BENCH_TODAY,
    REVALIDATE_SECRET,
  };
}

/** Signs in through next-auth's credentials callback, as the sign-in form does; returns the Cookie header. */
async function signIn(baseUrl: string, login: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  keep(csrf);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, login, password, json: "true" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`signing in as ${login} failed: HTTP ${res.status}`);
  return cookie();
}

export interface GoogleApp {
  emulator: SheetsEmulator;
  spreadsheetId: string;
  app: ChildServer;
  /** Headers a signed-in admin's browser would send. */
  headers: Record<string, string>;
  startBaseline(): Promise<ChildServer>;
  stop(): Promise<void>;
}

export async function startGoogleApp(options: { latencyMs?: number; name: string }): Promise<GoogleApp> {
  if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("no production build: run `npx next build` first");
  const emulator = await startSheetsEmulator({ host: "127.0.0.1", port: 0 });
  const children: ChildServer[] = [];
  const stop = async () => {
    await Promise.all(children.map((c) => c.stop()));
    await emulator.close();
  };
  try {
    // A new ID every run: Next's data cache is on disk and outlives the server.
    const spreadsheetId = `bench-${options.name}-${Date.now().toString(36)}`;
    emulator.loadSpreadsheet({ spreadsheetId, title: `DutyBoard bench ${options.name}`, timeZone: "Asia/Shanghai", sheets: [{ title: "工作表1" }] });
    await new GoogleStore({ spreadsheetId, emulatorHost: emulator.host }).create(generateSampleData({ year: BENCH_YEAR, today: BENCH_TODAY }));
    emulator.configure({ latencyMs: options.latencyMs ?? 0 });

    const dir = path.join(ROOT, ".tmp/bench", options.name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const authEnv = await prepareE2eAuth({ accountsFile: path.join(dir, "accounts.json"), baseUrl });
    const env = { ...googleEnv(emulator, spreadsheetId), ...authEnv, PORT: String(port) };
    const next = path.join(ROOT, "node_modules/next/dist/bin/next");
    const app = await startChild("next start", [next, "start", "-H", "127.0.0.1", "-p", String(port)], env, port, "/api/health");
    children.push(app);
    // Sign in only where the build has sign-in (it answers the overview with a redirect).
    const open = await fetch(`${baseUrl}/`, { redirect: "manual" });
    await open.text();
    const headers: Record<string, string> = open.status === 200 ? {} : { cookie: await signIn(baseUrl, "admin", DEMO_PASSWORD) };

    return {
      emulator,
      spreadsheetId,
      app,
      headers,
      async startBaseline() {
        const basePort = await freePort();
        const tsx = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
        const server = await startChild(
          "naive baseline",
          [tsx, path.join(ROOT, "bench/support/naive-baseline-server.ts")],
          { ...googleEnv(emulator, spreadsheetId), PORT: String(basePort) },
          basePort,
          "/api/health",
        );
        children.push(server);
        return server;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The 1-based row and the column letter of a header's cell for the `offset`-th data row, found as the app finds headers. */
export function cellOf(emulator: SheetsEmulator, spreadsheetId: string, sheet: string, header: string, offset = 1): { cell: string; value: unknown } {
  const rows = emulator.dumpSpreadsheet(spreadsheetId).sheets.find((s) => s.title === sheet)?.rows ?? [];
  for (let r = 0; r < Math.min(rows.length, 10); r++) {
    const col = (rows[r] ?? []).findIndex((v) => String(v ?? "").trim() === header);
    if (col >= 0) {
      return { cell: `${columnLetter(col)}${r + 1 + offset}`, value: rows[r + offset]?.[col] };
    }
  }
  throw new Error(`no header ${header} in ${sheet}`);
}

/** The A1 address of a 设置 key's value cell. */
export function settingCell(app: Pick<GoogleApp, "emulator" | "spreadsheetId">, key: string): string {
  const rows = app.emulator.dumpSpreadsheet(app.spreadsheetId).sheets.find((s) => s.title === "设置")?.rows ?? [];
  const header = rows.findIndex((r) => r.includes("键"));
  const keyCol = rows[header]?.indexOf("键") ?? -1;
  const valueCol = rows[header]?.indexOf("值") ?? -1;
  const row = rows.findIndex((r, i) => i > header && r[keyCol] === key);
  if (header < 0 || keyCol < 0 || valueCol < 0 || row < 0) throw new Error(`no setting ${key} in 设置`);
  return `${columnLetter(valueCol)}${row + 1}`;
}
