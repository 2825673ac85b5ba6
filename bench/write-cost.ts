/**
 * `npx tsx bench/write-cost.ts [--runs N] [--baseline REF] [--exceljs]`: what
 * one web write costs on the local workbook — a task's note updated with its
 * 操作日志 row, as a form saves it — on the demo's 584 visits and on 10k- and
 * 100k-visit workbooks, through the zip patcher the app uses
 * (lib/sheets/xlsx-patch.ts) and the same store at REF (default 28dbfcc, the
 * code before issue 18's write-cost work: every rewritten worksheet read back
 * whole, the ID found row by row), unpacked from git under .tmp/bench; with
 * --exceljs also the old whole-workbook path. Writers interleaved in the same
 * run, each measurement in a fresh process on its own copy of the workbook, so
 * its peak RSS is its own: its first write (cold) and the next one (warm, as a
 * running server writes), wall and CPU time. The load average is printed before
 * and after, and the issue's targets (≤ 300 ms and ≤ 200 MB at 10k visits, ≤
 * 1.5 s and ≤ 400 MB at 100k) checked against the app's figures. Figures to
 * stdout, progress to stderr.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { copyFile, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { tasksTab } from "../lib/schema/tabs";
import { runTypeScript, REPO_ROOT } from "./child-process";
import os from "node:os";
import { BENCH_DIR, benchWorkbookTabs, isUpToDate, workbookPath, writeBenchWorkbook, type WorkbookSize } from "./workbook-fixtures";

const SIZES: WorkbookSize[] = [
  // The seeded demo's own size (584 visits, 70 tasks).
  { visits: 584, tasks: 70 },
  { visits: 10_000, tasks: 10_000 },
  { visits: 100_000, tasks: 10_000 },
];
const WRITERS = ["patch", "patch-before", "exceljs"] as const;
type Writer = (typeof WRITERS)[number];
const LABEL: Record<Writer, string> = {
  patch: "**zip patch (the app)**",
  "patch-before": "zip patch before (REF)",
  exceljs: "exceljs whole workbook (older)",
};
/** The code before the write-cost work of issue 18. */
const DEFAULT_BASELINE = "28dbfcc";
/** Issue 18's targets for one web write, by visit rows. */
const TARGETS: Record<number, { ms: number; mb: number }> = { 10000: { ms: 300, mb: 200 }, 100000: { ms: 1_500, mb: 400 } };

/** lib/ as it was at `ref`, unpacked once beside the bench workbooks (its imports resolve to this checkout's node_modules). */
function baselineDir(ref: string): string {
  const commit = execFileSync("git", ["rev-parse", "--short", `${ref}^{commit}`], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
  const dir = path.join(BENCH_DIR, `baseline-${commit}`);
  if (!existsSync(path.join(dir, "lib/sheets/xlsx-store.ts"))) {
    mkdirSync(dir, { recursive: true });
    execFileSync("sh", ["-c", `git archive ${commit} lib | tar -x -C '${dir}'`], { cwd: REPO_ROOT });
  }
  return dir;
}

interface Measured {
  writer: Writer;
  /** The first write of a fresh process: module code not yet optimised, nothing cached. */
  ms: number;
  /** The next write in the same process, as a running server makes it. */
  warmMs: number;
  /** CPU time (user + system) of each: what a loaded machine does not stretch. */
  cpuMs: number;
  warmCpuMs: number;
  peakRssMb: number;
  rssBeforeMb: number;
}

/** In the child: two writes, one after the other, on a private copy of the workbook. */
async function measure(file: string, writer: Writer, id: string, baseline: string): Promise<Measured> {
  const root = writer === "patch-before" ? baseline : REPO_ROOT;
  const { XlsxStore } = (await import(path.join(root, "lib/sheets/xlsx-store.ts"))) as typeof import("../lib/sheets/xlsx-store");
  const { auditTab, tasksTab } = (await import(path.join(root, "lib/schema/tabs.ts"))) as typeof import("../lib/schema/tabs");
  const copy = path.join(BENCH_DIR, `write-cost-${process.pid}.xlsx`);
  await copyFile(file, copy);
  try {
    const store = new XlsxStore(copy, { backups: 0, writer: writer === "exceljs" ? "exceljs" : "patch", diskSnapshot: false });
    const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
    const write = async () => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = await store.updateById(tasksTab, id, { notes: `bench ${new Date().toISOString()}` }, undefined, {
        spec: auditTab,
        rows: (r) => [
          { at: { dateTime: new Date().toISOString() }, login: "bench", action: "update", tab: tasksTab.title, rowId: id, after: JSON.stringify(r.after) },
        ],
      });
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      if (!result.ok || !result.logged) throw new Error(`write failed: ${JSON.stringify(result)}`);
      return { ms, cpuMs: (used.user + used.system) / 1000 };
    };
    const first = await write();
    const next = await write();
    // maxRSS is in KiB on Linux.
    return { writer, ms: first.ms, warmMs: next.ms, cpuMs: first.cpuMs, warmCpuMs: next.cpuMs, peakRssMb: process.resourceUsage().maxRSS / 1024, rssBeforeMb };
  } finally {
    await rm(copy, { force: true });
  }
}

function load(): string {
  const [one, five] = os.loadavg();
  return `load average ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min) on ${os.availableParallelism()} cores`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "3" },
      baseline: { type: "string", default: DEFAULT_BASELINE },
      exceljs: { type: "boolean", default: false },
      sizes: { type: "string" },
      measure: { type: "string" },
      file: { type: "string" },
      id: { type: "string" },
      root: { type: "string" },
    },
  });
  if (values.measure) {
    process.stdout.write(JSON.stringify(await measure(values.file!, values.measure as Writer, values.id!, values.root!)));
    return;
  }
  const runs = Number(values.runs);
  const writers = WRITERS.filter((w) => w !== "exceljs" || values.exceljs);
  const baseline = baselineDir(values.baseline!);
  const sizes = values.sizes ? SIZES.filter((s) => values.sizes!.split(",").map(Number).includes(s.visits)) : SIZES;
  console.log(`${new Date().toISOString()} start, ${load()}; before = ${path.basename(baseline)}`);
  console.log("");
  console.log(`| writer | visits | tasks | first write ms (median) | CPU ms | next write ms (median) | CPU ms | peak RSS MB (median) | RSS before write MB |`);
  console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
  const verdicts: string[] = [];
  for (const size of sizes) {
    const file = workbookPath(size);
    if (!(await isUpToDate(file))) {
      console.error(`writing ${path.relative(process.cwd(), file)}…`);
      await writeBenchWorkbook(size);
    }
    // The task in the middle of the tab (RW-2026-005000 at 10k tasks).
    const tasks = benchWorkbookTabs(size).find((tab) => tab.spec.key === tasksTab.key)!.rows;
    const id = String(tasks[Math.floor(tasks.length / 2) - 1]!.id);
    const results = new Map<Writer, Measured[]>(writers.map((w) => [w, []]));
    // Interleaved, so a busy moment on the machine falls on every writer alike.
    for (let run = 0; run < runs; run++) {
      for (const writer of writers) {
        console.error(`${size.visits} visits, ${writer}, run ${run + 1}/${runs}`);
        const out = await runTypeScript(path.join(import.meta.dirname, "write-cost.ts"), ["--measure", writer, "--file", file, "--id", id, "--root", baseline]);
        results.get(writer)!.push(JSON.parse(out) as Measured);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
    for (const writer of writers) {
      const m = results.get(writer)!;
      const label = LABEL[writer].replace("REF", path.basename(baseline).replace("baseline-", ""));
      console.log(
        `| ${label} | ${fmt(size.visits)} | ${fmt(size.tasks)} | ${fmt(median(m.map((x) => x.ms)))} | ${fmt(median(m.map((x) => x.cpuMs)))} | ${fmt(median(m.map((x) => x.warmMs)))} | ${fmt(median(m.map((x) => x.warmCpuMs)))} | ${fmt(median(m.map((x) => x.peakRssMb)))} | ${fmt(median(m.map((x) => x.rssBeforeMb)))} |`,
      );
    }
    const target = TARGETS[size.visits];
    if (target) {
      const m = results.get("patch")!;
      const [first, next, rss] = [median(m.map((x) => x.ms)), median(m.map((x) => x.warmMs)), median(m.map((x) => x.peakRssMb))];
      const ok = (x: number, limit: number) => (x <= limit ? "met" : "MISSED");
      verdicts.push(
        `- ${fmt(size.visits)} visits, target ≤ ${fmt(target.ms)} ms and ≤ ${target.mb} MB: first write ${fmt(first)} ms (${ok(first, target.ms)}), next write ${fmt(next)} ms (${ok(next, target.ms)}), peak RSS ${fmt(rss)} MB (${ok(rss, target.mb)})`,
      );
    }
  }
  console.log("");
  for (const v of verdicts) console.log(v);
  console.log(`${new Date().toISOString()} end, ${load()}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
