"use server";

import { scopeOf } from "@/lib/auth/roles";
import { nowInZoneOf } from "@/lib/data/dataset";
import { appendRow, updateRow } from "@/lib/data/writes";
import { NEW_TASK_FIELDS, newTaskSchema } from "@/lib/forms/new-task";
import { TASK_PROGRESS_FIELDS, taskProgressSchema } from "@/lib/forms/task-progress";
import { rowInputOf, seenValues } from "@/lib/forms/values";
import { tasksTab } from "@/lib/schema/tabs";
import { appendState, updateState, validatedAction } from "./validated-action";

/** 更新任务进度: admin, or a unit user for a task their unit leads. */
export const updateTaskProgress = validatedAction(
  {
    capability: "tasks.update",
    schema: taskProgressSchema,
    scope: (input, { dataset, viewer, t }) => {
      const task = dataset.tasks.find((t) => t.id === input.id);
      return {
        units: task ? [task.leadUnit] : [],
        refusal: task ? t.formText.validation.notLeadUnit(viewer.unit ?? "", task.leadUnit) : t.formText.validation.taskNotFound(input.id),
      };
    },
  },
  async (input, ctx) => {
    const { viewer } = ctx;
    const outcome = await updateRow(
      viewer,
      tasksTab,
      input.id,
      { values: rowInputOf(tasksTab, input, TASK_PROGRESS_FIELDS), seen: seenValues(ctx.values, TASK_PROGRESS_FIELDS) },
      {
        action: "更新任务进度",
        // The lead unit is checked again in the row itself, in the same step as the write.
        ...(scopeOf(viewer, "tasks.update") === "own-unit" && {
          guard: {
            column: "leadUnit",
            unit: ctx.dataset.tasks.find((t) => t.id === input.id)?._written?.leadUnit ?? viewer.unit ?? "",
            refusal: (now: string | null) => ctx.t.formText.validation.leadUnitChanged(now ?? ctx.t.notices.blank({})),
          },
        }),
        stamp: { updatedAt: nowInZoneOf(ctx.dataset), updatedBy: viewer.name ?? viewer.login },
      },
    );
    return updateState(tasksTab, outcome, ctx, TASK_PROGRESS_FIELDS, { saved: ctx.t.formText.results.taskProgressSaved });
  },
);

/** 新增任务 (admin). */
export const createTask = validatedAction({ capability: "tasks.create", schema: newTaskSchema }, async (input, ctx) => {
  const row = {
    ...rowInputOf(tasksTab, input, NEW_TASK_FIELDS),
    id: input.id,
    updatedAt: nowInZoneOf(ctx.dataset),
    updatedBy: ctx.viewer.name ?? ctx.viewer.login,
  };
  const outcome = await appendRow(ctx.viewer, tasksTab, row, { action: "新增任务" });
  return appendState(outcome, ctx, { saved: ctx.t.formText.results.taskCreated(input.id), repeated: ctx.t.formText.results.taskRepeated(input.id) });
});
