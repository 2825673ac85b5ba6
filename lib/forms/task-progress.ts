/** 更新任务进度: progress, status, done date and notes of one task (admin, or the lead unit). */
import { z } from "zod";
import { TASK_STATUSES, tasksTab } from "../schema/tabs";
import type { FormContext } from "./context";
import { existingId, optionalChoice, optionalDate, optionalNumber, optionalText, addProblem } from "./fields";
import { LIMITS } from "./limits";
import { problem } from "./messages";

const c = tasksTab.columns;

export const TASK_STATUS_LABELS = TASK_STATUSES.map((s) => s.label);

/** The cells this form may change; the only ones compared with what the user saw. */
export const TASK_PROGRESS_FIELDS = ["progress", "status", "doneOn", "notes"] as const;

export function taskProgressSchema(ctx: Pick<FormContext, "today">) {
  return z
    .object({
      id: existingId(c.id.header),
      progress: optionalNumber(c.progress.header, { min: 0, max: 100, percent: true }),
      status: optionalChoice(c.status.header, TASK_STATUS_LABELS),
      doneOn: optionalDate(c.doneOn.header, { notAfter: ctx.today }),
      notes: optionalText(c.notes.header, { max: LIMITS.notes }),
    })
    .superRefine((v, issues) => {
      if (v.status === "已完成" && !v.doneOn) addProblem(issues, problem("doneNeedsDate"), ["doneOn"]);
      if (v.status === "已完成" && v.progress !== undefined && v.progress !== 100) addProblem(issues, problem("doneNeedsFull"), ["progress"]);
      if (v.doneOn && v.status !== "已完成") addProblem(issues, problem("dateNeedsDone"), ["status"]);
    });
}
