import { KNOWN_SETTING_KEYS, settingValueError } from "../schema/settings";
import { ROLES, SCORE_METHODS, type Role, type User } from "../schema/tabs";

export interface UserDraft {
  login: string;
  name: string;
  role: string;
  unit: string;
}

/** A new or changed 用户 row checked as the sheet would: field → Chinese message. */
export function userDraftErrors(
  draft: UserDraft,
  known: { units: readonly string[]; users: readonly Pick<User, "login">[] },
  mode: "add" | "edit",
): Record<string, string> {
  const errors: Record<string, string> = {};
  const login = draft.login.trim();
  if (!login) errors.login = "请填写账号（电子邮箱或用户名）";
  else if (login.length > 200 || /[\s"'<>]/u.test(login)) errors.login = "账号不能含空格、引号或尖括号";
  else if (mode === "add" && known.users.some((u) => u.login.trim().toLowerCase() === login.toLowerCase())) errors.login = `账号「${login}」已在「用户」表中`;
  const role = ROLES.find((r) => r.label === draft.role || r.key === draft.role)?.label;
  if (!role) errors.role = `请选择角色：${ROLES.map((r) => r.label).join(" / ")}`;
  const unit = draft.unit.trim();
  if (role === "单位" && !unit) errors.unit = "角色为“单位”的账号必须选择所属单位";
  else if (unit && known.units.length > 0 && !known.units.includes(unit)) errors.unit = `「${unit}」不在「单位」表中`;
  if (draft.name.length > 100) errors.name = "姓名过长（最多 100 字）";
  return errors;
}

export function roleLabel(value: string): Role | undefined {
  return ROLES.find((r) => r.label === value || r.key === value)?.label;
}

/**
 * Why a 设置 value cannot be saved, in Chinese; undefined when it can. A weight must be a number,
 * and the four weights — this one replaced — must sum to a positive total.
 */
export function settingEditError(key: string, value: string, current: Readonly<Record<string, number>>): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return "值不能为空";
  if (!KNOWN_SETTING_KEYS.includes(key)) return undefined;
  const expected = settingValueError(key, trimmed);
  if (expected) return `「${key}」的值「${trimmed}」无效：${expected}`;
  if (key.startsWith("weight.")) {
    const method = key.slice("weight.".length);
    const total = SCORE_METHODS.reduce((sum, m) => sum + (m.label === method ? Number(trimmed.replace(/[%％]$/u, "")) : (current[m.label] ?? 0)), 0);
    if (!(total > 0)) return "四项考核权重之和必须大于 0";
  }
  return undefined;
}
