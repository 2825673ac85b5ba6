/**
 * `npx tsx bench/route-js.ts` (after `npx next build`): the JavaScript a browser
 * loads to open each page — the root main files plus the chunks of the page's
 * layouts, boundaries and page (the page's client reference manifest) — raw and
 * gzipped, and whether recharts or the .xlsx export writer is among them.
 * Chunks loaded only on demand (a dynamic import, such as the .xlsx writer on
 * pressing 导出) are not counted: they are not part of opening the page.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { REPO_ROOT } from "./child-process";

const NEXT = path.join(REPO_ROOT, ".next");

/** Strings only these libraries' code holds, to tell them apart in minified chunks. */
const MARKERS = { recharts: "recharts-wrapper", xlsxWriter: "xl/worksheets/sheet" };

async function manifests(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await manifests(full)));
    else if (entry.name === "page_client-reference-manifest.js") out.push(full);
  }
  return out;
}

interface Chunk {
  raw: number;
  gzip: number;
  recharts: boolean;
  xlsxWriter: boolean;
}

const chunks = new Map<string, Chunk>();
async function chunkOf(file: string): Promise<Chunk> {
  let c = chunks.get(file);
  if (!c) {
    const bytes = await readFile(path.join(NEXT, file));
    const text = bytes.toString("utf8");
    c = { raw: bytes.length, gzip: gzipSync(bytes).length, recharts: text.includes(MARKERS.recharts), xlsxWriter: text.includes(MARKERS.xlsxWriter) };
    chunks.set(file, c);
  }
  return c;
}

async function main() {
  const build = JSON.parse(await readFile(path.join(NEXT, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const rows: string[] = [];
  for (const file of (await manifests(path.join(NEXT, "server/app"))).sort()) {
    const g = globalThis as { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> };
    g.__RSC_MANIFEST = {};
    new Function(await readFile(file, "utf8"))();
    const [route, manifest] = Object.entries(g.__RSC_MANIFEST)[0] ?? [];
    if (!route || !manifest) continue;
    if (route.startsWith("/_") || route.startsWith("/api/")) continue;
    const files = new Set([...build.rootMainFiles, ...Object.values(manifest.entryJSFiles ?? {}).flat()]);
    const parts = await Promise.all([...files].map(chunkOf));
    const kb = (n: number) => (n / 1024).toFixed(1);
    rows.push(
      `| \`${route.replace(/\/page$/u, "") || "/"}\` | ${files.size} | ${kb(parts.reduce((s, c) => s + c.raw, 0))} | ${kb(parts.reduce((s, c) => s + c.gzip, 0))} | ${parts.some((c) => c.recharts) ? "yes" : "no"} | ${parts.some((c) => c.xlsxWriter) ? "yes" : "no"} |`,
    );
  }
  console.log("| route | JS files | raw KiB | gzipped KiB | recharts | .xlsx export writer |");
  console.log("| --- | ---: | ---: | ---: | --- | --- |");
  for (const row of rows) console.log(row);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
