/**
 * One measurement of the read benchmark, run by workbook-read.ts in a fresh process
 * so that its peak RSS belongs to this read alone:
 * `tsx bench/workbook-read-measure.ts --loader whole|fast|snapshot --file PATH --today YYYY-MM-DD [--keep]`.
 * Prints one JSON line (a {@link Measurement}).
 */
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { summarize } from "../lib/domain/summary";
import type { RawWorkbook } from "../lib/schema/cells";
import { parseWorkbook } from "../lib/schema/workbook";
import { readWorkbookFast } from "../lib/sheets/xlsx-fast-reader";
import { diskKeyNow, readDiskSnapshot, writeDiskSnapshot } from "../lib/sheets/snapshot-disk";
import { readWorkbookWhole } from "../lib/sheets/xlsx-store";

export const LOADERS = ["whole", "fast", "snapshot"] as const;
export type Loader = (typeof LOADERS)[number];

export interface Measurement {
  loader: Loader;
  readMs: number;
  parseMs: number;
  summarizeMs: number;
  /** User + system CPU time of the whole pipeline; less disturbed than wall time when other work shares the machine. */
  cpuMs: number;
  /** Peak resident set size of the process (VmHWM), start-up included. */
  peakRssMb: number;
  /** Resident set size just before the read: the runtime and the modules. */
  startRssMb: number;
  visits: number;
  tasks: number;
  problems: number;
  /** Hash of the summary's figures, so the loaders can be shown to agree. */
  figuresHash: string;
}

/** What a restarted XlsxStore reads for an unchanged workbook: the parsed tabs kept on disk (lib/sheets/snapshot-disk.ts). */
async function readSnapshot(file: string) {
  const tabs = await readDiskSnapshot(file, (await diskKeyNow(file)) ?? "");
  if (!tabs) throw new Error(`no snapshot of ${file} for its version: measure the fast loader with --keep first`);
  return tabs;
}

const READERS = { whole: readWorkbookWhole, fast: readWorkbookFast, snapshot: readSnapshot } satisfies Record<Loader, unknown>;

/** What XlsxStore.load returns, read with the given loader (XlsxStore.readAll itself now uses the fast one). */
async function readRaw(loader: Loader, file: string): Promise<RawWorkbook> {
  const { mtimeMs } = await stat(file);
  return { source: "xlsx", tabs: await READERS[loader](file), readAt: new Date().toISOString(), changedAt: new Date(mtimeMs).toISOString() };
}

async function main() {
  const { values } = parseArgs({
    options: { loader: { type: "string" }, file: { type: "string" }, today: { type: "string" }, keep: { type: "boolean", default: false } },
  });
  const loader = LOADERS.find((l) => l === values.loader);
  if (!loader || !values.file || !values.today)
    throw new Error("usage: workbook-read-measure.ts --loader whole|fast|snapshot --file PATH --today YYYY-MM-DD [--keep]");
  // The key is taken before the read, as XlsxStore takes it.
  const key = values.keep ? await diskKeyNow(values.file) : undefined;

  const startRss = process.memoryUsage.rss();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const raw = await readRaw(loader, values.file);
  const t1 = performance.now();
  const dataset = parseWorkbook(raw);
  const t2 = performance.now();
  const summary = summarize(dataset, { today: values.today });
  const t3 = performance.now();
  const { user, system } = process.cpuUsage(cpu);

  const measurement: Measurement = {
    loader,
    readMs: t1 - t0,
    parseMs: t2 - t1,
    summarizeMs: t3 - t2,
    cpuMs: (user + system) / 1000,
    // maxRSS is in KiB on Linux.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    startRssMb: startRss / 2 ** 20,
    visits: dataset.visits.length,
    tasks: dataset.tasks.length,
    problems: dataset.problems.length,
    figuresHash: createHash("sha256").update(JSON.stringify(summary)).digest("hex").slice(0, 12),
  };
  // --keep: the tabs just read kept on disk for the snapshot loader (not timed).
  if (key) await writeDiskSnapshot(values.file, key, raw.tabs);
  console.log(JSON.stringify(measurement));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
