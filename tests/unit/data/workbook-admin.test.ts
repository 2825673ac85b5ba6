/**
 * The admin's two repairs on real files: a stale office lock cleared (only
 * when old enough, confirmed, and still the lock that was shown) and a backup
 * restored (current workbook kept first, an unreadable backup or an open
 * office suite refused), each said in 操作日志.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/roles";
import { backupDirOf, clearOfficeLock, listBackups, officeLockStatus, restoreBackup, STALE_OFFICE_LOCK_MS } from "@/lib/data/workbook-admin";
import { readWorkbookFast } from "@/lib/sheets/xlsx-fast-reader";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { seedWorkbook } from "@/seeds/seed";

const admin: Viewer = { kind: "user", login: "admin", role: "admin" };
const unitUser: Viewer = { kind: "user", login: "unit", role: "unit", unit: "U01" };

let dir: string;
let file: string;
let lock: string;

async function auditActions(): Promise<string[][]> {
  const tabs = await readWorkbookFast(file);
  const audit = tabs.find((t) => t.title === "操作日志");
  return (audit?.rows ?? []).map((r) => r.cells.map((c) => String(c ?? "")));
}

async function writeLock(ageMs: number) {
  await writeFile(lock, ",wangfang,office-pc,07.12.2026 09:00,file:///home/wangfang/.config/libreoffice/4;");
  const at = new Date(Date.now() - ageMs);
  await utimes(lock, at, at);
  return (await stat(lock)).mtimeMs;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "adminops-workbook-admin-"));
  file = path.join(dir, "dutyboard.xlsx");
  lock = path.join(dir, ".~lock.dutyboard.xlsx#");
  await seedWorkbook({ file, year: 2026, today: "2026-11-20", quiet: true });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a stale office lock", () => {
  it("is shown with holder and age, marked stale past the threshold, and cleared by an admin who confirms, with a 操作日志 row", async () => {
    const mtimeMs = await writeLock(STALE_OFFICE_LOCK_MS + 60_000);
    const status = officeLockStatus(file);
    expect(status).toMatchObject({ name: ".~lock.dutyboard.xlsx#", holder: "wangfang", mtimeMs, stale: true });
    expect(status!.ageMs).toBeGreaterThan(STALE_OFFICE_LOCK_MS);

    const before = (await auditActions()).length;
    const store = new XlsxStore(file, { backups: 0 });
    const outcome = await clearOfficeLock(admin, file, { name: status!.name, mtimeMs, confirmed: true }, { store });
    expect(outcome).toMatchObject({ ok: true, audited: true });
    expect(existsSync(lock)).toBe(false);
    const rows = await auditActions();
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)!.join("|")).toContain("清除办公软件锁文件");
    expect(rows.at(-1)!.join("|")).toContain("wangfang");
  });

  it("younger than the threshold is shown but not cleared", async () => {
    const mtimeMs = await writeLock(STALE_OFFICE_LOCK_MS - 10 * 60_000);
    expect(officeLockStatus(file)).toMatchObject({ stale: false, holder: "wangfang" });
    const outcome = await clearOfficeLock(admin, file, { name: ".~lock.dutyboard.xlsx#", mtimeMs, confirmed: true });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain("不足 3 小时");
    expect(existsSync(lock)).toBe(true);
  });

  it("is not cleared without the confirmation, nor for a non-admin", async () => {
    const mtimeMs = await writeLock(STALE_OFFICE_LOCK_MS * 2);
    const unconfirmed = await clearOfficeLock(admin, file, { name: ".~lock.dutyboard.xlsx#", mtimeMs, confirmed: false });
    expect(unconfirmed).toMatchObject({ ok: false });
    expect(unconfirmed.message).toContain("确认没有人正在用办公软件编辑该表格");
    const notAdmin = await clearOfficeLock(unitUser, file, { name: ".~lock.dutyboard.xlsx#", mtimeMs, confirmed: true });
    expect(notAdmin).toMatchObject({ ok: false, message: "只有管理员可以进行此操作。" });
    expect(existsSync(lock)).toBe(true);
  });

  it("that changed after the page showed it (reopened: a new mtime) is refused and kept", async () => {
    const shown = await writeLock(STALE_OFFICE_LOCK_MS * 2);
    await writeLock(STALE_OFFICE_LOCK_MS * 2 - 5_000);
    expect(officeLockStatus(file)!.mtimeMs).not.toBe(shown);
    const outcome = await clearOfficeLock(admin, file, { name: ".~lock.dutyboard.xlsx#", mtimeMs: shown, confirmed: true });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain("锁文件在您打开本页后变了");
    expect(existsSync(lock)).toBe(true);
  });
});

describe("restoring a backup", () => {
  async function makeBackup(name: string, bytes?: Buffer) {
    await mkdir(backupDirOf(file), { recursive: true });
    await writeFile(path.join(backupDirOf(file), name), bytes ?? (await readFile(file)));
  }

  it("keeps the current workbook as a backup, puts the chosen one in place, and says so in 操作日志", async () => {
    await makeBackup("dutyboard.2026-11-19T08-00-00-000Z.xlsx");
    const backupBytes = await readFile(path.join(backupDirOf(file), "dutyboard.2026-11-19T08-00-00-000Z.xlsx"));
    // The workbook changes after the backup: a visit recorded through the store.
    const store = new XlsxStore(file, { backups: 0 });
    await store.append((await import("@/lib/schema/tabs")).auditTab, [{ at: { dateTime: "2026-11-20T09:00:00" }, login: "x", action: "after-backup" }]);
    const current = await readFile(file);
    expect(current.equals(backupBytes)).toBe(false);

    let invalidated = 0;
    const outcome = await restoreBackup(
      admin,
      file,
      { name: "dutyboard.2026-11-19T08-00-00-000Z.xlsx", confirmed: true },
      { store, afterRestore: async () => void invalidated++ },
    );
    expect(outcome).toMatchObject({ ok: true, audited: true });
    expect(invalidated).toBe(1);
    // The replaced workbook is kept, byte for byte, so the restore can be undone.
    const kept = (await listBackups(file)).find((b) => b.name.includes("before-restore"));
    expect(kept).toBeDefined();
    expect((await readFile(path.join(backupDirOf(file), kept!.name))).equals(current)).toBe(true);
    const rows = await auditActions();
    expect(rows.some((r) => r.includes("after-backup"))).toBe(false);
    expect(rows.at(-1)!.join("|")).toContain("恢复备份");
    expect(rows.at(-1)!.join("|")).toContain(kept!.name);
    await expect(readdir(dir).then((names) => names.filter((n) => n.endsWith(".tmp")))).resolves.toEqual([]);
  });

  it("works while the workbook itself cannot be read", async () => {
    await makeBackup("dutyboard.2026-11-19T08-00-00-000Z.xlsx");
    await writeFile(file, "not a zip at all");
    await expect(readWorkbookFast(file)).rejects.toThrow();
    const outcome = await restoreBackup(
      admin,
      file,
      { name: "dutyboard.2026-11-19T08-00-00-000Z.xlsx", confirmed: true },
      { store: new XlsxStore(file, { backups: 0 }) },
    );
    expect(outcome.ok).toBe(true);
    expect((await readWorkbookFast(file)).some((t) => t.title === "用户")).toBe(true);
    const kept = (await listBackups(file)).find((b) => b.name.includes("before-restore"))!;
    expect(await readFile(path.join(backupDirOf(file), kept.name), "utf8")).toBe("not a zip at all");
  });

  it("refuses a backup the reader cannot open, and leaves the workbook as it was", async () => {
    await makeBackup("dutyboard.2026-11-19T08-00-00-000Z.xlsx", Buffer.from("PK\u0003\u0004 truncated"));
    const before = await readFile(file);
    const outcome = await restoreBackup(admin, file, { name: "dutyboard.2026-11-19T08-00-00-000Z.xlsx", confirmed: true });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain("无法读取");
    expect((await readFile(file)).equals(before)).toBe(true);
    expect((await listBackups(file)).map((b) => b.name)).toEqual(["dutyboard.2026-11-19T08-00-00-000Z.xlsx"]);
  });

  it("refuses while an office suite holds the workbook", async () => {
    await makeBackup("dutyboard.2026-11-19T08-00-00-000Z.xlsx", Buffer.from("different"));
    await makeBackup("dutyboard.2026-11-19T09-00-00-000Z.xlsx");
    await writeLock(60_000);
    const before = await readFile(file);
    const outcome = await restoreBackup(admin, file, { name: "dutyboard.2026-11-19T09-00-00-000Z.xlsx", confirmed: true });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain("wangfang");
    expect((await readFile(file)).equals(before)).toBe(true);
  });

  it("refuses a name outside the backups, an unconfirmed request and a non-admin", async () => {
    await makeBackup("dutyboard.2026-11-19T08-00-00-000Z.xlsx");
    expect(await restoreBackup(admin, file, { name: "../dutyboard.xlsx", confirmed: true })).toMatchObject({ ok: false });
    expect(await restoreBackup(admin, file, { name: "dutyboard.2026-11-19T08-00-00-000Z.xlsx", confirmed: false })).toMatchObject({ ok: false });
    expect(await restoreBackup(unitUser, file, { name: "dutyboard.2026-11-19T08-00-00-000Z.xlsx", confirmed: true })).toMatchObject({
      ok: false,
      message: "只有管理员可以进行此操作。",
    });
    expect((await listBackups(file)).length).toBe(1);
  });

  it("lists backups newest first with their sizes", async () => {
    await makeBackup("dutyboard.2026-11-19T08-00-00-000Z.xlsx", Buffer.from("a"));
    await makeBackup("dutyboard.2026-11-19T09-00-00-000Z.xlsx", Buffer.from("bbb"));
    await makeBackup("other.2026-11-19T09-00-00-000Z.xlsx", Buffer.from("c"));
    const old = new Date(Date.now() - 3_600_000);
    await utimes(path.join(backupDirOf(file), "dutyboard.2026-11-19T08-00-00-000Z.xlsx"), old, old);
    expect((await listBackups(file)).map((b) => [b.name, b.size])).toEqual([
      ["dutyboard.2026-11-19T09-00-00-000Z.xlsx", 3],
      ["dutyboard.2026-11-19T08-00-00-000Z.xlsx", 1],
    ]);
  });
});
