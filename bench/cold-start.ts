/**
 * Cold start: how long a fresh Node process takes to load the Google data
 * layer, and how much memory it keeps, against the full `googleapis` package.
 *
 *   npx tsx bench/cold-start.ts [--runs 20]
 *
 * Each case is bundled the way Next bundles server code (our modules inlined,
 * npm packages left to Node, as `serverExternalPackages` does for
 * @googleapis/sheets), then imported in a fresh `node --expose-gc` process per
 * run; the cases take turns so drift hits them all alike. Figures are medians.
 */
import { execFileSync, spawnSync } from "node:child_process";
import os from "node:os";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { googleapisVersion, INSTALL_HINT, requireGoogleapisDir, ROOT } from "./support/googleapis-baseline";
import { median, table } from "./support/stats";

const OUT_DIR = path.join(ROOT, ".tmp/bench/cold-start");
const CHILD = path.join(ROOT, "bench/support/cold-start-child.mjs");

interface Case {
  key: string;
  label: string;
  /** TypeScript module source, resolved from the project root; exports ready(). */
  source: string;
}

/** What a cold instance needs before its first Sheets request: the store, the cache, the schema and the figures, then the client. */
const DATA_LAYER = `
export { GoogleStore } from "./lib/sheets/google-store";
export { SnapshotCache } from "./lib/sheets/snapshot-cache";
export { parseWorkbook } from "./lib/schema/workbook";
export { summarize } from "./lib/domain/summary";
`;

function cases(googleapisDir: string): Case[] {
  return [
    { key: "empty", label: "an empty module (Node's own floor)", source: "export function ready() {}" },
    {
      key: "google-store",
      label: "lib/sheets/google-store.ts and what it imports (the client loads on first request)",
      source: `export { GoogleStore } from "./lib/sheets/google-store";`,
    },
    { key: "data-layer", label: "data layer: google-store + snapshot-cache + lib/schema + lib/domain", source: DATA_LAYER },
    {
      key: "data-layer-ready",
      label: "data layer + @googleapis/sheets client built (ready for its first request)",
      source: `${DATA_LAYER}
export async function ready() {
  const { sheets } = await import("@googleapis/sheets");
  return sheets({ version: "v4" });
}`,
    },
    {
      key: "data-layer-as-wired",
      label: "data layer through lib/sheets/index.ts (getStore), as the app wires it",
      source: `${DATA_LAYER}
export { getStore } from "./lib/sheets/index";`,
    },
    {
      key: "sheets-package",
      label: "@googleapis/sheets alone, client built",
      source: `export async function ready() {
  const { sheets } = await import("@googleapis/sheets");
  return sheets({ version: "v4" });
}`,
    },
    {
      key: "googleapis",
      label: "baseline: full googleapis package, google.sheets() built",
      source: `export async function ready() {
  const { google } = await import(${JSON.stringify(pathToFileURL(path.join(googleapisDir, "build/src/index.js")).href)});
  return google.sheets({ version: "v4" });
}`,
    },
  ];
}

async function bundle(c: Case): Promise<string> {
  // One folder per case, the entry written to a file: code splitting (which stdin cannot do) puts
  // what a module imports with import() in a chunk of its own, loaded only when called, as Next's
  // bundler does. Without it, the packages such a chunk needs would load at start-up.
  const dir = path.join(OUT_DIR, c.key);
  await mkdir(dir, { recursive: true });
  const entry = path.join(dir, "entry.ts");
  await writeFile(entry, c.source.replaceAll('"./lib/', `"${ROOT}/lib/`));
  await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    // An absolute file URL (the baseline's googleapis) stays a runtime import too.
    external: ["file://*"],
    tsconfig: path.join(ROOT, "tsconfig.json"),
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    logLevel: "error",
  });
  return path.join(dir, "entry.mjs");
}

interface Sample {
  ms: number;
  /** CPU time (user + system) of the import: what a busy machine does not inflate by queueing. */
  cpuMs: number;
  heapMB: number;
  rssMB: number;
  wallMs: number;
}

function runOnce(entry: string): Sample {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, ["--expose-gc", CHILD, entry], { cwd: ROOT, encoding: "utf8" });
  const wallMs = performance.now() - t0;
  if (result.status !== 0) throw new Error(`cold start of ${entry} failed:\n${result.stderr}`);
  return { ...(JSON.parse(result.stdout) as Omit<Sample, "wallMs">), wallMs };
}

export async function coldStart(options: { runs?: number } = {}) {
  const runs = options.runs ?? 20;
  const googleapisDir = requireGoogleapisDir();
  await mkdir(OUT_DIR, { recursive: true });
  const all = cases(googleapisDir);
  const entries = await Promise.all(all.map(bundle));
  const samples = new Map<string, Sample[]>(all.map((c) => [c.key, []]));
  // One warm-up each (file system cache), not counted.
  for (const entry of entries) runOnce(entry);
  for (let r = 0; r < runs; r++) {
    all.forEach((c, i) => samples.get(c.key)!.push(runOnce(entries[i]!)));
    process.stderr.write(`\rcold start: ${r + 1}/${runs} rounds`);
  }
  process.stderr.write("\n");

  const med = (key: string, field: keyof Sample) => median(samples.get(key)!.map((s) => s[field]));
  const base = { ms: med("googleapis", "ms"), cpuMs: med("googleapis", "cpuMs"), heapMB: med("googleapis", "heapMB"), rssMB: med("googleapis", "rssMB") };
  const rows = all.map((c) => {
    const ms = med(c.key, "ms");
    return [
      c.label,
      ms.toFixed(1),
      med(c.key, "cpuMs").toFixed(1),
      c.key === "empty" ? "—" : (ms / base.ms).toFixed(2),
      med(c.key, "heapMB").toFixed(1),
      med(c.key, "rssMB").toFixed(1),
      med(c.key, "wallMs").toFixed(0),
    ];
  });
  const target = med("data-layer-ready", "ms");
  const result = {
    runs,
    node: process.version,
    googleapis: googleapisVersion(),
    sheetsPackage: JSON.parse(
      execFileSync(process.execPath, ["-p", "JSON.stringify(require('@googleapis/sheets/package.json').version)"], { cwd: ROOT, encoding: "utf8" }),
    ) as string,
    medians: Object.fromEntries(
      all.map((c) => [
        c.key,
        { ms: med(c.key, "ms"), cpuMs: med(c.key, "cpuMs"), heapMB: med(c.key, "heapMB"), rssMB: med(c.key, "rssMB"), wallMs: med(c.key, "wallMs") },
      ]),
    ),
    readyVsGoogleapis: target / base.ms,
  };

  console.log(
    `Cold start, median of ${runs} fresh processes each (Node ${process.version}, googleapis ${result.googleapis}, @googleapis/sheets ${result.sheetsPackage})\n`,
  );
  console.log(table(["what is imported", "import ms", "CPU ms", "× googleapis", "heap MB", "RSS MB", "process wall ms"], rows));
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  console.log(
    `\nLoad average ${load} on ${os.cpus().length} CPUs. Data layer ready for its first request: ${target.toFixed(1)} ms wall, ${med("data-layer-ready", "cpuMs").toFixed(1)} ms CPU ` +
      `(target < 150 ms: ${target < 150 ? "met" : "NOT met"}), ` +
      `${result.readyVsGoogleapis.toFixed(2)}× the time of the full googleapis package (${base.ms.toFixed(1)} ms); ` +
      `heap ${med("data-layer-ready", "heapMB").toFixed(1)} MB vs ${base.heapMB.toFixed(1)} MB.`,
  );
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { runs: { type: "string" } } });
  coldStart({ ...(values.runs !== undefined && { runs: Number(values.runs) }) }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (String(error).includes("googleapis")) console.error(`(${INSTALL_HINT})`);
    process.exit(1);
  });
}
