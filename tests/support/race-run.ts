/**
 * One LibreOffice race on a freshly seeded demo workbook, as a command, so the
 * Playwright spec can run it under tsx (the driver and the LibreOffice helper
 * are ES modules; Playwright compiles specs to CommonJS):
 *
 *   node --import tsx tests/support/race-run.ts --dir DIR --ports 4350,4351 --seconds 100 [--seed N] --report FILE
 *
 * Writes the RaceReport, with its printed summary, as JSON to FILE.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { seedWorkbook } from "../../seeds/seed";
import { RACE_TODAY, raceSummary, runLibreOfficeRace } from "./race-driver";

async function main() {
  const { values } = parseArgs({
    options: {
      dir: { type: "string" },
      ports: { type: "string" },
      seconds: { type: "string", default: "100" },
      seed: { type: "string" },
      report: { type: "string" },
    },
  });
  if (!values.dir || !values.ports || !values.report) throw new Error("race-run needs --dir, --ports and --report");
  const ports = values.ports.split(",").map(Number);
  if (ports.length !== 2 || ports.some((p) => !Number.isInteger(p) || p <= 0)) throw new Error(`--ports is two port numbers, not ${values.ports}`);
  const dir = path.resolve(values.dir);
  await mkdir(dir, { recursive: true });
  const workbook = path.join(dir, "demo.xlsx");
  await seedWorkbook({ file: workbook, year: 2026, today: RACE_TODAY, force: true, quiet: true });
  const report = await runLibreOfficeRace({
    workbook,
    dir: path.join(dir, "run"),
    ports: [ports[0]!, ports[1]!],
    durationMs: Number(values.seconds) * 1000,
    // Long enough between sittings for writes to land (a sitting on the demo workbook takes 2–5 s here).
    libreOfficePauseMs: [2000, 6000],
    postersPerServer: 3,
    ...(values.seed && { seed: Number(values.seed) }),
    log: (line) => console.log(line),
  });
  const summary = raceSummary(report);
  console.log(summary);
  await writeFile(values.report, JSON.stringify({ ...report, summary }, null, 1));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
