/**
 * The office lock files beside the workbook, on a real directory: each suite's
 * name is recognised, and the holder and age are read as /admin will show them.
 */
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { officeLockExistsNow, officeLockHolder, officeLockInfo, officeLockNames } from "@/lib/sheets/file-lock";

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "write-office-lock-"));
  file = path.join(dir, "dutyboard.xlsx");
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("office lock files", () => {
  it("knows LibreOffice's, Excel's (both forms) and WPS's names", () => {
    expect(officeLockNames(file)).toEqual([".~lock.dutyboard.xlsx#", "~$dutyboard.xlsx", "~$tyboard.xlsx", ".~dutyboard.xlsx"]);
  });

  it("finds none when the workbook is closed", async () => {
    expect(officeLockExistsNow(file)).toBeUndefined();
    expect(officeLockInfo(file)).toBeUndefined();
    expect(await officeLockHolder(file)).toBeUndefined();
  });

  it("reads the user from LibreOffice's lock and says how old it is", async () => {
    const lock = path.join(dir, ".~lock.dutyboard.xlsx#");
    await writeFile(lock, ",wangfang,office-pc,07.12.2026 09:00,file:///home/wangfang/.config/libreoffice/4;");
    const threeHours = new Date(Date.now() - 3 * 3600_000);
    await utimes(lock, threeHours, threeHours);
    const info = officeLockInfo(file);
    expect(info?.holder).toBe("wangfang");
    expect(info?.path).toBe(lock);
    expect(info?.ageMs).toBeGreaterThanOrEqual(3 * 3600_000 - 1000);
    expect(await officeLockHolder(file)).toBe("wangfang");
  });

  it("recognises WPS's lock, naming it when it holds no user", async () => {
    await writeFile(path.join(dir, ".~dutyboard.xlsx"), "");
    expect(officeLockExistsNow(file)).toBe(path.join(dir, ".~dutyboard.xlsx"));
    expect(await officeLockHolder(file)).toBe(".~dutyboard.xlsx");
  });
});
