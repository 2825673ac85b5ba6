import "server-only";
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

const parsed = new WeakMap<RawWorkbook, Dataset>();
const caches = new Map<string, SnapshotCache>();
let freshnessSeconds = DEFAULT_SETTINGS.freshnessSeconds;

/** Parsing is pure, so one parse serves every request until the raw read changes. */
function datasetOf(raw: RawWorkbook): Dataset {
  let dataset = parsed.get(raw);
  if (!dataset) {
    dataset = parseWorkbook(raw);
    parsed.set(raw, dataset);
    freshnessSeconds = dataset.settings.freshnessSeconds;
  }
  return dataset;
}

async function snapshotCache(): Promise<SnapshotCache> {
  const store = await getStore();
  const key = store.kind;
  let c = caches.get(key);
  if (!c) {
    c = new SnapshotCache({
      read: () => store.readAll(),
      // The workbook store re-reads only when the file changed, so asking it is cheap;
      // Google is asked once per 设置 freshness.seconds.
      freshnessMs: () => (store.kind === "xlsx" ? 0 : freshnessSeconds * 1000),
    });
    caches.set(key, c);
  }
  return c;
}

/** The spreadsheet as typed rows and problems; one read per request at most. */
export const loadDataset = cache(async (): Promise<LoadedDataset> => {
  const snapshot = await (await snapshotCache()).get();
  const dataset = datasetOf(snapshot.raw);
  return snapshot.stale ? { ...dataset, stale: snapshot.stale } : dataset;
});

/** "Refresh now": a fresh read unless one was forced moments ago. */
export async function refreshDataset(): Promise<boolean> {
  return (await (await snapshotCache()).forceRefresh()).refreshed;
}

/** After the app's own write: the next read goes to the spreadsheet. */
export async function invalidateDataset() {
  (await snapshotCache()).invalidate();
}

export function today(): string {
  const e = env();
  return e.DUTYBOARD_TODAY ?? todayIn(e.APP_TIME_ZONE);
}
