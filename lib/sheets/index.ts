import path from "node:path";
import { env } from "../env";
import type { SheetStore } from "./store";

export interface StoreConfig {
  backend?: "xlsx" | "google";
  file?: string;
}

/** One per process, shared by every route bundle: one read cache and one write queue per spreadsheet. */
const stores: Map<string, SheetStore> = ((globalThis as { __dutyboardStores?: Map<string, SheetStore> }).__dutyboardStores ??= new Map());

/** The configured spreadsheet; one store per target so its read cache is shared. */
export async function getStore(config: StoreConfig = {}): Promise<SheetStore> {
  const e = env();
  const backend = config.backend ?? e.SHEETS_BACKEND;
  if (backend === "google") {
    // Imported here so the workbook backend never loads the Google client.
    const { GoogleStore, googleStoreConfigFromEnv } = await import("./google-store");
    const googleConfig = googleStoreConfigFromEnv(e);
    const key = `google:${googleConfig.emulatorHost ?? ""}:${googleConfig.spreadsheetId}`;
    let store = stores.get(key);
    if (!store) {
      store = new GoogleStore(googleConfig);
      stores.set(key, store);
    }
    return store;
  }
  const file = path.resolve(/*turbopackIgnore: true*/ config.file ?? e.DATA_FILE);
  const key = `xlsx:${file}`;
  let store = stores.get(key);
  if (!store) {
    // Imported here too, so a Google deployment never loads exceljs on a cold start.
    const { XlsxStore } = await import("./xlsx-store");
    // Another caller may have created it while this one waited for the import.
    store = stores.get(key) ?? new XlsxStore(file, { backups: e.DATA_BACKUPS, timeZone: e.APP_TIME_ZONE });
    stores.set(key, store);
  }
  return store;
}

export type { CellInput, MisplacedWrite, RowInput, SheetStore } from "./store";
// The one door into lib/sheets for the rest of lib/ and app/ (.dependency-cruiser.cjs holds it).
export { sameCellValue } from "./compare";
export { officeLockExistsNow, officeLockInfo, withFileLock } from "./file-lock";
export { Journal, journalDirOf, officeLockPresent, type JournalEntry, type JournalRecord } from "./journal";
export { cooldownUpTo, ReadGuard, SnapshotCache, type Snapshot } from "./snapshot-cache";
export { readWorkbookFast } from "./xlsx-fast-reader";
