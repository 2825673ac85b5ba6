/**
 * `npm run bench [-- NAME …]`: every benchmark below, one after another, each in its
 * own process; with names, only those. Figures go to stdout (progress to stderr);
 * record them in bench/RESULTS.md with the command that produced them.
 *
 * To add a benchmark, add its file to the list.
 */
import path from "node:path";
import { runTypeScript } from "./child-process";

const BENCHMARKS = [
  "workbook-read.ts",
  "write-cost.ts",
  "cold-start.ts",
  "quota-economy.ts",
  "freshness.ts",
  "screen-soak.ts",
  "race-libreoffice.ts",
  "reminders.ts",
];

async function main() {
  const wanted = process.argv.slice(2);
  const chosen = wanted.length ? BENCHMARKS.filter((b) => wanted.some((w) => b.startsWith(w))) : BENCHMARKS;
  if (chosen.length === 0) throw new Error(`no benchmark named ${wanted.join(", ")}; there are: ${BENCHMARKS.join(", ")}`);
  for (const file of chosen) {
    console.log(`\n## ${file}\n`);
    await runTypeScript(path.join(import.meta.dirname, file), [], { inheritStdout: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
