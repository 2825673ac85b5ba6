import { describe, expect, it } from "vitest";
import { settingEditError, userDraftErrors } from "@/lib/domain/admin-rules";
import { auditChanges } from "@/lib/domain/audit-changes";

const known = { units: ["经棚镇", "旗委组织部"], users: [{ login: "admin" }] };

describe("users added and changed on /admin", () => {
  it("refuses a unit user without a unit, an unknown unit, a taken login and a role that is not one", () => {
    expect(userDraftErrors({ login: "new@example.gov.cn", name: "新人", role: "单位", unit: "" }, known, "add")).toEqual({
      unit: { code: "user.unit-required" },
    });
    expect(userDraftErrors({ login: "x", name: "", role: "查看", unit: "不存在镇" }, known, "add").unit).toEqual({
      code: "user.unit-unknown",
      params: { unit: "不存在镇" },
    });
    expect(userDraftErrors({ login: "ADMIN", name: "", role: "管理员", unit: "" }, known, "add").login).toEqual({
      code: "user.login-listed",
      params: { login: "ADMIN" },
    });
    expect(userDraftErrors({ login: "y", name: "", role: "老板", unit: "" }, known, "add").role?.code).toBe("user.role-required");
    expect(userDraftErrors({ login: "leader2", name: "", role: "leader", unit: "" }, known, "add")).toEqual({});
  });
});

describe("settings edited on /admin", () => {
  const weights = { 拉练抽查: 20, 日常督查: 30, 年末检查: 30, 述职评议: 20 };
  it("wants a weight to be a number and the weights to sum to a positive total", () => {
    expect(settingEditError("weight.拉练抽查", "二十", weights)).toEqual({
      code: "setting.invalid",
      params: { key: "weight.拉练抽查", value: "二十", expect: "number", min: 0, max: 100 },
    });
    expect(settingEditError("weight.拉练抽查", "0", { ...weights, 日常督查: 0, 年末检查: 0, 述职评议: 0 })).toEqual({ code: "setting.weights-zero" });
    expect(settingEditError("weight.拉练抽查", "25", weights)).toBeUndefined();
    expect(settingEditError("visit.perQuarter.科级", "两次", weights)?.params?.expect).toBe("integer");
    expect(settingEditError("staff.note", "任意文字", weights)).toBeUndefined();
    expect(settingEditError("year", "", weights)).toEqual({ code: "setting.empty" });
  });
});

describe("the audit log's before → after", () => {
  it("names changed cells by their Chinese column and leaves unchanged ones out", () => {
    expect(auditChanges("任务", JSON.stringify({ progress: 40, notes: "a" }), JSON.stringify({ progress: 60, notes: "a" }))).toEqual([
      { column: "进度", before: "40", after: "60" },
    ]);
    expect(auditChanges("用户", "", JSON.stringify({ login: "x", role: "查看" }))).toEqual([
      { column: "账号", before: null, after: "x" },
      { column: "角色", before: null, after: "查看" },
    ]);
    expect(auditChanges("任务", "not json", "{}")).toBeNull();
  });
});
