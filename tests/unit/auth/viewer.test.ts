import { describe, expect, it } from "vitest";
import { resolveViewer, type Directory } from "@/lib/auth/viewer";
import type { Unit, User } from "@/lib/schema/tabs";

const user = (u: Partial<User> & Pick<User, "login" | "role">): User => ({ _row: 2, ...u }) as User;
const units = [{ _row: 2, id: "U01", name: "经棚镇" } as Unit, { _row: 3, id: "U02", name: "宇宙地镇" } as Unit];

function directory(users: User[], adminLogins: string[] = []): Directory {
  return { users, units, adminLogins };
}

describe("from a signed-in login to a role, through the 用户 tab", () => {
  it("takes the role, name and unit from the sheet, matching the login case-insensitively", () => {
    const d = directory([user({ login: "Zhang@Example.gov.cn", name: "张伟", role: "单位", unit: "经棚镇", active: true })]);
    expect(resolveViewer({ login: "zhang@example.gov.cn", name: "SSO name" }, d)).toEqual({
      kind: "viewer",
      viewer: { kind: "user", login: "zhang@example.gov.cn", name: "张伟", role: "unit", unit: "经棚镇" },
    });
  });

  it("resolves a unit given by its ID to the unit's name", () => {
    const d = directory([user({ login: "li", role: "单位", unit: "U02" })]);
    expect(resolveViewer({ login: "li" }, d)).toMatchObject({ kind: "viewer", viewer: { role: "unit", unit: "宇宙地镇" } });
  });

  it("refuses a login absent from 用户, or not 启用, naming the login", () => {
    const d = directory([user({ login: "wang", role: "领导", active: false })]);
    expect(resolveViewer({ login: "nobody@example.org" }, d)).toEqual({ kind: "not-authorised", login: "nobody@example.org", reason: "absent" });
    expect(resolveViewer({ login: "wang" }, d)).toEqual({ kind: "not-authorised", login: "wang", reason: "inactive" });
  });

  it("treats a blank 启用 as 是", () => {
    expect(resolveViewer({ login: "zhao" }, directory([user({ login: "zhao", role: "查看" })]))).toMatchObject({ kind: "viewer", viewer: { role: "viewer" } });
  });

  it("ADMIN_LOGINS grants admin whatever the sheet says, even absent or disabled", () => {
    const d = directory([user({ login: "boot", role: "查看", active: false, name: "运维" })], ["boot", "root@example.org"]);
    expect(resolveViewer({ login: "BOOT" }, d)).toEqual({ kind: "viewer", viewer: { kind: "user", login: "boot", role: "admin", name: "运维" } });
    expect(resolveViewer({ login: "root@example.org", name: "Root" }, d)).toEqual({
      kind: "viewer",
      viewer: { kind: "user", login: "root@example.org", role: "admin", name: "Root" },
    });
  });
});
