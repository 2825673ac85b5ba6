/** 新增任务 (admin). */
import { z } from "zod";
import { TASK_LEVELS, tasksTab } from "../schema/tabs";
import type { FormContext } from "./context";
import { list, newId, optionalChoice, optionalDate, optionalNumber, optionalText, requiredDate, requiredText, requiredUnit, addProblem } from "./fields";
import { ID_PREFIXES } from "./ids";
import { LIMITS } from "./limits";
import { problem } from "./messages";
import { TASK_STATUS_LABELS } from "./task-progress";

const c = tasksTab.columns;

export const TASK_LEVEL_LABELS = TASK_LEVELS.map((l) => l.label);

export const NEW_TASK_FIELDS = [
  "keyTask",
  "title",
  "level",
  "leadUnit",
  "partnerUnits",
  "leader",
  "owner",
  "start",
  "due",
  "progress",
  "status",
  "notes",
] as const;

export function newTaskSchema(ctx: FormContext) {
  return z
    .object({
      id: newId(c.id.header, ID_PREFIXES.tasks),
      keyTask: requiredText(c.keyTask.header, { max: LIMITS.short }),
      title: requiredText(c.title.header, { max: LIMITS.title }),
      level: optionalChoice(c.level.header, TASK_LEVEL_LABELS),
      leadUnit: requiredUnit(c.leadUnit.header, ctx.units),
      partnerUnits: list(c.partnerUnits.header, {
        allowed: ctx.units,
        unknown: (u) => problem("unknownUnit", c.partnerUnits.header, u),
        maxItems: LIMITS.listItems,
      }),
      leader: optionalText(c.leader.header, { max: LIMITS.name, name: true }),
      owner: optionalText(c.owner.header, { max: LIMITS.name, name: true }),
      start: optionalDate(c.start.header),
      due: requiredDate(c.due.header),
      progress: optionalNumber(c.progress.header, { min: 0, max: 100, percent: true }),
      status: optionalChoice(c.status.header, TASK_STATUS_LABELS),
      notes: optionalText(c.notes.header, { max: LIMITS.notes }),
    })
    .superRefine((v, issues) => {
      if (v.start && v.due < v.start) addProblem(issues, problem("dateBefore", c.due.header, c.start.header), ["due"]);
      if (v.status === "已完成") issues.addIssue({ code: "custom", path: ["status"], message: "新任务不能直接设为“已完成”：请先新增，再在任务页更新进度" });
    });
}
