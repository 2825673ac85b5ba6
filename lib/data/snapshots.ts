import "server-only";
import type { ErrorParams } from "../errors";
import { meetingSnapshotText } from "../domain/league";
import { needsMonthlySnapshot, nextSnapshotId } from "../domain/screen";
import { snapshotsTab } from "../schema/tabs";
import { parseWorkbook } from "../schema/workbook";
import { getStore } from "../sheets";
import { loadDataset, today } from "./dataset";
import { appendRow, type WriteFailureReason } from "./writes";

export type SnapshotResult =
  | { ok: true; id: string; date: string }
  | { ok: false; reason: WriteFailureReason | "exists" | "failed"; params?: ErrorParams; message: string };

/** The login recorded in 操作日志 for the snapshot the screen takes by itself. */
export const AUTO_SNAPSHOT_LOGIN = "system:meeting-screen";

/** One writer at a time in this process, so two screens opened together cannot both take the month's snapshot. */
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Reads the spreadsheet afresh (not this request's cached copy), so the decision to
 * write is taken on what the sheet holds now.
 */
async function freshDataset() {
  return parseWorkbook(await (await getStore()).readAll());
}

async function writeSnapshot(login: string, auto: boolean): Promise<SnapshotResult> {
  const dataset = await freshDataset();
  const date = today();
  if (auto && !needsMonthlySnapshot(dataset.snapshots, date)) return { ok: false, reason: "exists", message: "本月已有会议快照" };
  const id = nextSnapshotId(dataset.snapshots, date);
  const figures = meetingSnapshotText(dataset, date);
  // Through the app's one write path: the 操作日志 row goes in the same save.
  const written = await appendRow({ login }, snapshotsTab, { id, date: { date }, figures }, { action: auto ? "自动会议快照" : "会议快照" });
  return written.ok ? { ok: true, id, date } : written;
}

/** An admin's snapshot of the headline figures (the caller checks the role). */
export function takeMeetingSnapshot(login: string): Promise<SnapshotResult> {
  return serialised(() => writeSnapshot(login, false));
}

const AUTO_RETRY_MS = 5 * 60_000;
/** Months already settled in this process, and when an attempt last failed (a locked workbook, say). */
const settledMonths = new Set<string>();
let lastFailure = { month: "", at: -Infinity };

/**
 * The first screen view of a month takes that month's snapshot when the sheet has none.
 * Cheap on every later view: the request's cached dataset answers, then memory does.
 */
export async function ensureMonthlySnapshot(): Promise<SnapshotResult | undefined> {
  const date = today();
  const month = date.slice(0, 7);
  if (settledMonths.has(month)) return undefined;
  if (!needsMonthlySnapshot((await loadDataset()).snapshots, date)) {
    settledMonths.add(month);
    return undefined;
  }
  if (lastFailure.month === month && Date.now() - lastFailure.at < AUTO_RETRY_MS) return undefined;
  return serialised(async () => {
    if (settledMonths.has(month)) return undefined;
    let result: SnapshotResult;
    try {
      result = await writeSnapshot(AUTO_SNAPSHOT_LOGIN, true);
    } catch (e) {
      result = { ok: false, reason: "failed", message: e instanceof Error ? e.message : String(e) };
    }
    if (result.ok || result.reason === "exists") settledMonths.add(month);
    else {
      lastFailure = { month, at: Date.now() };
      console.warn(`[meeting-screen] monthly snapshot not written (${result.reason}: ${result.message}); retrying in ${AUTO_RETRY_MS / 60_000} min`);
    }
    return result;
  });
}
