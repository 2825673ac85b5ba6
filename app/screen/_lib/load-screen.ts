import "server-only";
import { createHash } from "node:crypto";
import { loadDataset, timeZoneOf } from "@/lib/data/dataset";
import type { Viewer } from "@/lib/auth/roles";
import { summaryFor } from "@/lib/data/summary";
import { openSessionProgress } from "@/lib/data/appraisal";
import { screenData, type ScreenPayload } from "@/lib/domain/screen";

/**
 * Everything the meeting screen shows to this viewer, for the page's first paint and
 * for each poll: the ranking and score figures only as far as their role allows.
 */
export async function loadScreen(viewer: Viewer): Promise<ScreenPayload> {
  const [dataset, summary] = await Promise.all([loadDataset(), summaryFor(viewer)]);
  // The workbook is checked on every read, so its figures are current as of now;
  // Google's are as of the last read inside the freshness window.
  const asOf = !dataset.stale && dataset.source === "xlsx" ? new Date().toISOString() : dataset.readAt;
  const data = screenData({
    summary,
    tasks: dataset.tasks,
    units: dataset.units,
    meetings: dataset.meetings,
    snapshots: dataset.snapshots,
    settings: dataset.settings,
    asOf,
    stale: Boolean(dataset.stale),
    timeZone: timeZoneOf(dataset),
  });
  const appraisal = openSessionProgress(dataset).map((p) => ({ title: p.session.title ?? "", received: p.received, total: p.session.ballots }));
  const { asOf: _, stale: __, ...figures } = data;
  const version = createHash("sha1").update(JSON.stringify({ figures, appraisal })).digest("base64url").slice(0, 16);
  return { ...data, version, ...(appraisal.length > 0 && { appraisal }) };
}
