/**
 * From a signed-in identity to a viewer with a role, read from the 用户 tab.
 * Pure: the dataset is passed in, so the rules are unit-tested.
 */
import type { Unit, User } from "../schema/tabs";
import { normalizeLogin } from "./normalize";
import { ROLE_KEYS, type Viewer } from "./roles";

export interface Identity {
  login: string;
  name?: string;
}

export type UserViewer = Extract<Viewer, { kind: "user" }>;

export type Resolution =
  | { kind: "viewer"; viewer: UserViewer }
  /** Signed in, but absent from 用户 or not 启用: refused with the login shown. */
  | { kind: "not-authorised"; login: string; reason: "absent" | "inactive" };

export interface Directory {
  users: readonly User[];
  units: readonly Unit[];
  /** ADMIN_LOGINS, normalised. */
  adminLogins: readonly string[];
}

/** A unit user's 所属单位 may name the unit or give its ID; rows name units by name. */
export function unitName(value: string | undefined, units: readonly Unit[]): string | undefined {
  if (!value) return undefined;
  const byId = units.find((u) => u.id === value);
  return byId?.name ?? value;
}

export function findUser(users: readonly User[], login: string): User | undefined {
  const key = normalizeLogin(login);
  return users.find((u) => normalizeLogin(u.login) === key);
}

export function resolveViewer(identity: Identity, directory: Directory): Resolution {
  const login = normalizeLogin(identity.login);
  const user = findUser(directory.users, login);
  const name = user?.name || identity.name;
  const unit = unitName(user?.unit, directory.units);
  // ADMIN_LOGINS is for bootstrapping: it holds whatever the sheet says.
  if (directory.adminLogins.includes(login)) {
    return { kind: "viewer", viewer: { kind: "user", login, role: "admin", ...(name && { name }), ...(unit && { unit }) } };
  }
  if (!user) return { kind: "not-authorised", login, reason: "absent" };
  if (user.active === false) return { kind: "not-authorised", login, reason: "inactive" };
  const role = ROLE_KEYS[user.role];
  // parseWorkbook drops unit users without a unit; this guards any other path.
  if (role === "unit" && !unit) return { kind: "not-authorised", login, reason: "inactive" };
  return { kind: "viewer", viewer: { kind: "user", login, role, ...(name && { name }), ...(unit && { unit }) } };
}
