/**
 * Every server action ('use server' export) checks who calls it before it does
 * anything: called without a session, and as a 查看 user, each one refuses and
 * leaves the workbook, the meeting-screen links and the read budget untouched.
 *
 * Only the session (next-auth's getServerSession), Next's request scope and
 * Next's cache are replaced; the role comes from the real 用户 tab of a seeded
 * workbook through the real lib/auth/access.ts.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { newRowId } from "@/lib/forms/ids";
import type { FormState } from "@/lib/forms/state";
import { formText } from "@/lib/forms/values";
import { parseWorkbook } from "@/lib/schema/workbook";
import type { XlsxStore } from "@/lib/sheets/xlsx-store";
import { seededWorkbook, TODAY } from "./writes-support";

const state = vi.hoisted(() => ({
  login: null as string | null,
  store: null as XlsxStore | null,
  refreshes: 0,
  cookiesSet: [] as string[],
}));

vi.mock("next-auth", () => ({ getServerSession: async () => (state.login ? { user: { login: state.login, name: state.login } } : null) }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ host: "127.0.0.1:4750" }),
  cookies: async () => ({ set: (name: string) => void state.cookiesSet.push(name), get: () => undefined }),
}));
vi.mock("next/cache", () => ({ updateTag: () => {}, revalidateTag: () => {}, revalidatePath: () => {}, unstable_cache: (f: unknown) => f }));
// The store is the test's own workbook; the rest of lib/sheets (its one door) is the real thing.
vi.mock("@/lib/sheets", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/sheets")>()), getStore: async () => state.store }));
vi.mock("@/lib/data/dataset", async () => {
  const { wallClockIn } = await import("@/lib/clock");
  return {
    SHEET_TAG: "sheet",
    loadDataset: async () => parseWorkbook(await state.store!.readAll()),
    refreshDataset: async () => {
      state.refreshes++;
      return true;
    },
    invalidateDataset: async () => {},
    today: () => TODAY,
    nowInZoneOf: (_d: unknown, now = new Date()) => ({ dateTime: wallClockIn("Asia/Shanghai", now) }),
    deploymentTimeZone: async () => "Asia/Shanghai",
    lastKnownTimeZone: () => "Asia/Shanghai",
  };
});

let dir: string;
const IDLE: FormState = { status: "idle" };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "roles-actions-"));
  process.env.ACCOUNTS_FILE = path.join(dir, "accounts.json");
  process.env.NEXTAUTH_SECRET = "roles-actions-test-secret-0123456789";
  process.env.ADMIN_LOGINS = "";
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const { updateTaskProgress, createTask } = await import("@/app/_actions/tasks");
const { recordVisit, editVisit } = await import("@/app/_actions/visits");
const { createMeeting, enterScore, recordAccountability } = await import("@/app/_actions/records");
const { assignMissingIdsAction } = await import("@/app/_actions/admin");
const { createScreenLinkAction, revokeScreenLinkAction } = await import("@/app/(board)/admin/actions");
const { takeSnapshotAction } = await import("@/app/screen/actions");
const { addUserAction, resetPasswordAction, saveSettingAction, setUserActiveAction, updateUserAction } = await import("@/app/(board)/admin/user-actions");
const { listLocalAccounts } = await import("@/lib/auth/accounts");
const { resetEnvForTests } = await import("@/lib/env");
const { refreshNow, setLocale } = await import("@/app/_lib/actions");
const { LOCALE_COOKIE } = await import("@/app/_lib/locale");
const { createScreenLink, listScreenLinks, screenLinksFile } = await import("@/lib/auth/screen-links");
const { screenLinkKey } = await import("@/lib/auth/secret");

function post(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}

async function dataset() {
  return parseWorkbook(await state.store!.readAll());
}

/** Every 'use server' export with a submission that would write if the caller were allowed to. */
async function everyAction(): Promise<{ name: string; call: () => Promise<unknown> }[]> {
  const d = await dataset();
  const task = d.tasks.find((t) => t.status === "进行中")!;
  const visit = d.visits[0]!;
  const link = await createScreenLink({ days: 7, note: "调度会", createdBy: "admin" }, { key: screenLinkKey() });
  const taskFields = { progress: "99", status: formText(task.status), doneOn: formText(task.doneOn), notes: "越权写入" };
  const seen = {
    "seen.progress": formText(task.progress),
    "seen.status": formText(task.status),
    "seen.doneOn": formText(task.doneOn),
    "seen.notes": formText(task.notes),
  };
  const visitFields = (id: string, extra: Record<string, string> = {}) =>
    post({
      id,
      date: "2026-11-19",
      cadre: "张三",
      tier: "科级",
      unit: visit.unit,
      contactPoint: "幸福村",
      method: "登门走访",
      suggestions: "1",
      solved: "1",
      summary: "",
      evidence: "",
      ...extra,
    });
  return [
    { name: "updateTaskProgress", call: () => updateTaskProgress(IDLE, post({ id: task.id, ...taskFields, ...seen })) },
    {
      name: "createTask",
      call: () => createTask(IDLE, post({ id: newRowId("tasks", 2026), keyTask: task.keyTask, title: "越权任务", leadUnit: task.leadUnit, due: "2026-12-31" })),
    },
    { name: "recordVisit", call: () => recordVisit(IDLE, visitFields(newRowId("visits", 2026))) },
    { name: "editVisit", call: () => editVisit(IDLE, visitFields(visit.id, { solved: "9" })) },
    {
      name: "createMeeting",
      call: () => createMeeting(IDLE, post({ id: newRowId("meetings", 2026), date: "2026-11-19", kind: "专题常委会", chair: "张三", topics: "越权" })),
    },
    {
      name: "enterScore",
      call: () => enterScore(IDLE, post({ id: newRowId("scores", 2026), year: "2026", unit: visit.unit, method: "拉练抽查", score: "100" })),
    },
    {
      name: "recordAccountability",
      call: () =>
        recordAccountability(IDLE, post({ id: newRowId("accountability", 2026), date: "2026-11-19", unit: visit.unit, reason: "越权", kind: "约谈" })),
    },
    { name: "assignMissingIdsAction", call: () => assignMissingIdsAction(IDLE, post({ tab: "all" })) },
    { name: "createScreenLinkAction", call: () => createScreenLinkAction(null, post({ days: "30", note: "越权" })) },
    { name: "revokeScreenLinkAction", call: () => revokeScreenLinkAction(null, post({ id: link.link.id })) },
    { name: "takeSnapshotAction", call: () => takeSnapshotAction() },
    { name: "refreshNow", call: () => refreshNow() },
    { name: "addUserAction", call: () => addUserAction({ status: "idle" }, post({ login: "intruder@example.org", name: "越权", role: "管理员", unit: "" })) },
    { name: "resetPasswordAction", call: () => resetPasswordAction({ status: "idle" }, post({ login: "admin" })) },
    { name: "setUserActiveAction", call: () => setUserActiveAction({ status: "idle" }, post({ login: "leader", active: "否" })) },
    { name: "updateUserAction", call: () => updateUserAction({ status: "idle" }, post({ login: "viewer", role: "管理员", unit: "" })) },
    { name: "saveSettingAction", call: () => saveSettingAction({ status: "idle" }, post({ key: "weight.拉练抽查", value: "90" })) },
  ];
}

/** What an action could change: the workbook file, the screen links, the forced reads. */
async function footprint() {
  const workbook = await state.store!.version();
  const links = await readFile(screenLinksFile(), "utf8").catch(() => "");
  return { workbook, links, refreshes: state.refreshes };
}

function refused(result: unknown, message: RegExp): void {
  const r = result as { ok?: boolean; status?: string; reason?: string; error?: string; message?: string };
  expect(r.ok).toBe(false);
  if ("status" in r) expect(r).toMatchObject({ status: "error", reason: "refused" });
  expect(r.error ?? r.message).toMatch(message);
}

let n = 0;
beforeEach(async () => {
  state.store = (await seededWorkbook(dir, `callers-${n++}.xlsx`)).store;
  state.refreshes = 0;
  state.cookiesSet = [];
});

describe("every server action checks its caller before it does anything", () => {
  for (const [who, login, message] of [
    ["without a session", null, /登录已失效/u],
    ["as 查看 (viewer)", "viewer", /无权/u],
    ["as a login absent from 用户", "nobody@example.org", /未获授权/u],
  ] as const) {
    it(`refuses each action ${who}, and nothing is written`, async () => {
      const actions = await everyAction();
      // As many actions as 'use server' exports that act (setLocale is checked below).
      expect(actions.map((a) => a.name)).toHaveLength(17);
      state.login = login;
      const before = await footprint();
      for (const action of actions) {
        const result = await action.call();
        try {
          refused(result, message);
        } catch (error) {
          throw new Error(`${action.name} did not refuse ${who}: ${JSON.stringify(result)}`, { cause: error });
        }
      }
      expect(await footprint()).toEqual(before);
      expect((await listScreenLinks()).every((l) => !l.revokedAt)).toBe(true);
    });
  }

  it("lets the same calls through for an admin (the refusals above are about the caller, not the input)", async () => {
    const actions = await everyAction();
    state.login = "admin";
    const before = await footprint();
    const results = Object.fromEntries(await Promise.all(actions.map(async (a) => [a.name, await a.call()] as const)));
    expect(results.updateTaskProgress).toMatchObject({ status: "ok" });
    expect(results.enterScore).toMatchObject({ status: "ok" });
    expect(results.createScreenLinkAction).toMatchObject({ ok: true });
    expect(results.takeSnapshotAction).toMatchObject({ ok: true });
    expect(results.refreshNow).toMatchObject({ ok: true });
    const after = await footprint();
    expect(after.workbook).not.toBe(before.workbook);
    expect(after.refreshes).toBe(1);
  });

  it("with accounts from ACCOUNTS_JSON, adding a user or resetting a password is refused with the way to sign in instead", async () => {
    state.login = "admin";
    process.env.ACCOUNTS_JSON = JSON.stringify({ version: 1, accounts: {} });
    resetEnvForTests();
    try {
      const before = await footprint();
      for (const result of [
        await addUserAction({ status: "idle" }, post({ login: "new@example.org", name: "新人", role: "查看", unit: "" })),
        await resetPasswordAction({ status: "idle" }, post({ login: "leader" })),
      ])
        refused(result, /ACCOUNTS_JSON.*Google.*OIDC/u);
      expect(await footprint()).toEqual(before);
    } finally {
      delete process.env.ACCOUNTS_JSON;
      resetEnvForTests();
    }
  });

  it("an admin's new user gets the 用户 row and a local account; the password is returned, never written to the sheet", async () => {
    state.login = "admin";
    const result = await addUserAction({ status: "idle" }, post({ login: "new-leader@example.org", name: "新领导", role: "领导", unit: "" }));
    expect(result).toMatchObject({ status: "ok", ok: true });
    const password = (result as { password?: string }).password ?? "";
    expect(password).toHaveLength(16);
    const d = await dataset();
    expect(d.users.find((u) => u.login === "new-leader@example.org")).toMatchObject({ role: "领导", active: true });
    expect(JSON.stringify(d.users)).not.toContain(password);
    expect((await listLocalAccounts()).map((a) => a.login)).toContain("new-leader@example.org");
    expect(d.audit.some((a) => a.action === "新增用户" && a.rowId === "new-leader@example.org")).toBe(true);
  });

  it("a unit user may refresh but not take a snapshot or make a link", async () => {
    state.login = "unit";
    expect(await refreshNow()).toMatchObject({ ok: true });
    refused(await takeSnapshotAction(), /无权/u);
    refused(await createScreenLinkAction(null, post({ days: "30", note: "" })), /无权/u);
  });

  it("setLocale is open to everyone (the sign-in page offers it) and sets only the caller's own cookie", async () => {
    state.login = null;
    const before = await footprint();
    await setLocale(post({ locale: "en" }));
    expect(state.cookiesSet).toEqual([LOCALE_COOKIE]);
    expect(await footprint()).toEqual(before);
  });
});
