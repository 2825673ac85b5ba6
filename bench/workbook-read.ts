/**
 * `npx tsx bench/workbook-read.ts [--runs 3] [--sizes 10000,100000] [--loaders whole,fast,snapshot] [--fresh]`
 *
 * Read + validate + aggregate a workbook of 10k and of 100k visit rows (10k tasks
 * each) with each loader: exceljs's whole-file loader, which XlsxStore.readAll used,
 * the fast reader it uses now, and the parsed tabs a restarted store takes from
 * disk for an unchanged workbook. Each measurement runs in a fresh process, so its peak
 * RSS is its own. Prints markdown tables of medians, the 100k/10k ratios against
 * the 10k baseline of the same run, and the target (100k rows: under 2 s, under
 * 600 MB, growing no worse than linearly). The workbooks are written to .tmp/bench/
 * when missing or older than the seed and store sources (`--fresh`: always).
 */
import { cpus, freemem, loadavg, totalmem } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { runTypeScript } from "./child-process";
import { BENCH_TODAY, isUpToDate, workbookPath, writeBenchWorkbook, type WorkbookSize } from "./workbook-fixtures";
import type { Loader, Measurement } from "./workbook-read-measure";

const MEASURE = path.join(import.meta.dirname, "workbook-read-measure.ts");
const LOADERS: readonly Loader[] = ["whole", "fast", "snapshot"];
const LOADER_NAMES: Record<Loader, string> = {
  whole: "whole-file (`wb.xlsx.readFile`)",
  fast: "fast (`readWorkbookFast`)",
  snapshot: "on-disk snapshot (a restart, `lib/sheets/snapshot-disk.ts`)",
};
const TASKS = 10_000;
const TARGET = { visits: 100_000, ms: 2_000, mb: 600 };

interface Summary {
  loader: Loader;
  size: WorkbookSize;
  runs: number;
  readMs: number;
  parseMs: number;
  summarizeMs: number;
  totalMs: number;
  /** The fastest run: the least disturbed by other work on a shared machine. */
  bestTotalMs: number;
  cpuMs: number;
  peakRssMb: number;
  /** Peak RSS above the process's RSS before the read: what the read itself costs. */
  readRssMb: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summarise(loader: Loader, size: WorkbookSize, ms: readonly Measurement[]): Summary {
  const of = (f: (m: Measurement) => number) => median(ms.map(f));
  return {
    loader,
    size,
    runs: ms.length,
    readMs: of((m) => m.readMs),
    parseMs: of((m) => m.parseMs),
    summarizeMs: of((m) => m.summarizeMs),
    totalMs: of((m) => m.readMs + m.parseMs + m.summarizeMs),
    bestTotalMs: Math.min(...ms.map((m) => m.readMs + m.parseMs + m.summarizeMs)),
    cpuMs: of((m) => m.cpuMs),
    peakRssMb: of((m) => m.peakRssMb),
    readRssMb: of((m) => m.peakRssMb - m.startRssMb),
  };
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const times = (n: number) => `${n.toFixed(2)}×`;
const rowsOf = (size: WorkbookSize) => size.visits + size.tasks;

/** A markdown table: the first column left-aligned, figures right-aligned. */
function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

function verdict(value: number, limit: number, unit: string): string {
  return value < limit ? `met (${int(value)} ${unit} < ${int(limit)} ${unit})` : `missed by ${int(value - limit)} ${unit} (${times(value / limit)} the target)`;
}

async function measure(loader: Loader, file: string): Promise<Measurement> {
  const out = await runTypeScript(MEASURE, ["--loader", loader, "--file", file, "--today", BENCH_TODAY]);
  return JSON.parse(out.trim().split("\n").at(-1) ?? "") as Measurement;
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "3" },
      sizes: { type: "string", default: "10000,100000" },
      fresh: { type: "boolean", default: false },
      loaders: { type: "string", default: LOADERS.join(",") },
    },
  });
  // --loaders fast,snapshot: leave out exceljs's whole-file loader (a minute a run at 100k on a busy machine).
  const loaders = LOADERS.filter((l) => values.loaders.split(",").includes(l));
  const runs = Number(values.runs);
  const sizes: WorkbookSize[] = values.sizes.split(",").map((v) => ({ visits: Number(v), tasks: TASKS }));
  if (!Number.isInteger(runs) || runs < 1 || sizes.some((s) => !Number.isInteger(s.visits) || s.visits < 1)) {
    throw new Error("usage: workbook-read.ts [--runs N] [--sizes 10000,100000] [--loaders whole,fast,snapshot] [--fresh]");
  }
  const started = new Date();
  const loadBefore = loadavg();

  for (const size of sizes) {
    if (!values.fresh && (await isUpToDate(workbookPath(size)))) continue;
    const t = performance.now();
    await writeBenchWorkbook(size);
    console.error(`wrote ${path.relative(process.cwd(), workbookPath(size))} in ${int(performance.now() - t)} ms`);
  }

  // Runs interleave sizes and loaders, so a burst of other work on the machine hits all alike.
  // The snapshot a first read keeps beside each workbook, for the snapshot loader (a restarted process).
  for (const size of sizes) await runTypeScript(MEASURE, ["--loader", "fast", "--file", workbookPath(size), "--today", BENCH_TODAY, "--keep"]);

  const results = new Map<string, Measurement[]>();
  for (let run = 1; run <= runs; run++) {
    for (const size of sizes) {
      for (const loader of loaders) {
        const m = await measure(loader, workbookPath(size));
        console.error(`run ${run}/${runs} ${loader} ${size.visits} visits: ${int(m.readMs + m.parseMs + m.summarizeMs)} ms, ${int(m.peakRssMb)} MB`);
        if (m.problems !== 0 || m.visits !== size.visits || m.tasks !== size.tasks) {
          throw new Error(`${loader} read ${m.visits} visits, ${m.tasks} tasks and ${m.problems} problems; expected ${size.visits}, ${size.tasks} and 0`);
        }
        const key = `${loader}:${size.visits}`;
        results.set(key, [...(results.get(key) ?? []), m]);
      }
    }
  }
  for (const size of sizes) {
    const hashes = new Set(loaders.flatMap((l) => (results.get(`${l}:${size.visits}`) ?? []).map((m) => m.figuresHash)));
    if (hashes.size !== 1) throw new Error(`the loaders disagree on the figures of ${size.visits} visits`);
  }

  const summaries = loaders.flatMap((loader) => sizes.map((size) => summarise(loader, size, results.get(`${loader}:${size.visits}`) ?? [])));
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const lines = [
    `Workbook read, ${started.toISOString()} — ${cpus().length} CPUs (${cpu}), ${int(totalmem() / 2 ** 30)} GiB RAM (${int(freemem() / 2 ** 30)} free), Node ${process.version}`,
    `load average before: ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
    `medians of ${runs} runs, each in a fresh process; summarize for today ${BENCH_TODAY}; problems 0 and identical figures from all loaders`,
    "CPU ms: user + system time of read, parse and summarize; read RSS: peak RSS less the RSS before the read (runtime and modules)",
    "",
    table(
      ["loader", "visits", "tasks", "read ms", "parse ms", "summarize ms", "total ms", "best total ms", "CPU ms", "peak RSS MB", "read RSS MB"],
      summaries.map((s) => [
        LOADER_NAMES[s.loader],
        int(s.size.visits),
        int(s.size.tasks),
        int(s.readMs),
        int(s.parseMs),
        int(s.summarizeMs),
        int(s.totalMs),
        int(s.bestTotalMs),
        int(s.cpuMs),
        int(s.peakRssMb),
        int(s.readRssMb),
      ]),
    ),
  ];

  const [small, large] = [sizes[0], sizes.at(-1)];
  if (small && large && small !== large) {
    lines.push(
      "",
      `Growth from ${int(small.visits)} to ${int(large.visits)} visits: ${times(rowsOf(large) / rowsOf(small))} the rows (${int(rowsOf(small))} → ${int(rowsOf(large))}, tasks included); linear growth is a ratio no higher than that.`,
      "",
      table(
        ["loader", "total time ×", "read ×", "parse ×", "summarize ×", "peak RSS ×", "read RSS ×"],
        loaders.map((loader) => {
          const a = summaries.find((s) => s.loader === loader && s.size === small)!;
          const b = summaries.find((s) => s.loader === loader && s.size === large)!;
          return [
            LOADER_NAMES[loader],
            times(b.totalMs / a.totalMs),
            times(b.readMs / a.readMs),
            times(b.parseMs / a.parseMs),
            times(b.summarizeMs / a.summarizeMs),
            times(b.peakRssMb / a.peakRssMb),
            times(b.readRssMb / a.readRssMb),
          ];
        }),
      ),
    );
  }

  const target = sizes.find((s) => s.visits === TARGET.visits);
  if (target) {
    lines.push("", `Target for ${int(TARGET.visits)} visits: under ${int(TARGET.ms)} ms and ${int(TARGET.mb)} MB.`);
    for (const loader of loaders) {
      const s = summaries.find((x) => x.loader === loader && x.size === target)!;
      lines.push(`- ${LOADER_NAMES[loader]}: time ${verdict(s.totalMs, TARGET.ms, "ms")}; memory ${verdict(s.peakRssMb, TARGET.mb, "MB")}`);
    }
    const whole = summaries.find((x) => x.loader === "whole" && x.size === target);
    const fast = summaries.find((x) => x.loader === "fast" && x.size === target);
    if (whole && fast)
      lines.push(`- fast against whole-file: ${times(fast.totalMs / whole.totalMs)} the time, ${times(fast.peakRssMb / whole.peakRssMb)} the peak RSS`);
  }
  console.log(lines.join("\n"));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
