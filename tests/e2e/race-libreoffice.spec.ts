/**
 * Issue 11, "never lose a saved edit": LibreOffice headless opens, edits,
 * inserts and sorts rows, saves and closes the workbook in a loop while two
 * `next start` servers take concurrent form submissions (visits and task
 * updates, some re-submitted). Every acknowledged write and every LibreOffice
 * save must be in the final file (read with exceljs and with the app's reader),
 * or — a write the person overwrote afterwards — on the conflict list; 操作日志
 * must hold one row per write. The driver is tests/support/race-driver.ts;
 * bench/race-libreoffice.ts runs it longer and on 40k rows.
 *
 * Its own project: `npx playwright test --project=race` (needs `npx next build`).
 * RACE_SECONDS sets how long the race runs (default 100), RACE_SEED its choices.
 */
import { expect, test } from "@playwright/test";
import path from "node:path";
import { rm } from "node:fs/promises";
import { seedWorkbook } from "../../seeds/seed";
import { libreOfficeAvailable, LIBREOFFICE_PACKAGES } from "../support/libreoffice";
import { RACE_TODAY, raceSummary, runLibreOfficeRace } from "../support/race-driver";

const BASE_PORT = Number(process.env.E2E_PORT ?? 3100);
const SECONDS = Number(process.env.RACE_SECONDS ?? 100);
const DIR = path.resolve(".tmp/race-e2e");

test("under LibreOffice saving the workbook in a loop, no acknowledged write and no LibreOffice save is lost", async ({}, testInfo) => {
  test.setTimeout((SECONDS + 150) * 1000);
  expect(libreOfficeAvailable(), `LibreOffice is needed: apt-get install -y ${LIBREOFFICE_PACKAGES}`).toBe(true);
  const workbook = path.join(DIR, "demo.xlsx");
  await rm(DIR, { recursive: true, force: true });
  await seedWorkbook({ file: workbook, year: 2026, today: RACE_TODAY, force: true, quiet: true });

  const report = await runLibreOfficeRace({
    workbook,
    dir: path.join(DIR, "run"),
    ports: [BASE_PORT + 50, BASE_PORT + 51],
    durationMs: SECONDS * 1000,
    ...(process.env.RACE_SEED && { seed: Number(process.env.RACE_SEED) }),
    log: (line) => console.log(line),
  });
  const summary = raceSummary(report);
  console.log(summary);
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
  if (!test.info().errors.length) await rm(DIR, { recursive: true, force: true });
});
