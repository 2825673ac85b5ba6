"use server";

import { refusalText } from "@/app/_lib/locale";
import { randomBytes } from "node:crypto";
import { updateTag } from "next/cache";
import { requireActionAccess } from "@/lib/auth/access";
import { AccountError, addLocalAccount, listLocalAccounts, normalizeLogin, setLocalAccountDisabled, setLocalPassword } from "@/lib/auth/accounts";
import { loadDataset, SHEET_TAG } from "@/lib/data/dataset";
import { appendRow, recordAudit, updateRow } from "@/lib/data/writes";
import { roleLabel, settingEditError, userDraftErrors } from "@/lib/domain/admin-rules";
import type { Viewer } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { settingsTab, usersTab } from "@/lib/schema/tabs";

export type AdminActionState =
  | { status: "idle" }
  | { status: "ok"; ok: true; message: string; password?: string; at: number }
  | { status: "error"; ok: false; reason: "refused" | "invalid" | "failed"; error: string; fieldErrors: Record<string, string>; at: number };

const fail = (error: string, fieldErrors: Record<string, string> = {}, reason: "refused" | "invalid" | "failed" = "invalid"): AdminActionState => ({
  status: "error",
  ok: false,
  reason,
  error,
  fieldErrors,
  at: Date.now(),
});
const refuse = (error: string): AdminActionState => fail(error, {}, "refused");
const text = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v : "";
};

/** Local accounts from ACCOUNTS_JSON are read-only: passwords are set by operations, or people use Google / OIDC. */
const READ_ONLY_ACCOUNTS =
  "本部署的本地账号来自环境变量 ACCOUNTS_JSON（只读），不能在网页上新增账号或重置密码：请让该用户用 Google 或单位统一身份认证（OIDC）登录，或请运维人员修改 ACCOUNTS_JSON。";

function accountsReadOnly(): boolean {
  return env().ACCOUNTS_JSON !== undefined;
}

/** A password people can read out and type: 16 characters without look-alikes (0/O, 1/l/I). */
function newPassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

type AdminAccess = { ok: true; viewer: Extract<Viewer, { kind: "user" }> } | { ok: false; message: string };

/** Every action checks the caller itself: a page's check does not extend to its actions. */
async function admin(): Promise<AdminAccess> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: await refusalText(access) };
  if (access.viewer.kind !== "user") return { ok: false, message: await refusalText({ code: "auth.forbidden" }) };
  return { ok: true, viewer: access.viewer };
}

/** 新增用户: the 用户 row and a local password in one step; the password is returned once, never stored in the sheet. */
export async function addUserAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  const access = await admin();
  if (!access.ok) return refuse(access.message);
  if (accountsReadOnly()) return refuse(READ_ONLY_ACCOUNTS);
  const dataset = await loadDataset();
  const draft = { login: text(form, "login"), name: text(form, "name"), role: text(form, "role"), unit: text(form, "unit") };
  const errors = userDraftErrors(draft, { units: dataset.units.map((u) => u.name), users: dataset.users }, "add");
  if (Object.keys(errors).length > 0) return fail("请修正标出的项目，未做任何修改。", errors);
  const login = normalizeLogin(draft.login) ?? draft.login.trim();
  if ((await listLocalAccounts()).some((a) => a.login === login))
    return fail(`本地账号「${login}」已存在：请在用户列表中重置密码。`, { login: "本地账号已存在" });
  const password = newPassword();
  const role = roleLabel(draft.role) ?? "查看";
  const written = await appendRow(
    access.viewer,
    usersTab,
    { login, ...(draft.name.trim() && { name: draft.name.trim() }), role, ...(draft.unit.trim() && { unit: draft.unit.trim() }), active: "是" },
    { action: "新增用户" },
  );
  if (!written.ok) return fail(written.message);
  try {
    await addLocalAccount(login, password);
  } catch (error) {
    if (error instanceof AccountError) return fail(`「用户」表已写入，但本地密码未能设置：${error.message}`);
    throw error;
  }
  updateTag(SHEET_TAG);
  return { status: "ok", ok: true, message: `已新增用户 ${login}`, password, at: Date.now() };
}

/** 重置密码: a new password, shown once; creates the local account when the user had none. */
export async function resetPasswordAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  const access = await admin();
  if (!access.ok) return refuse(access.message);
  if (accountsReadOnly()) return refuse(READ_ONLY_ACCOUNTS);
  const login = normalizeLogin(text(form, "login")) ?? "";
  const dataset = await loadDataset();
  if (!dataset.users.some((u) => normalizeLogin(u.login) === login)) return fail(`「用户」表中没有账号「${login}」。`);
  const password = newPassword();
  const exists = (await listLocalAccounts()).some((a) => a.login === login);
  try {
    if (exists) await setLocalPassword(login, password);
    else await addLocalAccount(login, password);
  } catch (error) {
    if (error instanceof AccountError) return fail(error.message);
    throw error;
  }
  await recordAudit(access.viewer, [{ action: "重置密码", spec: usersTab, rowId: login, before: null, after: { 密码: "（已重置，不记录）" } }]);
  return { status: "ok", ok: true, message: `已重置 ${login} 的密码`, password, at: Date.now() };
}

/** 停用 / 启用: the 用户 row's 启用 cell (and the local account with it). A disabled user is refused from the next page load. */
export async function setUserActiveAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  const access = await admin();
  if (!access.ok) return refuse(access.message);
  const login = text(form, "login").trim();
  const active = text(form, "active") === "是";
  const dataset = await loadDataset();
  const user = dataset.users.find((u) => u.login === login);
  if (!user) return fail(`「用户」表中没有账号「${login}」。`);
  if (!active && normalizeLogin(login) === normalizeLogin(access.viewer.login)) return fail("不能停用自己正在使用的账号。");
  const outcome = await updateRow(
    access.viewer,
    usersTab,
    login,
    { values: { active: active ? "是" : "否" }, seen: { active: user.active === false ? "否" : user.active === true ? "是" : null } },
    { action: active ? "启用用户" : "停用用户" },
  );
  if (!outcome.ok) return fail(outcome.message);
  const local = normalizeLogin(login);
  if (local && !env().ACCOUNTS_JSON && (await listLocalAccounts()).some((a) => a.login === local)) await setLocalAccountDisabled(local, !active);
  updateTag(SHEET_TAG);
  return { status: "ok", ok: true, message: active ? `已启用 ${login}` : `已停用 ${login}`, at: Date.now() };
}

/** 修改角色和单位. */
export async function updateUserAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  const access = await admin();
  if (!access.ok) return refuse(access.message);
  const dataset = await loadDataset();
  const login = text(form, "login").trim();
  const user = dataset.users.find((u) => u.login === login);
  if (!user) return fail(`「用户」表中没有账号「${login}」。`);
  const draft = { login, name: user.name ?? "", role: text(form, "role"), unit: text(form, "unit") };
  const errors = userDraftErrors(draft, { units: dataset.units.map((u) => u.name), users: dataset.users }, "edit");
  if (Object.keys(errors).length > 0) return fail("请修正标出的项目，未做任何修改。", errors);
  const role = roleLabel(draft.role) ?? user.role;
  const outcome = await updateRow(
    access.viewer,
    usersTab,
    login,
    { values: { role, unit: draft.unit.trim() || null }, seen: { role: user.role, unit: user._written?.unit ?? user.unit ?? null } },
    { action: "修改用户角色" },
  );
  if (!outcome.ok) return fail(outcome.message);
  updateTag(SHEET_TAG);
  return { status: "ok", ok: true, message: outcome.changed.length === 0 ? "没有变化" : `已更新 ${login}`, at: Date.now() };
}

/** A 设置 value, checked first (weights are numbers and sum to a positive total); a missing key gets its row. */
export async function saveSettingAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  const access = await admin();
  if (!access.ok) return refuse(access.message);
  const dataset = await loadDataset();
  const key = text(form, "key").trim();
  const value = text(form, "value").trim();
  const error = settingEditError(key, value, dataset.settings.weights);
  if (error) return fail(error, { value: error });
  const existing = dataset.settingRows?.find((r) => r.key === key);
  const outcome = existing
    ? await updateRow(access.viewer, settingsTab, key, { values: { value }, seen: { value: existing.value } }, { action: "修改设置" })
    : await appendRow(access.viewer, settingsTab, { key, value }, { action: "修改设置" });
  if (!outcome.ok) return fail(outcome.message);
  updateTag(SHEET_TAG);
  return { status: "ok", ok: true, message: `已保存 ${key} = ${value}`, at: Date.now() };
}
