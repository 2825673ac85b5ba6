/**
 * Big workbooks for the read benchmark: the deterministic sample year with its
 * 走访 and 任务 rows cloned under fresh IDs, so every row stays valid and the
 * data-health problem count stays 0.
 */
import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { tasksTab, visitsTab } from "../lib/schema/tabs";
import type { RowInput, TabContent } from "../lib/sheets/store";
import { XlsxStore } from "../lib/sheets/xlsx-store";
import { generateSampleData } from "../seeds/generate";

export const BENCH_DIR = path.resolve(import.meta.dirname, "../.tmp/bench");
export const BENCH_YEAR = 2026;
export const BENCH_TODAY = "2026-11-20";

export interface WorkbookSize {
  visits: number;
  tasks: number;
}

export function workbookPath(size: WorkbookSize): string {
  return path.join(BENCH_DIR, `workbook-${size.visits}v-${size.tasks}t.xlsx`);
}

/**
 * `count` rows cycling through `rows`. The first pass keeps the sample's own IDs, since
 * meetings and accountability records refer to tasks by ID; later passes get fresh
 * IDs such as ZF-2026-000585, and an evidence link follows its row's ID as it would in
 * real data.
 */
function scaled(rows: readonly RowInput[], count: number, prefix: string): RowInput[] {
  if (rows.length === 0) throw new Error(`no sample rows to scale for ${prefix}`);
  const out: RowInput[] = [];
  for (let i = 0; i < count; i++) {
    const source = rows[i % rows.length]!;
    if (i < rows.length) {
      out.push(source);
      continue;
    }
    const id = `${prefix}-${BENCH_YEAR}-${String(i + 1).padStart(6, "0")}`;
    const row: RowInput = { ...source, id };
    if (typeof source.evidence === "string" && typeof source.id === "string") row.evidence = source.evidence.replace(source.id, id);
    out.push(row);
  }
  return out;
}

export function benchWorkbookTabs(size: WorkbookSize): TabContent[] {
  return generateSampleData({ year: BENCH_YEAR, today: BENCH_TODAY }).map((tab) => {
    if (tab.spec.key === visitsTab.key) return { ...tab, rows: scaled(tab.rows, size.visits, "ZF") };
    if (tab.spec.key === tasksTab.key) return { ...tab, rows: scaled(tab.rows, size.tasks, "RW") };
    return tab;
  });
}

/** What a bench workbook is made from: a change to any of these calls for a new one. */
const SOURCES = ["seeds", "lib/schema/tabs.ts", "lib/sheets/xlsx-store.ts", "lib/sheets/xlsx-cells.ts", "bench/workbook-fixtures.ts"];

/** True when `file` exists and is newer than everything it is generated from (writing 100k rows takes half a minute). */
export async function isUpToDate(file: string): Promise<boolean> {
  const written = await stat(file).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
  if (written === undefined) return false;
  const root = path.resolve(import.meta.dirname, "..");
  const sources = await Promise.all(
    SOURCES.map(async (source) => {
      const full = path.join(root, source);
      const entries = (await stat(full)).isDirectory() ? (await readdir(full)).map((f) => path.join(full, f)) : [full];
      return Promise.all(entries.map(async (f) => (await stat(f)).mtimeMs));
    }),
  );
  return sources.flat().every((changed) => changed < written);
}

/** Writes the workbook through the app's own store, replacing any earlier one. */
export async function writeBenchWorkbook(size: WorkbookSize): Promise<string> {
  const file = workbookPath(size);
  await mkdir(BENCH_DIR, { recursive: true });
  await new XlsxStore(file, { backups: 0 }).create(benchWorkbookTabs(size), { force: true });
  return file;
}
