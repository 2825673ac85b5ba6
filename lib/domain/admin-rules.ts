import { KNOWN_SETTING_KEYS, settingValueError } from "../schema/settings";
import { ROLES, SCORE_METHODS, type Role, type User } from "../schema/tabs";

export interface UserDraft {
  login: string;
  name: string;
  role: string;
  unit: string;
}

/** Why a field of a 用户 row or a 设置 value is refused: a code and its parameters (lib/i18n `notices` words them). */
export type AdminRuleRefusal = {
  code:
    | "user.login-required"
    | "user.login-bad"
    | "user.login-listed"
    | "user.role-required"
    | "user.unit-required"
    | "user.unit-unknown"
    | "user.name-long"
    | "setting.empty"
    | "setting.invalid"
    | "setting.weights-zero";
  params?: Readonly<Record<string, string | number>>;
};

/** A new or changed 用户 row checked as the sheet would: field → why it is refused. */
export function userDraftErrors(
  draft: UserDraft,
  known: { units: readonly string[]; users: readonly Pick<User, "login">[] },
  mode: "add" | "edit",
): Record<string, AdminRuleRefusal> {
  const errors: Record<string, AdminRuleRefusal> = {};
  const login = draft.login.trim();
  if (!login) errors.login = { code: "user.login-required" };
  else if (login.length > 200 || /[\s"'<>]/u.test(login)) errors.login = { code: "user.login-bad" };
  else if (mode === "add" && known.users.some((u) => u.login.trim().toLowerCase() === login.toLowerCase()))
    errors.login = { code: "user.login-listed", params: { login } };
  const role = ROLES.find((r) => r.label === draft.role || r.key === draft.role)?.label;
  if (!role) errors.role = { code: "user.role-required", params: { roles: ROLES.map((r) => r.label).join(" / ") } };
  const unit = draft.unit.trim();
  if (role === "单位" && !unit) errors.unit = { code: "user.unit-required" };
  else if (unit && known.units.length > 0 && !known.units.includes(unit)) errors.unit = { code: "user.unit-unknown", params: { unit } };
  if (draft.name.length > 100) errors.name = { code: "user.name-long" };
  return errors;
}

export function roleLabel(value: string): Role | undefined {
  return ROLES.find((r) => r.label === value || r.key === value)?.label;
}

/**
 * Why a 设置 value cannot be saved, as a code; undefined when it can. A weight must be a number,
 * and the four weights — this one replaced — must sum to a positive total.
 */
export function settingEditError(key: string, value: string, current: Readonly<Record<string, number>>): AdminRuleRefusal | undefined {
  const trimmed = value.trim();
  if (!trimmed) return { code: "setting.empty" };
  if (!KNOWN_SETTING_KEYS.includes(key)) return undefined;
  const expected = settingValueError(key, trimmed);
  if (expected) return { code: "setting.invalid", params: { key, value: trimmed, ...expected } };
  if (key.startsWith("weight.")) {
    const method = key.slice("weight.".length);
    const total = SCORE_METHODS.reduce((sum, m) => sum + (m.label === method ? Number(trimmed.replace(/[%％]$/u, "")) : (current[m.label] ?? 0)), 0);
    if (!(total > 0)) return { code: "setting.weights-zero" };
  }
  return undefined;
}
