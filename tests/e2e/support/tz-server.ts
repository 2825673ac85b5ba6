/**
 * A DutyBoard server of its own for a test that needs the server's TZ set: `next start`
 * on the production build under a given TZ, on a freshly seeded workbook or (with the
 * Sheets API emulator in this process) a freshly seeded Google spreadsheet, with the
 * demo's local accounts. Ports and files are the caller's, so it never meets the suite's servers.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { GoogleStore } from "../../../lib/sheets/google-store";
import { startSheetsEmulator, type SheetsEmulator } from "../../../scripts/sheets-emulator/server";
import { XlsxStore } from "../../../lib/sheets/xlsx-store";
import { generateSampleData } from "../../../seeds/generate";
import { prepareE2eAuth } from "./auth-server";

export const TZ_TODAY = "2026-11-20";

export interface TzServer {
  baseUrl: string;
  /** The workbook file (xlsx backend). */
  file?: string;
  /** The emulator and spreadsheet (google backend). */
  emulator?: SheetsEmulator;
  spreadsheetId?: string;
  stop(): Promise<void>;
}

/** Variables of the suite's own servers that must not reach this one (its OIDC issuer's port above all). */
const NOT_INHERITED = [
  "E2E_OIDC_PORT",
  "OIDC_ISSUER",
  "OIDC_CLIENT_ID",
  "OIDC_CLIENT_SECRET",
  "SCREEN_LINK_SECRET",
  "DATA_FILE",
  "GOOGLE_SHEETS_ID",
  "SHEETS_EMULATOR_HOST",
  "SHEETS_BACKEND",
  "APP_TIME_ZONE",
];

async function waitForHealth(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${baseUrl}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server at ${baseUrl} did not start`);
}

export async function startTzServer(opts: {
  backend: "xlsx" | "google";
  tz: string;
  port: number;
  /** Google only: the emulator's port, and the spreadsheet's own zone. */
  emulatorPort?: number;
  spreadsheetTimeZone?: string;
  dir: string;
}): Promise<TzServer> {
  const dir = path.resolve(opts.dir);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: opts.tz, PORT: String(opts.port), DUTYBOARD_TODAY: TZ_TODAY, NODE_ENV: "production" };
  for (const key of NOT_INHERITED) delete env[key];
  Object.assign(env, await prepareE2eAuth({ accountsFile: path.join(dir, "accounts.json"), baseUrl }));

  let emulator: SheetsEmulator | undefined;
  let spreadsheetId: string | undefined;
  let file: string | undefined;
  if (opts.backend === "google") {
    emulator = await startSheetsEmulator({ host: "127.0.0.1", port: opts.emulatorPort ?? 0 });
    spreadsheetId = `dutyboard-tz-${Date.now().toString(36)}`;
    emulator.loadSpreadsheet({ spreadsheetId, title: "DutyBoard tz", timeZone: opts.spreadsheetTimeZone ?? "Asia/Shanghai", sheets: [{ title: "工作表1" }] });
    await new GoogleStore({ spreadsheetId, emulatorHost: emulator.host }).create(generateSampleData({ year: 2026, today: TZ_TODAY }));
    Object.assign(env, { SHEETS_BACKEND: "google", SHEETS_EMULATOR_HOST: emulator.host, GOOGLE_SHEETS_ID: spreadsheetId });
  } else {
    file = path.join(dir, "dutyboard.xlsx");
    // As `npm run seed` writes it, in this process's zone (the runner's): the times are wall clock either way.
    await new XlsxStore(file, { backups: 0 }).create(generateSampleData({ year: 2026, today: TZ_TODAY }));
    env.DATA_FILE = file;
  }
  const next = path.resolve("node_modules/next/dist/bin/next");
  const child = spawn(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", String(opts.port)], { env, stdio: ["ignore", "ignore", "inherit"] });
  try {
    await waitForHealth(baseUrl, child);
  } catch (e) {
    child.kill("SIGTERM");
    await emulator?.close();
    throw e;
  }
  return {
    baseUrl,
    ...(file && { file }),
    ...(emulator && { emulator, spreadsheetId }),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      await emulator?.close();
    },
  };
}
