import "server-only";
import { revalidateTag, unstable_cache } from "next/cache";
import { cache } from "react";
import { todayIn } from "../clock";
import { env } from "../env";
import type { RawWorkbook } from "../schema/cells";
import { DEFAULT_SETTINGS } from "../schema/settings";
import { parseWorkbook, type Dataset } from "../schema/workbook";
import { getStore } from "../sheets";
import { SnapshotCache, type Snapshot } from "../sheets/snapshot-cache";

export type LoadedDataset = Dataset & {
  /** Set when the spreadsheet could not be read: these are the last good figures. */
  stale?: Snapshot["stale"];
};

interface ProcessState {
  parsed: WeakMap<RawWorkbook, Dataset>;
  caches: Map<string, SnapshotCache>;
  freshnessSeconds: number;
}

/**
 * Next loads this module once per route bundle; pages, route handlers and
 * actions must still share one snapshot, or the webhook refreshes only itself.
 */
const shared: ProcessState = ((globalThis as { __dutyboardDataset?: ProcessState }).__dutyboardDataset ??= {
  parsed: new WeakMap(),
  caches: new Map(),
  freshnessSeconds: DEFAULT_SETTINGS.freshnessSeconds,
});

/** Parsing is pure, so one parse serves every request until the raw read changes. */
function datasetOf(raw: RawWorkbook): Dataset {
  let dataset = shared.parsed.get(raw);
  if (!dataset) {
    dataset = parseWorkbook(raw);
    shared.parsed.set(raw, dataset);
    shared.freshnessSeconds = dataset.settings.freshnessSeconds;
  }
  return dataset;
}

/** The cache tag of the spreadsheet snapshot in Next's data cache. */
export const SHEET_TAG = "sheet";

/**
 * Google reads go through Next's data cache, which serverless instances share:
 * one batchGet per window for the whole deployment, not per instance. Its
 * stale-while-revalidate answer can be one revalidation old, so it revalidates
 * at half the window to keep data within the window.
 */
function sharedRead(read: () => Promise<RawWorkbook>): () => Promise<RawWorkbook> {
  return () =>
    unstable_cache(read, ["dutyboard-sheet-snapshot", env().GOOGLE_SHEETS_ID ?? ""], {
      tags: [SHEET_TAG],
      revalidate: Math.max(1, Math.floor(shared.freshnessSeconds / 2)),
    })();
}

async function snapshotCache(): Promise<SnapshotCache> {
  const store = await getStore();
  const key = store.kind;
  let c = shared.caches.get(key);
  if (!c) {
    c = new SnapshotCache({
      read: store.kind === "google" ? sharedRead(() => store.readAll()) : () => store.readAll(),
      // The workbook store re-reads only when the file changed, so asking it is cheap;
      // Google is asked once per 设置 freshness.seconds.
      freshnessMs: () => (store.kind === "xlsx" ? 0 : shared.freshnessSeconds * 1000),
    });
    shared.caches.set(key, c);
  }
  return c;
}

/** The spreadsheet as typed rows and problems; one read per request at most. */
export const loadDataset = cache(async (): Promise<LoadedDataset> => {
  const snapshot = await (await snapshotCache()).get();
  const dataset = datasetOf(snapshot.raw);
  if (snapshot.stale) return { ...dataset, stale: snapshot.stale };
  // The shared cache answers from its last good read while Google is unreachable.
  const age = Date.now() - Date.parse(dataset.readAt);
  if (dataset.source === "google" && age > 3 * shared.freshnessSeconds * 1000) {
    return { ...dataset, stale: { since: dataset.readAt, error: "Google Sheets 暂时无法连接" } };
  }
  return dataset;
});

/**
 * "Refresh now" and the edit webhook: a fresh read unless one was forced
 * moments ago, so neither can be used to burn the quota.
 */
export async function refreshDataset(): Promise<boolean> {
  const c = await snapshotCache();
  if (!c.mayForce()) return false;
  // Not { expire: 0 }: the tag is applied as this request ends, after the forced read below has
  // refreshed the shared entry, and expiring it would make the next viewer wait for Google again.
  revalidateTag(SHEET_TAG, "max");
  return (await c.forceRefresh()).refreshed;
}

/** After the app's own write: the writer's next read goes to the spreadsheet. */
export async function invalidateDataset() {
  revalidateTag(SHEET_TAG, { expire: 0 });
  (await snapshotCache()).invalidate();
}

export function today(): string {
  const e = env();
  return e.DUTYBOARD_TODAY ?? todayIn(e.APP_TIME_ZONE);
}
