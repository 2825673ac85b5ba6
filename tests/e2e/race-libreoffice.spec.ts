/**
 * Issue 11, "never lose a saved edit": LibreOffice headless opens, edits,
 * inserts and sorts rows, saves and closes the workbook in a loop while two
 * `next start` servers take concurrent form submissions (visits and task
 * updates, some re-submitted). Every acknowledged write and every LibreOffice
 * save must be in the final file (read with exceljs and with the app's reader),
 * or — a write the person overwrote afterwards — on the conflict list; 操作日志
 * must hold one row per write. The driver is tests/support/race-driver.ts, run
 * here through tests/support/race-run.ts; bench/race-libreoffice.ts runs it
 * longer and on 40k rows.
 *
 * Its own project: `npx playwright test --project=race` (needs `npx next build`).
 * Servers on $E2E_PORT+50 and +51. RACE_SECONDS sets how long the race runs
 * (default 170: about 3.5 minutes in all), RACE_SEED its choices.
 */
import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { RaceReport } from "../support/race-driver";

const BASE_PORT = Number(process.env.E2E_PORT ?? 3100);
const SECONDS = Number(process.env.RACE_SECONDS ?? 170);
const DIR = path.resolve(".tmp/race-e2e");

function runRace(reportFile: string): Promise<string> {
  const args = [
    "--import",
    "tsx",
    "tests/support/race-run.ts",
    "--dir",
    DIR,
    "--ports",
    `${BASE_PORT + 50},${BASE_PORT + 51}`,
    "--seconds",
    String(SECONDS),
    "--report",
    reportFile,
  ];
  if (process.env.RACE_SEED) args.push("--seed", process.env.RACE_SEED);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (d: Buffer) => {
      output += d.toString();
      process.stdout.write(d);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`the race did not finish (exit ${code}):\n${output.slice(-6000)}`))));
  });
}

test("under LibreOffice saving the workbook in a loop, no acknowledged write and no LibreOffice save is lost", async ({}, testInfo) => {
  test.setTimeout((SECONDS + 180) * 1000);
  await rm(DIR, { recursive: true, force: true });
  const reportFile = testInfo.outputPath("race-report.json");
  await runRace(reportFile);
  const report = JSON.parse(await readFile(reportFile, "utf8")) as RaceReport & { summary: string };
  const { summary } = report;
  await testInfo.attach("race-summary.txt", { body: summary, contentType: "text/plain" });

  // The race happened: both sides worked, and LibreOffice made its real lock file.
  expect(report.saves.length, summary).toBeGreaterThan(0);
  expect(report.writes.length, summary).toBeGreaterThan(0);
  expect(report.lockFileSeen, "LibreOffice never created .~lock.dutyboard.xlsx#").toBe(true);
  // The two readers agree on what is in the file.
  expect.soft(report.readerDisagreements, summary).toEqual([]);
  // Nothing lost, of either kind; one 操作日志 row per acknowledged write.
  expect.soft(report.lostWrites, `acknowledged writes lost\n${summary}`).toEqual([]);
  expect.soft(report.lostSaves, `LibreOffice saves lost\n${summary}`).toEqual([]);
  expect.soft(report.auditProblems, `操作日志 rows\n${summary}`).toEqual([]);
  if (testInfo.errors.length === 0) await rm(DIR, { recursive: true, force: true });
});
