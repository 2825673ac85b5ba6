import "server-only";
import { gunzipSync, gzipSync } from "node:zlib";
import { revalidateTag, unstable_cache } from "next/cache";
import { cache } from "react";
import { todayIn, wallClockIn } from "../clock";
import { env } from "../env";
import type { RawWorkbook } from "../schema/cells";
import { DEFAULT_SETTINGS } from "../schema/settings";
import { parseWorkbook, type Dataset } from "../schema/workbook";
import { cooldownUpTo, getStore, ReadGuard, SnapshotCache, type Snapshot } from "../sheets";
import { redisKey, sharedRedis } from "../state/redis";
import { SnapshotShare } from "../state/snapshot-share";

export type LoadedDataset = Dataset & {
  /** Set when the spreadsheet could not be read: these are the last good figures. */
  stale?: Snapshot["stale"];
};

interface ProcessState {
  parsed: WeakMap<RawWorkbook, Dataset>;
  caches: Map<string, SnapshotCache>;
  /** The snapshot in Redis, when REDIS_URL is set (Google backend). */
  share?: SnapshotShare;
  freshnessSeconds: number;
  /** The deployment's zone as the last read said (设置 timezone, or the spreadsheet's on Google). */
  timeZone?: string;
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
    shared.timeZone = timeZoneOf(dataset);
  }
  return dataset;
}

/** The cache tag of the spreadsheet snapshot in Next's data cache. */
export const SHEET_TAG = "sheet";

/**
 * Next's data cache refuses entries over 2 MB (they would silently not be
 * shared, and every instance would read Google on its own); the snapshot is
 * stored gzipped, which takes a 12,000-visit workbook from ~3 MB to ~0.3 MB.
 */
function pack(raw: RawWorkbook): string {
  return gzipSync(JSON.stringify(raw)).toString("base64");
}

function unpack(packed: string): RawWorkbook {
  return JSON.parse(gunzipSync(Buffer.from(packed, "base64")).toString("utf8")) as RawWorkbook;
}

/**
 * Google reads go through Next's data cache, which serverless instances share:
 * one batchGet per window for the whole deployment, not per instance. It answers
 * stale-while-revalidate: an entry a window old is served once while the next
 * read runs in the background, and the snapshot cache above, which measures age
 * from the read itself (`readAt`), asks again 2 s later. Data is at most a window
 * and a read old, for one read per window.
 */
function sharedRead(read: () => Promise<RawWorkbook>): () => Promise<RawWorkbook> {
  return async () =>
    unpack(
      await unstable_cache(async () => pack(await read()), ["dutyboard-sheet-snapshot", env().GOOGLE_SHEETS_ID ?? ""], {
        tags: [SHEET_TAG],
        revalidate: Math.max(1, shared.freshnessSeconds),
      })(),
    );
}

async function snapshotCache(): Promise<SnapshotCache> {
  const store = await getStore();
  const key = store.kind;
  let c = shared.caches.get(key);
  if (!c) {
    const freshnessMs = () => (store.kind === "xlsx" ? 0 : shared.freshnessSeconds * 1000);
    if (store.kind === "google") {
      // Below the shared cache: one request at a time, and a cooling-off period after a 429 or 503.
      // After the first retries, no more than one attempt per freshness window while Google refuses.
      const guard = new ReadGuard(() => store.readAll(), { cooldownMs: cooldownUpTo(freshnessMs) });
      const redis = sharedRedis();
      if (redis) {
        // Several instances share one Redis: one read per window across all of them.
        const share = new SnapshotShare({ redis, key: redisKey("snapshot", env().GOOGLE_SHEETS_ID ?? ""), freshnessMs });
        shared.share = share;
        const forcedRead = async () => {
          const raw = await guard.guarded();
          await share.put(raw);
          return raw;
        };
        c = new SnapshotCache({ read: () => share.get(guard.guarded), forcedRead, failure: () => guard.failure(), freshnessMs });
      } else {
        c = new SnapshotCache({ read: sharedRead(guard.guarded), forcedRead: guard.guarded, failure: () => guard.failure(), freshnessMs });
      }
    } else {
      // The workbook store re-reads only when the file changed, so asking it every time is cheap.
      c = new SnapshotCache({ read: () => store.readAll(), freshnessMs });
    }
    shared.caches.set(key, c);
  }
  return c;
}

/** What the journal was last reconciled against in this process: the read, the journal's size, and whether writes still wait. */
let reconciledAgainst: { raw?: RawWorkbook; journalSize?: number; pending: boolean; held: boolean; at: number } = { pending: false, held: false, at: 0 };

/**
 * Recent web writes compared with the workbook after it changed (or the
 * journal did), and pending ones tried again every few seconds while any wait:
 * see reconcile.ts. Returns whether the workbook was written.
 */
async function reconcileJournal(raw: RawWorkbook): Promise<boolean> {
  // One at a time in a process: requests arriving meanwhile wait for it and read what it wrote.
  if (reconciling) return reconciling;
  reconciling = reconcileJournalNow(raw).finally(() => {
    reconciling = undefined;
  });
  return reconciling;
}

let reconciling: Promise<boolean> | undefined;

async function reconcileJournalNow(raw: RawWorkbook): Promise<boolean> {
  const store = await getStore();
  if (store.kind !== "xlsx") return false;
  const { heldOpen, journalOf, pendingWrites, reconcile } = await import("./reconcile");
  const journal = journalOf(store);
  if (!journal) return false;
  const now = Date.now();
  const last = reconciledAgainst;
  if (last.raw === raw && last.journalSize === journal.size()) {
    // Nothing changed: only writes still waiting are worth another look, once the office lock is gone
    // (at once when it just went, then every few seconds while the store still refuses).
    if (!last.pending || heldOpen(store) || (!last.held && now - last.at < 3_000)) return false;
  }
  try {
    const report = await reconcile(raw, { store, journal });
    reconciledAgainst = { raw, journalSize: journal.size(), pending: pendingWrites(journal).length > 0, held: heldOpen(store), at: now };
    return report.wrote;
  } catch (error) {
    console.error("写入日志核对失败：", error);
    return false;
  }
}

/** The spreadsheet as typed rows and problems; one read per request at most. */
export const loadDataset = cache(async (): Promise<LoadedDataset> => {
  const c = await snapshotCache();
  let snapshot = await c.get();
  if (!snapshot.stale && (await reconcileJournal(snapshot.raw))) {
    c.invalidate();
    snapshot = await c.get();
  }
  const dataset = datasetOf(snapshot.raw);
  return snapshot.stale ? { ...dataset, stale: snapshot.stale } : dataset;
});

/**
 * "Refresh now" and the edit webhook: a fresh read unless one was forced
 * moments ago, so neither can be used to burn the quota.
 */
export async function refreshDataset(): Promise<boolean> {
  const c = await snapshotCache();
  // Refused or not, the request counts: a refused one is followed by a read once the interval has passed.
  const { refreshed } = await c.forceRefresh();
  // The forced read went past the shared cache; its entry is now older than this
  // instance's data, so other instances revalidate it in the background.
  if (refreshed) revalidateTag(SHEET_TAG, "max");
  return refreshed;
}

/** After the app's own write: the writer's next read goes to the spreadsheet. */
export async function invalidateDataset() {
  revalidateTag(SHEET_TAG, { expire: 0 });
  const c = await snapshotCache();
  await shared.share?.drop();
  c.invalidate();
}

/**
 * The zone every app-written time is in and shown in: on Google the spreadsheet's own,
 * otherwise 设置 timezone, else APP_TIME_ZONE (Asia/Shanghai). Never the server's TZ.
 */
export function timeZoneOf(dataset: Pick<Dataset, "source" | "timeZone" | "settings">): string {
  return (dataset.source === "google" ? dataset.timeZone : undefined) ?? dataset.settings.timeZone ?? env().APP_TIME_ZONE;
}

/** Now as a 更新时间 / 录入时间 cell: the wall clock a person in the deployment's zone would type. */
export function nowInZoneOf(dataset: Pick<Dataset, "source" | "timeZone" | "settings">, now: Date = new Date()): { dateTime: string } {
  return { dateTime: wallClockIn(timeZoneOf(dataset), now) };
}

/** The deployment's zone, from this request's read of the spreadsheet. */
export async function deploymentTimeZone(): Promise<string> {
  return timeZoneOf(await loadDataset());
}

/** The deployment's zone as of the last read (设置 timezone / the spreadsheet's), else APP_TIME_ZONE; no read of its own. */
export function lastKnownTimeZone(): string {
  return shared.timeZone ?? env().APP_TIME_ZONE;
}

/** Today in the deployment's zone (as of the last read), or DUTYBOARD_TODAY. */
export function today(): string {
  return env().DUTYBOARD_TODAY ?? todayIn(lastKnownTimeZone());
}
