/**
 * The server the end-to-end tests run against: a freshly seeded demo
 * workbook, then `next start` on the production build.
 */
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { seedWorkbook } from "../seeds/seed";

const file = path.resolve(process.env.DATA_FILE ?? ".tmp/e2e/dutyboard.xlsx");
const year = Number(process.env.E2E_YEAR ?? 2026);
const today = process.env.DUTYBOARD_TODAY ?? `${year}-11-20`;

async function main() {
  await rm(path.dirname(file), { recursive: true, force: true });
  await seedWorkbook({ file, year, today, force: true, quiet: true });
  const next = path.resolve("node_modules/next/dist/bin/next");
  const child = spawn(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", process.env.PORT ?? "3100"], {
    stdio: "inherit",
    env: process.env,
  });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
