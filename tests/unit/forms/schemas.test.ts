/** Each form's schema: the fields it takes, the cross-field rules, and the messages a person sees. */
import { describe, expect, it } from "vitest";
import { accountabilitySchema } from "@/lib/forms/accountability";
import { fieldErrorsOf } from "@/lib/forms/fields";
import { meetingSchema } from "@/lib/forms/meeting";
import { newTaskSchema } from "@/lib/forms/new-task";
import { scoreSchema } from "@/lib/forms/score";
import { taskProgressSchema } from "@/lib/forms/task-progress";
import { visitSchema } from "@/lib/forms/visit";
import { newRowId } from "@/lib/forms/ids";
import type { z } from "zod";

const ctx = { today: "2026-11-20", units: ["经棚镇", "宇宙地镇", "旗委组织部"], taskIds: ["RW-2026-001", "RW-2026-002"] };

function errors(schema: z.ZodType, values: Record<string, unknown>) {
  const parsed = schema.safeParse(values);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}

describe("task progress", () => {
  const schema = taskProgressSchema(ctx);

  it("types what it takes", () => {
    expect(schema.parse({ id: "RW-2026-001", progress: "６０", status: "进行中", doneOn: "", notes: " 已召开推进会 " })).toEqual({
      id: "RW-2026-001",
      progress: 60,
      status: "进行中",
      doneOn: undefined,
      notes: "已召开推进会",
    });
  });

  it("asks for a done date and full progress when 已完成, and 已完成 when a done date is given", () => {
    expect(errors(schema, { id: "RW-2026-001", progress: "80", status: "已完成" })).toEqual({
      doneOn: "状态为“已完成”时请填写完成日期",
      progress: "状态为“已完成”时进度应为 100",
    });
    expect(errors(schema, { id: "RW-2026-001", status: "进行中", doneOn: "2026-11-01" })).toEqual({
      status: "填写了完成日期，状态应为“已完成”（或清空完成日期）",
    });
    expect(errors(schema, { id: "RW-2026-001", progress: "100", status: "已完成", doneOn: "2026-11-21" })).toEqual({ doneOn: "完成日期不能晚于今天" });
  });

  it("refuses a status that is not one of the five", () => {
    expect(errors(schema, { id: "RW-2026-001", status: "差不多了" })).toEqual({ status: "状态只能是：未开始 / 进行中 / 已完成 / 已延期 / 已取消" });
  });
});

describe("visit", () => {
  const id = newRowId("visits", 2026);
  const good = { id, date: "2026-11-19", cadre: "张三", unit: "经棚镇", contactPoint: "幸福村", suggestions: "3", solved: "1" };

  it("types a good visit and leaves blanks out", () => {
    expect(visitSchema(ctx, "new").parse({ ...good, tier: "", method: "座谈", summary: "", evidence: "" })).toMatchObject({
      id,
      date: "2026-11-19",
      suggestions: 3,
      solved: 1,
      method: "座谈",
      tier: undefined,
    });
  });

  it("refuses each bad value with its own message", () => {
    expect(
      errors(visitSchema(ctx, "new"), {
        ...good,
        date: "2026-11-31",
        cadre: "",
        unit: "火星镇",
        suggestions: "-2",
        solved: "1.5",
        evidence: "ftp://x",
        summary: "字".repeat(2001),
      }),
    ).toEqual({
      date: "日期「2026-11-31」不存在，请检查月份和日期",
      cadre: "请填写干部姓名",
      unit: "「火星镇」不在单位表中：请从所属单位列表中选择",
      suggestions: "意见建议数不能为负数",
      solved: "解决问题数应为整数",
      summary: "主要内容最多 2000 个字，现在有 2001 个字",
      evidence: "佐证链接应为以 http:// 或 https:// 开头的网址",
    });
  });

  it("takes an existing row's ID when editing, the app's shape when new", () => {
    expect(errors(visitSchema(ctx, "new"), { ...good, id: "ZF-2026-0001" })).toEqual({ id: "走访编号格式不正确：请刷新页面后重新填写" });
    expect(errors(visitSchema(ctx, "edit"), { ...good, id: "ZF-2026-0001" })).toEqual({});
  });
});

describe("new task, meeting, score, accountability", () => {
  it("a new task needs its key task, item, lead unit and due date, due not before start", () => {
    expect(errors(newTaskSchema(ctx), { id: newRowId("tasks", 2026), start: "2026-05-01", due: "2026-04-30", partnerUnits: ["经棚镇", "月亮乡"] })).toEqual({
      keyTask: "请填写重点任务",
      title: "请填写事项",
      leadUnit: "请选择牵头单位",
      partnerUnits: "「月亮乡」不在单位表中：请从参加单位列表中选择",
    });
    expect(
      errors(newTaskSchema(ctx), {
        id: newRowId("tasks", 2026),
        keyTask: "引领从严治党",
        title: "警示教育",
        leadUnit: "旗委组织部",
        start: "2026-05-01",
        due: "2026-04-30",
      }),
    ).toEqual({
      due: "完成时限不能早于开始日期",
    });
  });

  it("a meeting's tasks must exist", () => {
    expect(errors(meetingSchema(ctx), { id: newRowId("meetings", 2026), date: "2026-11-01", kind: "专题常委会", taskIds: "RW-2026-001、RW-2026-999" })).toEqual(
      {
        taskIds: "找不到任务编号「RW-2026-999」：请填写任务表中已有的编号",
      },
    );
  });

  it("a score is 0–100 in a known year for a known unit, dated in that year", () => {
    expect(
      errors(scoreSchema(ctx), { id: newRowId("scores", 2026), year: "2026", unit: "经棚镇", method: "拉练抽查", score: "101", date: "2025-12-31" }),
    ).toEqual({
      score: "得分不能超过 100",
    });
    expect(
      errors(scoreSchema(ctx), { id: newRowId("scores", 2026), year: "2026", unit: "经棚镇", method: "拉练抽查", score: "95.5", date: "2025-12-31" }),
    ).toEqual({
      date: "日期应在 2026 年内",
    });
  });

  it("an accountability record names a known task, if any", () => {
    expect(
      errors(accountabilitySchema(ctx), {
        id: newRowId("accountability", 2026),
        date: "2026-11-01",
        unit: "经棚镇",
        reason: "推进不力",
        taskId: "RW-2026-404",
      }),
    ).toEqual({
      taskId: "找不到任务编号「RW-2026-404」：请填写任务表中已有的编号",
    });
  });
});

describe("every form refuses text a workbook cannot hold, and hidden characters in names and IDs", () => {
  const FFFF = "\uFFFF";
  const RLO = "\u202E";
  const ZWSP = "\u200B";
  const unstorable = (label: string) => `${label}中有一个表格无法保存的字符（U+FFFF，多为从别处粘贴带来的乱码），请删除后重新填写`;
  const hidden = (label: string, code: string) => `${label}中有看不见的字符或文字方向控制符（${code}），会让名称看起来像另一个，请删除后重新填写`;

  it("task progress: its notes and the task's ID", () => {
    expect(errors(taskProgressSchema(ctx), { id: "RW-2026-001", status: "进行中", notes: `推进${FFFF}` })).toEqual({ notes: unstorable("备注") });
    expect(errors(taskProgressSchema(ctx), { id: `RW-2026-001${ZWSP}`, status: "进行中" })).toEqual({ id: hidden("任务编号", "U+200B") });
  });

  it("visit: the cadre's name, the contact point and the summary", () => {
    const good = { id: newRowId("visits", 2026), date: "2026-11-19", unit: "经棚镇", suggestions: "3", solved: "1" };
    expect(errors(visitSchema(ctx, "new"), { ...good, cadre: `张${RLO}三`, contactPoint: `幸福${ZWSP}村`, summary: `座谈${FFFF}` })).toEqual({
      cadre: hidden("干部姓名", "U+202E"),
      contactPoint: hidden("联系点", "U+200B"),
      summary: unstorable("主要内容"),
    });
  });

  it("new task: its text, and the leader's and owner's names", () => {
    const base = { id: newRowId("tasks", 2026), keyTask: "引领从严治党", title: "警示教育", leadUnit: "旗委组织部", due: "2026-12-30" };
    expect(errors(newTaskSchema(ctx), { ...base, title: `警示${FFFF}教育`, leader: `李${RLO}四`, owner: `王\u2066五` })).toEqual({
      title: unstorable("事项"),
      leader: hidden("责任领导", "U+202E"),
      owner: hidden("责任人", "U+2066"),
    });
  });

  it("meeting: the chair's name and the topics", () => {
    expect(
      errors(meetingSchema(ctx), { id: newRowId("meetings", 2026), date: "2026-11-01", kind: "专题常委会", chair: `赵${ZWSP}六`, topics: `议题${FFFF}` }),
    ).toEqual({
      chair: hidden("主持人", "U+200B"),
      topics: unstorable("议题"),
    });
  });

  it("score: the inspector's name and the deductions", () => {
    expect(
      errors(scoreSchema(ctx), {
        id: newRowId("scores", 2026),
        year: "2026",
        unit: "经棚镇",
        method: "拉练抽查",
        score: "90",
        inspector: `钱\uFEFF七`,
        deductions: `扣分${FFFF}`,
      }),
    ).toEqual({
      inspector: hidden("考核人", "U+FEFF"),
      deductions: unstorable("扣分事项"),
    });
  });

  it("accountability: the person, the task's ID and the reason", () => {
    expect(
      errors(accountabilitySchema(ctx), {
        id: newRowId("accountability", 2026),
        date: "2026-11-01",
        unit: "经棚镇",
        person: `孙${RLO}八`,
        reason: `推进${FFFF}不力`,
        taskId: `RW-2026-001${ZWSP}`,
      }),
    ).toEqual({
      person: hidden("对象", "U+202E"),
      reason: unstorable("事由"),
      taskId: hidden("关联任务", "U+200B"),
    });
  });
});
