/**
 * The forms' answer when an office suite holds the workbook: the server
 * actions on a real workbook (only the session and Next's cache replaced)
 * answer 已暂存（表格关闭后自动写入）, the entry is shown to its author and to
 * admins but not to others, and it lands once the lock is gone.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { can, type Capability, type Viewer } from "@/lib/auth/roles";
import { newRowId } from "@/lib/forms/ids";
import type { FormState } from "@/lib/forms/state";
import { formText } from "@/lib/forms/values";
import { parseWorkbook } from "@/lib/schema/workbook";
import type { XlsxStore } from "@/lib/sheets/xlsx-store";
import { seededWorkbook } from "./writes-support";

const state = vi.hoisted(() => ({ viewer: null as Viewer | null, store: null as XlsxStore | null }));

vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("next/cache", () => ({ updateTag: () => {}, revalidateTag: () => {}, unstable_cache: (f: unknown) => f }));
// The store is the test's own workbook; the rest of lib/sheets (its one door) is the real thing.
vi.mock("@/lib/sheets", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/sheets")>()), getStore: async () => state.store }));
vi.mock("@/lib/data/dataset", async () => {
  const { wallClockIn } = await import("@/lib/clock");
  return {
    SHEET_TAG: "sheet",
    loadDataset: async () => parseWorkbook(await state.store!.readAll()),
    invalidateDataset: async () => {},
    today: () => "2026-11-20",
    nowInZoneOf: (_d: unknown, now = new Date()) => ({ dateTime: wallClockIn("Asia/Shanghai", now) }),
    deploymentTimeZone: async () => "Asia/Shanghai",
    lastKnownTimeZone: () => "Asia/Shanghai",
  };
});
vi.mock("@/lib/auth/access", () => ({
  accessContext: async () => ({ rankingPublic: false }),
  requireActionAccess: async (capability: Capability) => {
    const viewer = state.viewer;
    if (!viewer) return { ok: false, error: "unauthorized", code: "auth.signed-out", message: "登录已失效，请重新登录后再提交。" };
    if (!can(viewer, capability)) return { ok: false, error: "forbidden", code: "auth.forbidden", message: "您的角色无权进行此操作。" };
    return { ok: true, viewer };
  },
}));

const { recordVisit } = await import("@/app/_actions/visits");
const { updateTaskProgress } = await import("@/app/_actions/tasks");
const { settleConflictAction } = await import("@/app/_actions/journal");
const { journalOf, pendingWritesFor, reconcile } = await import("@/lib/data/reconcile");

const ADMIN: Viewer = { kind: "user", login: "admin", role: "admin", unit: "旗委组织部" };
const UNIT: Viewer = { kind: "user", login: "unit", name: "经棚镇联络员", role: "unit", unit: "经棚镇" };
const OTHER: Viewer = { kind: "user", login: "tongxing", role: "unit", unit: "同兴镇" };
const IDLE: FormState = { status: "idle" };

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "journal-actions-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function post(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

describe("a form posted while the workbook is open in an office suite", () => {
  it("answers 已暂存, shows the entry to its author and admins, and writes it once the file is closed", async () => {
    const { store, file } = await seededWorkbook(dir, "held.xlsx");
    state.store = store;
    state.viewer = UNIT;
    const lock = path.join(dir, ".~lock.held.xlsx#");
    await writeFile(lock, ",张会计,PC-17,20.11.2026 10:00,;");
    const id = newRowId("visits", 2026);
    const version = await store.version();

    const result = await recordVisit(
      IDLE,
      post({ id, date: "2026-11-05", cadre: "刘七", unit: "经棚镇", contactPoint: "东村", suggestions: "3", solved: "2" }),
    );
    expect(result).toMatchObject({ status: "ok", pending: true, message: "已暂存（表格关闭后自动写入）" });
    const task = parseWorkbook(await store.readAll()).tasks.find((t) => t.leadUnit === "经棚镇" && t.status === "进行中")!;
    const current = { progress: formText(task.progress), status: formText(task.status), doneOn: formText(task.doneOn), notes: formText(task.notes) };
    const updated = await updateTaskProgress(
      IDLE,
      post({ id: task.id, ...current, progress: "91", ...Object.fromEntries(Object.entries(current).map(([k, v]) => [`seen.${k}`, v])) }),
    );
    expect(updated).toMatchObject({ status: "ok", pending: true, message: "已暂存（表格关闭后自动写入）", saved: { progress: "91" } });
    expect(await store.version()).toBe(version);

    expect((await pendingWritesFor(UNIT)).map((r) => r.rowId)).toEqual([id, task.id]);
    expect(await pendingWritesFor(OTHER)).toEqual([]);
    expect((await pendingWritesFor(ADMIN)).map((r) => r.rowId)).toEqual([id, task.id]);

    await rm(lock);
    await reconcile(await store.readAll(), { store, journal: journalOf(store)! });
    const after = parseWorkbook(await store.readAll());
    expect(after.visits.find((v) => v.id === id)).toMatchObject({ cadre: "刘七", suggestions: 3, solved: 2, enteredBy: "经棚镇联络员" });
    expect(after.tasks.find((t) => t.id === task.id)).toMatchObject({ progress: 91, updatedBy: "经棚镇联络员" });
    expect(await pendingWritesFor(UNIT)).toEqual([]);
    expect(file).toBeTruthy();
  });

  it("lets only an admin settle a conflict", async () => {
    state.store = (await seededWorkbook(dir, "settle-role.xlsx")).store;
    state.viewer = UNIT;
    expect(await settleConflictAction(IDLE, post({ id: "x", choice: "keep" }))).toMatchObject({ status: "error", reason: "refused" });
    state.viewer = ADMIN;
    expect(await settleConflictAction(IDLE, post({ id: "no-such-entry", choice: "keep" }))).toMatchObject({
      status: "error",
      error: "这条冲突已经处理过了，请刷新页面。",
    });
  });
});
