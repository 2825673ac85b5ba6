import { describe, expect, it } from "vitest";
import { settingEditError, userDraftErrors } from "@/lib/domain/admin-rules";
import { auditChanges } from "@/lib/domain/audit-changes";

const known = { units: ["经棚镇", "旗委组织部"], users: [{ login: "admin" }] };

describe("users added and changed on /admin", () => {
  it("refuses a unit user without a unit, an unknown unit, a taken login and a role that is not one", () => {
    expect(userDraftErrors({ login: "new@example.gov.cn", name: "新人", role: "单位", unit: "" }, known, "add")).toEqual({
      unit: "角色为“单位”的账号必须选择所属单位",
    });
    expect(userDraftErrors({ login: "x", name: "", role: "查看", unit: "不存在镇" }, known, "add").unit).toMatch(/不在「单位」表中/u);
    expect(userDraftErrors({ login: "ADMIN", name: "", role: "管理员", unit: "" }, known, "add").login).toMatch(/已在「用户」表中/u);
    expect(userDraftErrors({ login: "y", name: "", role: "老板", unit: "" }, known, "add").role).toMatch(/请选择角色/u);
    expect(userDraftErrors({ login: "leader2", name: "", role: "leader", unit: "" }, known, "add")).toEqual({});
  });
});

describe("settings edited on /admin", () => {
  const weights = { 拉练抽查: 20, 日常督查: 30, 年末检查: 30, 述职评议: 20 };
  it("wants a weight to be a number and the weights to sum to a positive total", () => {
    expect(settingEditError("weight.拉练抽查", "二十", weights)).toMatch(/无效/u);
    expect(settingEditError("weight.拉练抽查", "0", { ...weights, 日常督查: 0, 年末检查: 0, 述职评议: 0 })).toBe("四项考核权重之和必须大于 0");
    expect(settingEditError("weight.拉练抽查", "25", weights)).toBeUndefined();
    expect(settingEditError("visit.perQuarter.科级", "两次", weights)).toMatch(/整数/u);
    expect(settingEditError("staff.note", "任意文字", weights)).toBeUndefined();
    expect(settingEditError("year", "", weights)).toBe("值不能为空");
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
