"use server";

import { currentMessages, refusalText } from "@/app/_lib/locale";
import { randomBytes } from "node:crypto";
import { updateTag } from "next/cache";
import { requireActionAccess } from "@/lib/auth/access";
import { AccountError, addLocalAccount, listLocalAccounts, normalizeLogin, setLocalAccountDisabled, setLocalPassword } from "@/lib/auth/accounts";
import { loadDataset, SHEET_TAG } from "@/lib/data/dataset";
import { appendRow, recordAudit, updateRow } from "@/lib/data/writes";
import { roleLabel, settingEditError, userDraftErrors } from "@/lib/domain/admin-rules";
import type { Viewer } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { type Notice, noticeText, writeFailureText } from "@/lib/i18n";
import { settingsTab, usersTab } from "@/lib/schema/tabs";

export type AdminActionState =
  | { status: "idle" }
  | { status: "ok"; ok: true; message: string; password?: string; passwordLabel?: string; at: number }
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

/** A notice in the viewer's language. */
async function say(notice: Notice): Promise<string> {
  return noticeText((await currentMessages()).t, notice);
}

/** A refusal or a result in the viewer's language, with each marked field's reason in it too. */
async function failWith(notice: Notice, fields: Record<string, Notice> = {}, reason: "refused" | "invalid" = "invalid"): Promise<AdminActionState> {
  const { t } = await currentMessages();
  const worded = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, noticeText(t, v)]));
  const text = noticeText(t, notice);
  const list = Object.values(worded)
    .filter((v) => v !== text)
    .join(t.notices["user.field-separator"]({}));
  return fail(list ? t.notices["user.with-fields"]({ text, list }) : text, worded, reason);
}

/** Local accounts from ACCOUNTS_JSON are read-only: passwords are set by operations, or people use Google / OIDC. */
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
  if (accountsReadOnly()) return failWith({ code: "user.read-only" }, {}, "refused");
  const dataset = await loadDataset();
  const draft = { login: text(form, "login"), name: text(form, "name"), role: text(form, "role"), unit: text(form, "unit") };
  const errors = userDraftErrors(draft, { units: dataset.units.map((u) => u.name), users: dataset.users }, "add");
  if (Object.keys(errors).length > 0) return failWith({ code: "user.fix-fields" }, errors);
  const login = normalizeLogin(draft.login) ?? draft.login.trim();
  if ((await listLocalAccounts()).some((a) => a.login === login))
    return failWith({ code: "user.local-exists", params: { login } }, { login: { code: "user.local-exists-field" } });
  const password = newPassword();
  const role = roleLabel(draft.role) ?? "查看";
  const written = await appendRow(
    access.viewer,
    usersTab,
    { login, ...(draft.name.trim() && { name: draft.name.trim() }), role, ...(draft.unit.trim() && { unit: draft.unit.trim() }), active: "是" },
    { action: "新增用户" },
  );
  if (!written.ok) return fail(writeFailureText((await currentMessages()).t, written));
  try {
    await addLocalAccount(login, password);
  } catch (error) {
    if (error instanceof AccountError)
      return failWith({ code: "user.password-not-set", params: { detail: await say({ code: error.code, params: error.params }) } });
    throw error;
  }
  updateTag(SHEET_TAG);
  return {
    status: "ok",
    ok: true,
    message: await say({ code: "user.added", params: { login } }),
    password,
    passwordLabel: await say({ code: "user.password-once" }),
    at: Date.now(),
  };
}

/** 重置密码: a new password, shown once; creates the local account when the user had none. */
export async function resetPasswordAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  const access = await admin();
  if (!access.ok) return refuse(access.message);
  if (accountsReadOnly()) return failWith({ code: "user.read-only" }, {}, "refused");
  const login = normalizeLogin(text(form, "login")) ?? "";
  const dataset = await loadDataset();
  if (!dataset.users.some((u) => normalizeLogin(u.login) === login)) return failWith({ code: "user.not-in-sheet", params: { login } });
  const password = newPassword();
  const exists = (await listLocalAccounts()).some((a) => a.login === login);
  try {
    if (exists) await setLocalPassword(login, password);
    else await addLocalAccount(login, password);
  } catch (error) {
    if (error instanceof AccountError) return failWith({ code: error.code, params: error.params });
    throw error;
  }
  await recordAudit(access.viewer, [{ action: "重置密码", spec: usersTab, rowId: login, before: null, after: { 密码: "（已重置，不记录）" } }]);
  return {
    status: "ok",
    ok: true,
    message: await say({ code: "user.reset", params: { login } }),
    password,
    passwordLabel: await say({ code: "user.password-once" }),
    at: Date.now(),
  };
}

/** 停用 / 启用: the 用户 row's 启用 cell (and the local account with it). A disabled user is refused from the next page load. */
export async function setUserActiveAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  const access = await admin();
  if (!access.ok) return refuse(access.message);
  const login = text(form, "login").trim();
  const active = text(form, "active") === "是";
  const dataset = await loadDataset();
  const user = dataset.users.find((u) => u.login === login);
  if (!user) return failWith({ code: "user.not-in-sheet", params: { login } });
  if (!active && normalizeLogin(login) === normalizeLogin(access.viewer.login)) return failWith({ code: "user.self-disable" });
  const outcome = await updateRow(
    access.viewer,
    usersTab,
    login,
    { values: { active: active ? "是" : "否" }, seen: { active: user.active === false ? "否" : user.active === true ? "是" : null } },
    { action: active ? "启用用户" : "停用用户" },
  );
  if (!outcome.ok) return fail(writeFailureText((await currentMessages()).t, outcome));
  const local = normalizeLogin(login);
  if (local && !env().ACCOUNTS_JSON && (await listLocalAccounts()).some((a) => a.login === local)) await setLocalAccountDisabled(local, !active);
  updateTag(SHEET_TAG);
  return { status: "ok", ok: true, message: await say({ code: active ? "user.enabled" : "user.disabled", params: { login } }), at: Date.now() };
}

/** 修改角色和单位. */
export async function updateUserAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  const access = await admin();
  if (!access.ok) return refuse(access.message);
  const dataset = await loadDataset();
  const login = text(form, "login").trim();
  const user = dataset.users.find((u) => u.login === login);
  if (!user) return failWith({ code: "user.not-in-sheet", params: { login } });
  const draft = { login, name: user.name ?? "", role: text(form, "role"), unit: text(form, "unit") };
  const errors = userDraftErrors(draft, { units: dataset.units.map((u) => u.name), users: dataset.users }, "edit");
  if (Object.keys(errors).length > 0) return failWith({ code: "user.fix-fields" }, errors);
  const role = roleLabel(draft.role) ?? user.role;
  const outcome = await updateRow(
    access.viewer,
    usersTab,
    login,
    { values: { role, unit: draft.unit.trim() || null }, seen: { role: user.role, unit: user._written?.unit ?? user.unit ?? null } },
    { action: "修改用户角色" },
  );
  if (!outcome.ok) return fail(writeFailureText((await currentMessages()).t, outcome));
  updateTag(SHEET_TAG);
  const done: Notice = outcome.changed.length === 0 ? { code: "user.unchanged" } : { code: "user.updated", params: { login } };
  return { status: "ok", ok: true, message: await say(done), at: Date.now() };
}

/** A 设置 value, checked first (weights are numbers and sum to a positive total); a missing key gets its row. */
export async function saveSettingAction(_prev: AdminActionState, form: FormData): Promise<AdminActionState> {
  const access = await admin();
  if (!access.ok) return refuse(access.message);
  const dataset = await loadDataset();
  const key = text(form, "key").trim();
  const value = text(form, "value").trim();
  const error = settingEditError(key, value, dataset.settings.weights);
  if (error) return failWith(error, { value: error });
  const existing = dataset.settingRows?.find((r) => r.key === key);
  const outcome = existing
    ? await updateRow(access.viewer, settingsTab, key, { values: { value }, seen: { value: existing.value } }, { action: "修改设置" })
    : await appendRow(access.viewer, settingsTab, { key, value }, { action: "修改设置" });
  if (!outcome.ok) return fail(writeFailureText((await currentMessages()).t, outcome));
  updateTag(SHEET_TAG);
  return { status: "ok", ok: true, message: await say({ code: "setting.saved", params: { key, value } }), at: Date.now() };
}
