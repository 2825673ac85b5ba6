/**
 * The server the Google end-to-end tests run against: the Sheets API emulator
 * in-process on a fixed port, a spreadsheet seeded with the same sample year
 * as the workbook tests (written through GoogleStore, as `npm run seed --
 * --backend google` does), the demo's local accounts, then `next start` with
 * SHEETS_BACKEND=google.
 *
 * The spreadsheet ID is new on every start: Next's data cache lives on disk
 * (.next/cache) and outlives the server, so a fixed ID would let the first page
 * show what a previous run left there. Tests ask the emulator for the ID.
 */
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { envValue } from "../lib/env";
import { GoogleStore } from "../lib/sheets/google-store";
import { generateSampleData } from "../seeds/generate";
import { prepareE2eAuth } from "../tests/e2e/support/auth-server";
import { GOOGLE_E2E_ACCOUNTS_FILE, GOOGLE_E2E_DIR, GOOGLE_E2E_EMULATOR_PORT, GOOGLE_E2E_PORT } from "../tests/e2e/support/google-env";
import { startSheetsEmulator } from "./sheets-emulator/server";

const year = Number(envValue("E2E_YEAR") ?? 2026);
const today = envValue("DUTYBOARD_TODAY") ?? `${year}-11-20`;

async function main() {
  await rm(GOOGLE_E2E_DIR, { recursive: true, force: true });
  const emulator = await startSheetsEmulator({ host: "127.0.0.1", port: GOOGLE_E2E_EMULATOR_PORT });
  const spreadsheetId = `dutyboard-e2e-${Date.now().toString(36)}`;
  emulator.loadSpreadsheet({ spreadsheetId, title: "DutyBoard e2e", timeZone: "Asia/Shanghai", sheets: [{ title: "工作表1" }] });
  await new GoogleStore({ spreadsheetId, emulatorHost: emulator.host }).create(generateSampleData({ year, today }));
  emulator.resetStats();

  const port = String(GOOGLE_E2E_PORT);
  const authEnv = await prepareE2eAuth({ accountsFile: GOOGLE_E2E_ACCOUNTS_FILE, baseUrl: `http://127.0.0.1:${port}` });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...authEnv,
    SHEETS_BACKEND: "google",
    SHEETS_EMULATOR_HOST: emulator.host,
    GOOGLE_SHEETS_ID: spreadsheetId,
  };
  for (const key of ["DATA_FILE", "GOOGLE_SERVICE_ACCOUNT_JSON", "GOOGLE_APPLICATION_CREDENTIALS", "SCREEN_LINK_SECRET"]) delete env[key];
  const next = path.resolve("node_modules/next/dist/bin/next");
  const child = spawn(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", port], { stdio: "inherit", env });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => {
    void emulator.close().finally(() => process.exit(code ?? 0));
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
