import "server-only";
/**
 * Whether the spreadsheet can be used at all, and if not, why, in words a
 * person can act on. A workbook that cannot be opened, lacks a tab the app
 * needs (a renamed 用户 would refuse everyone) or lacks a part of its zip is
 * not a page error: every page answers 503 with the cause and what to do,
 * while admins named in ADMIN_LOGINS still reach 数据体检 and /admin.
 * Causes are codes; no file path or raw error leaves this module except in
 * the server log.
 */
import { constants } from "node:fs";
import { access, readdir } from "node:fs/promises";
import path from "node:path";
import { env } from "../env";
import { messagesFor, type Messages } from "../i18n";
import { loadDataset, type LoadedDataset } from "./dataset";
import { writableFault } from "./workbook-writable";
import { zipEntryNames } from "./zip-entries";

export { writableFault };

export type WorkbookFaultCode = "workbook-missing" | "workbook-unreadable" | "part-missing" | "tab-missing" | "workbook-not-writable" | "read-failed";

export interface WorkbookFault {
  code: WorkbookFaultCode;
  /** The tab or zip part concerned, by its name in the workbook (never a server path). */
  detail?: string;
}

export type WorkbookHealth = { ok: true; dataset: LoadedDataset } | { ok: false; fault: WorkbookFault; dataset?: LoadedDataset };

/**
 * Whether pages answer 503: nothing could be read, or what was read cannot be
 * used. A workbook that broke after a good read keeps showing that read (with
 * the stale banner), and one that cannot be written still shows its figures.
 */
export function blocksPages(health: WorkbookHealth): health is { ok: false; fault: WorkbookFault; dataset?: LoadedDataset } {
  if (health.ok) return false;
  return health.dataset === undefined || health.fault.code === "part-missing" || health.fault.code === "tab-missing";
}

/** What went wrong and what to do, in the viewer's language (Chinese by default), for the 503 page, 数据体检 and /admin. */
export function faultText(fault: WorkbookFault, latestBackup?: string, t: Messages = messagesFor("zh")): { title: string; cause: string; action: string } {
  const f = t.errors.fault;
  const restore = latestBackup ? f.restore(latestBackup) : f.noBackup;
  switch (fault.code) {
    case "workbook-missing":
      return { title: f.missingTitle, cause: f.missingCause, action: f.missingAction(restore) };
    case "workbook-unreadable":
      return { title: f.unreadableTitle, cause: f.unreadableCause, action: restore };
    case "part-missing":
      return { title: f.partTitle, cause: f.partCause(fault.detail ?? "sharedStrings.xml"), action: f.partAction(restore) };
    case "tab-missing":
      return {
        title: f.tabTitle(fault.detail ?? ""),
        cause: f.tabCause(fault.detail ?? "", fault.detail === "用户"),
        action: f.tabAction(fault.detail ?? "", restore),
      };
    case "workbook-not-writable":
      return { title: f.notWritableTitle, cause: f.notWritableCause, action: f.notWritableAction };
    case "read-failed":
      return { title: f.readFailedTitle, cause: f.readFailedCause, action: f.readFailedAction };
  }
}

/** The tabs without which the app cannot decide who anyone is or show anything. */
const REQUIRED_TABS = ["用户"];

const logged = new Set<string>();
/** Every request asks while the workbook is broken: the server log says it once per cause. */
function logOnce(message: string) {
  if (logged.has(message)) return;
  if (logged.size > 100) logged.clear();
  logged.add(message);
  console.error("[workbook]", message);
}

async function diagnoseRead(error: unknown): Promise<WorkbookFault> {
  const e = env();
  if (e.SHEETS_BACKEND !== "xlsx") return { code: "read-failed" };
  if ((error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return { code: "workbook-missing" };
  try {
    await access(/*turbopackIgnore: true*/ e.DATA_FILE, constants.R_OK);
  } catch {
    return { code: "workbook-missing" };
  }
  return { code: "workbook-unreadable" };
}

/** A workbook that reads but cannot be used: a part whose absence blanks every text, or a tab the app needs. */
async function diagnoseDataset(dataset: LoadedDataset): Promise<WorkbookFault | undefined> {
  const e = env();
  const missingTab = dataset.problems.find((p) => p.code === "missing-tab" && p.severity === "error" && REQUIRED_TABS.includes(p.tab));
  const headerless = dataset.problems.filter((p) => p.code === "missing-header").length;
  if (e.SHEETS_BACKEND === "xlsx" && (missingTab || headerless > 0)) {
    // Without shared strings every text cell reads as a number: no header is found, no login matches.
    const names = await zipEntryNames(e.DATA_FILE).catch(() => undefined);
    if (names && !names.includes("xl/sharedStrings.xml") && headerless > 0) return { code: "part-missing", detail: "sharedStrings.xml" };
  }
  if (missingTab) return { code: "tab-missing", detail: missingTab.tab };
  const anyTab = dataset.problems.find((p) => p.code === "missing-tab" && p.severity === "error");
  if (anyTab && dataset.tasks.length === 0 && dataset.units.length === 0) return { code: "tab-missing", detail: anyTab.tab };
  return undefined;
}

/** The spreadsheet's health: read through the shared snapshot, so asking costs no extra read. */
export async function workbookHealth(): Promise<WorkbookHealth> {
  let dataset: LoadedDataset;
  try {
    dataset = await loadDataset();
  } catch (error) {
    logOnce(error instanceof Error ? error.message : String(error));
    return { ok: false, fault: await diagnoseRead(error) };
  }
  const fault = (await diagnoseDataset(dataset)) ?? (dataset.stale ? await diagnoseRead(undefined) : undefined) ?? (await writableFault());
  return fault ? { ok: false, fault, dataset } : { ok: true, dataset };
}

/** The newest backup's file name (not its path), for the message. */
export async function latestBackup(): Promise<string | undefined> {
  const e = env();
  if (e.SHEETS_BACKEND !== "xlsx") return undefined;
  const file = path.resolve(/*turbopackIgnore: true*/ e.DATA_FILE);
  const base = path.basename(file, ".xlsx");
  try {
    const names = (await readdir(/*turbopackIgnore: true*/ path.join(path.dirname(file), ".backups"))).filter(
      (f) => f.startsWith(`${base}.`) && f.endsWith(".xlsx"),
    );
    return names.sort().at(-1);
  } catch {
    return undefined;
  }
}
