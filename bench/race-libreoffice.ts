/**
 * The LibreOffice race (issue 11), longer than the test suite runs it and on a
 * big workbook: LibreOffice opens, edits, inserts and sorts rows, saves and
 * closes in a loop while two `next start` servers take concurrent visits and
 * task updates (some re-submitted). Counts every acknowledged write and every
 * LibreOffice save in the final file; see tests/support/race-driver.ts.
 *
 *   npx next build && npx tsx bench/race-libreoffice.ts [--workbook demo|40000] [--seconds 300] [--runs 1] [--posters 2] [--seed N]
 *     [--pause-from 15 --pause-to 45]
 *
 * The pause is the person's, in seconds, between LibreOffice sittings on the big
 * workbook (a sitting there takes 20–35 s; with short pauses LibreOffice holds
 * the file nearly all the time and every web write is refused as locked).
 *
 * `--workbook 40000` is the sample year with 40,000 visits and 1,000 tasks
 * (bench/workbook-fixtures.ts, kept in .tmp/bench/); `demo` the seeded demo
 * workbook. Ports: $E2E_PORT+52 and +53 (3152/3153 without it). Prints one
 * summary per run and a table row for bench/RESULTS.md; exits 1 when
 * anything was lost.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { seedWorkbook } from "../seeds/seed";
import { RACE_TODAY, raceSummary, runLibreOfficeRace, type RaceReport } from "../tests/support/race-driver";
import { BENCH_DIR, isUpToDate, workbookPath, writeBenchWorkbook } from "./workbook-fixtures";

async function workbookFor(kind: string): Promise<string> {
  await mkdir(BENCH_DIR, { recursive: true });
  if (kind === "demo") {
    const file = path.join(BENCH_DIR, "race-demo.xlsx");
    await seedWorkbook({ file, year: 2026, today: RACE_TODAY, force: true, quiet: true });
    return file;
  }
  const visits = Number(kind);
  if (!Number.isInteger(visits) || visits < 1) throw new Error(`--workbook is demo or a number of visit rows, not ${kind}`);
  const size = { visits, tasks: 1000 };
  const file = workbookPath(size);
  if (!(await isUpToDate(file))) {
    console.error(`writing ${file} …`);
    await writeBenchWorkbook(size);
  }
  return file;
}

function row(r: RaceReport, kind: string, run: number): string {
  const cells = [
    kind === "demo" ? `demo (${r.rows.visits} visits)` : `${r.rows.visits.toLocaleString("en")} visits`,
    run,
    r.durationMs / 1000,
    r.seed,
    r.submissions,
    r.writes.length,
    r.saves.length,
    r.reapplied.length,
    r.conflictsListed.length,
    r.lostWrites.length,
    r.lostSaves.length,
    r.auditProblems.length,
  ];
  return `| ${cells.join(" | ")} |`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      workbook: { type: "string", default: "40000" },
      seconds: { type: "string", default: "300" },
      runs: { type: "string", default: "1" },
      posters: { type: "string", default: "2" },
      seed: { type: "string" },
      "pause-from": { type: "string", default: "15" },
      "pause-to": { type: "string", default: "45" },
    },
  });
  const base = Number(process.env.E2E_PORT ?? 3100);
  const file = await workbookFor(values.workbook);
  const rows: string[] = [];
  let lost = 0;
  for (let run = 1; run <= Number(values.runs); run++) {
    const report = await runLibreOfficeRace({
      workbook: file,
      dir: path.join(BENCH_DIR, `race-${values.workbook}`),
      ports: [base + 52, base + 53],
      durationMs: Number(values.seconds) * 1000,
      postersPerServer: Number(values.posters),
      // Opening, sorting and saving 40k rows takes LibreOffice a while on a busy machine, and the person pauses longer.
      libreOfficeTimeoutMs: 300_000,
      libreOfficePauseMs: values.workbook === "demo" ? [1000, 4000] : [Number(values["pause-from"]) * 1000, Number(values["pause-to"]) * 1000],
      ...(values.seed && { seed: Number(values.seed) + run - 1 }),
      log: (line) => console.error(line),
    });
    console.log(`\n### run ${run}\n\n${raceSummary(report)}`);
    rows.push(row(report, values.workbook, run));
    lost += report.lostWrites.length + report.lostSaves.length + report.auditProblems.length;
  }
  console.log(
    "\n| workbook | run | seconds | seed | submissions | writes | LibreOffice saves | re-applied | conflicts listed | lost writes | lost saves | 操作日志 mismatches |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) console.log(r);
  if (lost > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
