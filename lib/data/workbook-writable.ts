/**
 * Whether the web can save to the workbook: the file and its directory must
 * be writable (a save renames a new file over the old one). No framework
 * imports, so a test can ask as another user.
 */
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";
import { env } from "../env";

export interface NotWritable {
  code: "workbook-not-writable";
}

/** Whether the web can save: the workbook file and its directory (a save renames a new file over it). */
export async function writableFault(): Promise<NotWritable | undefined> {
  const e = env();
  if (e.SHEETS_BACKEND !== "xlsx") return undefined;
  const file = path.resolve(/*turbopackIgnore: true*/ e.DATA_FILE);
  try {
    await access(/*turbopackIgnore: true*/ file, constants.W_OK);
    await access(/*turbopackIgnore: true*/ path.dirname(file), constants.W_OK);
    return undefined;
  } catch {
    return { code: "workbook-not-writable" };
  }
}
