/**
 * `npx tsx bench/write-cost.ts [--runs N]`: what one web write costs on the
 * local workbook — a task's note updated with its 操作日志 row, as a form saves
 * it — on the demo's 584 visits and on 10k- and 100k-visit workbooks, through the zip patcher the app uses
 * (lib/sheets/xlsx-patch.ts) and the old exceljs whole-workbook path, measured
 * in the same run. Each measurement in a fresh process on its own copy of the
 * workbook, so its peak RSS is its own: its first write (cold) and the next
 * one (warm, as a running server writes). Figures to stdout, progress to stderr.
 */
import { copyFile, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { auditTab, tasksTab } from "../lib/schema/tabs";
import { XlsxStore } from "../lib/sheets/xlsx-store";
import { runTypeScript } from "./child-process";
import { BENCH_DIR, benchWorkbookTabs, isUpToDate, workbookPath, writeBenchWorkbook, type WorkbookSize } from "./workbook-fixtures";

const SIZES: WorkbookSize[] = [
  // The seeded demo's own size (584 visits, 70 tasks).
  { visits: 584, tasks: 70 },
  { visits: 10_000, tasks: 10_000 },
  { visits: 100_000, tasks: 10_000 },
];
const WRITERS = ["patch", "exceljs"] as const;
type Writer = (typeof WRITERS)[number];

interface Measured {
  writer: Writer;
  /** The first write of a fresh process: module code not yet optimised, nothing cached. */
  ms: number;
  /** The next write in the same process, as a running server makes it. */
  warmMs: number;
  peakRssMb: number;
  rssBeforeMb: number;
}

/** In the child: two writes, one after the other, on a private copy of the workbook. */
async function measure(file: string, writer: Writer, id: string): Promise<Measured> {
  const copy = path.join(BENCH_DIR, `write-cost-${process.pid}.xlsx`);
  await copyFile(file, copy);
  try {
    const store = new XlsxStore(copy, { backups: 0, writer, diskSnapshot: false });
    const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
    const write = async () => {
      const started = performance.now();
      const result = await store.updateById(tasksTab, id, { notes: `bench ${new Date().toISOString()}` }, undefined, {
        spec: auditTab,
        rows: (r) => [
          { at: { dateTime: new Date().toISOString() }, login: "bench", action: "update", tab: tasksTab.title, rowId: id, after: JSON.stringify(r.after) },
        ],
      });
      const ms = performance.now() - started;
      if (!result.ok || !result.logged) throw new Error(`write failed: ${JSON.stringify(result)}`);
      return ms;
    };
    const ms = await write();
    const warmMs = await write();
    // maxRSS is in KiB on Linux.
    return { writer, ms, warmMs, peakRssMb: process.resourceUsage().maxRSS / 1024, rssBeforeMb };
  } finally {
    await rm(copy, { force: true });
  }
}

async function main() {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "3" }, measure: { type: "string" }, file: { type: "string" }, id: { type: "string" } },
  });
  if (values.measure) {
    process.stdout.write(JSON.stringify(await measure(values.file!, values.measure as Writer, values.id!)));
    return;
  }
  const runs = Number(values.runs);
  console.log(`| writer | visits | tasks | first write ms (median) | best ms | next write ms (median) | peak RSS MB (median) | RSS before write MB |`);
  console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
  for (const size of SIZES) {
    const file = workbookPath(size);
    if (!(await isUpToDate(file))) {
      console.error(`writing ${path.relative(process.cwd(), file)}…`);
      await writeBenchWorkbook(size);
    }
    // The task in the middle of the tab (RW-2026-005000 at 10k tasks).
    const tasks = benchWorkbookTabs(size).find((tab) => tab.spec.key === tasksTab.key)!.rows;
    const id = String(tasks[Math.floor(tasks.length / 2) - 1]!.id);
    const results = new Map<Writer, Measured[]>(WRITERS.map((w) => [w, []]));
    // Interleaved, so a busy moment on the machine falls on both writers alike.
    for (let run = 0; run < runs; run++) {
      for (const writer of WRITERS) {
        console.error(`${size.visits} visits, ${writer}, run ${run + 1}/${runs}`);
        const out = await runTypeScript(path.join(import.meta.dirname, "write-cost.ts"), ["--measure", writer, "--file", file, "--id", id]);
        results.get(writer)!.push(JSON.parse(out) as Measured);
      }
    }
    for (const writer of WRITERS) {
      const m = results.get(writer)!;
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
      console.log(
        `| ${writer === "patch" ? "**zip patch (the app)**" : "exceljs whole workbook (before)"} | ${fmt(size.visits)} | ${fmt(size.tasks)} | ${fmt(median(m.map((x) => x.ms)))} | ${fmt(Math.min(...m.map((x) => x.ms)))} | ${fmt(median(m.map((x) => x.warmMs)))} | ${fmt(median(m.map((x) => x.peakRssMb)))} | ${fmt(median(m.map((x) => x.rssBeforeMb)))} |`,
      );
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
