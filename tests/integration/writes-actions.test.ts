/**
 * The server actions end to end on a real workbook, with only the session and
 * Next's cache replaced: the validated-action wrapper checks the role and the
 * unit before anything is written, refuses forged posts and bad input with
 * Chinese messages, and turns a conflict into the side-by-side state the form
 * shows.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { can, type Capability, type Viewer } from "@/lib/auth/roles";
import { newRowId } from "@/lib/forms/ids";
import type { FormState } from "@/lib/forms/state";
import { formText } from "@/lib/forms/values";
import { parseWorkbook } from "@/lib/schema/workbook";
import { officeLockNames } from "@/lib/sheets/file-lock";
import type { Task, Visit } from "@/lib/schema/tabs";
import type { XlsxStore } from "@/lib/sheets/xlsx-store";
import { seededWorkbook, TODAY } from "./writes-support";

const state = vi.hoisted(() => ({ viewer: null as Viewer | null, store: null as XlsxStore | null, file: "", locale: undefined as string | undefined }));

// The language cookie as the browser sends it (app/_lib/locale.ts reads it).
vi.mock("next/headers", () => ({ cookies: async () => ({ get: (name: string) => (name === "lang" && state.locale ? { value: state.locale } : undefined) }) }));
vi.mock("next/cache", () => ({ updateTag: () => {}, revalidateTag: () => {}, unstable_cache: (f: unknown) => f }));
// The store is the test's own workbook; the rest of lib/sheets (its one door) is the real thing.
vi.mock("@/lib/sheets", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/sheets")>()), getStore: async () => state.store }));
vi.mock("@/lib/data/dataset", async () => {
  const { wallClockIn } = await import("@/lib/clock");
  return {
    SHEET_TAG: "sheet",
    loadDataset: async () => parseWorkbook(await state.store!.readAll()),
    invalidateDataset: async () => {},
    today: () => TODAY,
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

const { updateTaskProgress } = await import("@/app/_actions/tasks");
const { editVisit, recordVisit } = await import("@/app/_actions/visits");
const { enterScore } = await import("@/app/_actions/records");
const { assignMissingIdsAction } = await import("@/app/_actions/admin");

const ADMIN: Viewer = { kind: "user", login: "admin", role: "admin", unit: "旗委组织部" };
const UNIT: Viewer = { kind: "user", login: "unit", name: "经棚镇联络员", role: "unit", unit: "经棚镇" };
const LEADER: Viewer = { kind: "user", login: "leader", role: "leader" };
const IDLE: FormState = { status: "idle" };

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "dutyboard-actions-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
beforeEach(async () => {
  const seeded = await seededWorkbook(dir, `actions-${n++}.xlsx`);
  state.store = seeded.store;
  state.file = seeded.file;
  state.viewer = ADMIN;
  state.locale = undefined;
});

async function dataset() {
  return parseWorkbook(await state.store!.readAll());
}

function post(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) (Array.isArray(v) ? v : [v]).forEach((x) => data.append(k, x));
  return data;
}

/** The task form as the page renders it: values and the hidden "seen" copies. */
function taskForm(task: Task, changes: Record<string, string> = {}) {
  const current = { progress: formText(task.progress), status: formText(task.status), doneOn: formText(task.doneOn), notes: formText(task.notes) };
  return post({ id: task.id, ...current, ...changes, ...Object.fromEntries(Object.entries(current).map(([k, v]) => [`seen.${k}`, v])) });
}

function visitForm(visit: Partial<Visit> & { id: string }, seen?: Partial<Visit>) {
  const keys = ["date", "cadre", "tier", "unit", "contactPoint", "method", "suggestions", "solved", "summary", "evidence"] as const;
  const fields: Record<string, string> = { id: visit.id };
  for (const k of keys) fields[k] = formText(visit[k]);
  if (seen) for (const k of keys) fields[`seen.${k}`] = formText(seen[k]);
  return post(fields);
}

describe("roles and units, checked before anything is written", () => {
  it("lets a unit officer update a task their unit leads, stamped and logged with their login", async () => {
    state.viewer = UNIT;
    const task = (await dataset()).tasks.find((t) => t.leadUnit === "经棚镇" && t.status === "进行中")!;
    const result = await updateTaskProgress(IDLE, taskForm(task, { progress: "88", notes: "已完成入户走访" }));
    expect(result).toMatchObject({ status: "ok", message: "已保存任务进度。", saved: { progress: "88", notes: "已完成入户走访" } });
    const after = await dataset();
    expect(after.tasks.find((t) => t.id === task.id)).toMatchObject({ progress: 88, notes: "已完成入户走访", updatedBy: "经棚镇联络员" });
    expect(after.audit.at(-1)).toMatchObject({ login: "unit", action: "更新任务进度", rowId: task.id });
  });

  it("refuses a unit officer's forged post for another unit's task, writing nothing", async () => {
    state.viewer = UNIT;
    const task = (await dataset()).tasks.find((t) => t.leadUnit !== "经棚镇" && t.status === "进行中")!;
    const version = await state.store!.version();
    const result = await updateTaskProgress(IDLE, taskForm(task, { progress: "1" }));
    expect(result).toMatchObject({
      status: "error",
      reason: "refused",
      error: `这项任务的牵头单位是「${task.leadUnit}」，不是您的单位（经棚镇），不能修改。本次未保存任何内容。`,
    });
    expect(await state.store!.version()).toBe(version);
  });

  it("refuses a visit a unit officer posts for another unit, naming the field", async () => {
    state.viewer = UNIT;
    const version = await state.store!.version();
    const result = await recordVisit(
      IDLE,
      visitForm({ id: newRowId("visits", 2026), date: "2026-11-19", cadre: "张三", unit: "宇宙地镇", contactPoint: "幸福村" }),
    );
    expect(result).toMatchObject({
      status: "error",
      reason: "refused",
      fieldErrors: { unit: "您只能为本单位（经棚镇）填报，不能选择其他单位。本次未保存任何内容。" },
    });
    expect(await state.store!.version()).toBe(version);
  });

  it("refuses a unit officer editing another unit's visit, or moving their own to another unit", async () => {
    state.viewer = UNIT;
    const visits = (await dataset()).visits;
    const theirs = visits.find((v) => v.unit !== "经棚镇")!;
    expect(await editVisit(IDLE, visitForm(theirs, theirs))).toMatchObject({
      status: "error",
      reason: "refused",
      error: expect.stringContaining(`属于「${theirs.unit}」`),
    });
    const mine = visits.find((v) => v.unit === "经棚镇")!;
    expect(await editVisit(IDLE, visitForm({ ...mine, unit: "宇宙地镇" }, mine))).toMatchObject({
      status: "error",
      reason: "refused",
      fieldErrors: { unit: expect.stringContaining("本单位（经棚镇）") },
    });
    const ok = await editVisit(IDLE, visitForm({ ...mine, solved: 3 }, mine));
    expect(ok).toMatchObject({ status: "ok" });
  });

  it("refuses roles without the capability, and the signed-out", async () => {
    const task = (await dataset()).tasks[0]!;
    state.viewer = LEADER;
    expect(await updateTaskProgress(IDLE, taskForm(task, { progress: "5" }))).toMatchObject({
      status: "error",
      reason: "refused",
      error: "您的角色无权进行此操作。",
    });
    state.viewer = UNIT;
    expect(await enterScore(IDLE, post({ id: newRowId("scores", 2026), year: "2026", unit: "经棚镇", method: "拉练抽查", score: "99" }))).toMatchObject({
      status: "error",
      reason: "refused",
    });
    state.viewer = null;
    expect(await updateTaskProgress(IDLE, taskForm(task, { progress: "5" }))).toMatchObject({ status: "error", error: "登录已失效，请重新登录后再提交。" });
  });
});

describe("bad input", () => {
  it("refuses each bad value with a Chinese message under its field, writing nothing", async () => {
    const version = await state.store!.version();
    const result = await recordVisit(
      IDLE,
      visitForm({
        id: newRowId("visits", 2026),
        date: "2026-02-30",
        cadre: "长".repeat(51),
        unit: "火星镇",
        contactPoint: "幸福村",
        suggestions: -3 as unknown as number,
        solved: "两个" as unknown as number,
        evidence: "见附件",
      }),
    );
    expect(result).toMatchObject({
      status: "error",
      reason: "invalid",
      error: "有几项需要修改，请看标红的说明。",
      fieldErrors: {
        date: "日期「2026-02-30」不存在，请检查月份和日期",
        cadre: "干部姓名最多 50 个字，现在有 51 个字",
        unit: "「火星镇」不在单位表中：请从所属单位列表中选择",
        suggestions: "意见建议数不能为负数",
        solved: "解决问题数应为数字，如 60",
        evidence: "佐证链接应为以 http:// 或 https:// 开头的网址",
      },
    });
    expect(await state.store!.version()).toBe(version);
  });

  it("refuses a value of the wrong type (a file where text belongs) and a forged ID", async () => {
    const task = (await dataset()).tasks[0]!;
    const data = taskForm(task);
    data.set("notes", new Blob(["x"]), "notes.txt");
    expect(await updateTaskProgress(IDLE, data)).toMatchObject({ status: "error", reason: "invalid" });
    expect(await recordVisit(IDLE, visitForm({ id: "ZF-2026-0001", date: "2026-11-01", cadre: "张三", unit: "经棚镇", contactPoint: "幸福村" }))).toMatchObject(
      {
        status: "error",
        fieldErrors: { id: "走访编号格式不正确：请刷新页面后重新填写" },
      },
    );
  });

  it("stores a typed formula as text and says so", async () => {
    const task = (await dataset()).tasks.find((t) => t.status === "进行中")!;
    const result = await updateTaskProgress(IDLE, taskForm(task, { notes: '=IMPORTDATA("http://x")' }));
    expect(result).toMatchObject({ status: "ok", notice: "以“=”“+”“-”“@”开头的内容已按文字保存，不会被当作公式计算。" });
    expect((await dataset()).tasks.find((t) => t.id === task.id)?.notes).toBe('=IMPORTDATA("http://x")');
  });
});

describe("conflicts and repeats", () => {
  it("shows the user's value and the sheet's side by side; keeping theirs is sent against the new value", async () => {
    const task = (await dataset()).tasks.find((t) => t.status === "进行中" && t.progress !== 42)!;
    const form = taskForm(task, { progress: "90" });
    // Someone saves the workbook with another progress after the form was rendered.
    await state.store!.updateById((await import("@/lib/schema/tabs")).tasksTab, task.id, { progress: 42 });

    const result = await updateTaskProgress(IDLE, form);
    expect(result).toMatchObject({
      status: "conflict",
      conflict: { fields: [{ key: "progress", label: "进度", seen: formText(task.progress), mine: "90", theirs: "42" }], current: { progress: "42" } },
    });
    expect((await dataset()).tasks.find((t) => t.id === task.id)?.progress).toBe(42);

    // Keep mine: the same form, now "having seen" 42.
    form.set("seen.progress", "42");
    expect(await updateTaskProgress(IDLE, form)).toMatchObject({ status: "ok" });
    expect((await dataset()).tasks.find((t) => t.id === task.id)?.progress).toBe(90);
  });

  it("writes a visit sent twice (a double tap, a retried request) once", async () => {
    const id = newRowId("visits", 2026);
    const form = visitForm({ id, date: "2026-11-18", cadre: "李四", tier: "科级", unit: "经棚镇", contactPoint: "幸福村", suggestions: 2, solved: 1 });
    const [a, b] = [await recordVisit(IDLE, form), await recordVisit(IDLE, form)];
    expect(a).toMatchObject({ status: "ok", message: `已保存走访记录 ${id}。` });
    expect(b).toMatchObject({ status: "ok", message: `走访记录 ${id} 已经保存过，没有重复写入。` });
    const after = await dataset();
    expect(after.visits.filter((v) => v.id === id)).toHaveLength(1);
    expect(after.audit.filter((x) => x.rowId === id)).toHaveLength(1);
  });
});

describe("assign IDs", () => {
  it("is for admins, and fills what is missing in every tab", async () => {
    state.viewer = UNIT;
    expect(await assignMissingIdsAction(IDLE, post({ tab: "all" }))).toMatchObject({ status: "error", reason: "refused" });
    state.viewer = ADMIN;
    expect(await assignMissingIdsAction(IDLE, post({ tab: "all" }))).toMatchObject({ status: "ok", unchanged: true, message: "所有行都已有编号，无需补充。" });
    expect(await assignMissingIdsAction(IDLE, post({ tab: "users" }))).toMatchObject({ status: "error", reason: "invalid" });
  });
});

describe("in the English interface (language cookie en)", () => {
  const HAN = /[\u4e00-\u9fff]/u;

  it("says a refusal, a form error, an office lock and an unexpected failure in English, and never a file path", async () => {
    state.locale = "en";
    const task = (await dataset()).tasks.find((t) => t.status === "进行中")!;
    const version = await state.store!.version();

    state.viewer = LEADER;
    const refused = await updateTaskProgress(IDLE, taskForm(task, { progress: "5" }));
    expect(refused).toMatchObject({ status: "error", reason: "refused", error: "Your role cannot do this." });

    state.viewer = ADMIN;
    const invalid = await updateTaskProgress(IDLE, taskForm(task, { progress: "150" }));
    expect(invalid).toMatchObject({ status: "error", reason: "invalid", error: "Some fields need correcting: see the notes in red." });

    expect(await state.store!.version()).toBe(version);

    // LibreOffice has the workbook open (its lock file, by the one list of office lock names): the entry is queued, said in English.
    const lock = path.join(path.dirname(state.file), officeLockNames(state.file)[0]!);
    await writeFile(lock, ",zhangkuaiji,desk-7,20.11.2026 09:00,file:///home/zhang/.config/libreoffice/4;");
    try {
      const queued = await updateTaskProgress(IDLE, taskForm(task, { progress: "77" }));
      expect(queued).toMatchObject({ status: "ok", pending: true, message: "Queued (written when the workbook is closed)" });
      expect(queued.status === "ok" && queued.notice).toMatch(/^Someone has the workbook open in WPS/u);
      expect(await state.store!.version()).toBe(version);
    } finally {
      await rm(lock, { force: true });
    }

    // The disk refuses: the user gets the generic words, the log gets the error.
    const real = state.store!;
    const failing = Object.create(real) as XlsxStore;
    failing.updateById = async () => {
      throw new Error("EACCES: permission denied, open '/srv/dutyboard/data/dutyboard.xlsx'");
    };
    state.store = failing;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const failed = await updateTaskProgress(IDLE, taskForm(task, { progress: "66" }));
      expect(failed).toMatchObject({ status: "error", reason: "failed" });
      const text = failed.status === "error" ? failed.error : "";
      expect(text).toBe(
        "Not saved: the server cannot write to the sheet right now. Please try again later; if it keeps failing, contact the organisation department.",
      );
      expect(logged.mock.calls.flat().some((x) => x instanceof Error && x.message.includes("/srv/dutyboard"))).toBe(true);
    } finally {
      logged.mockRestore();
      state.store = real;
    }
    for (const state of [refused, invalid]) if (state.status === "error") expect(state.error).not.toMatch(HAN);
  });
});
