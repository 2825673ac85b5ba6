"use client";

import { updateTaskProgress } from "@/app/_actions/tasks";
import type { Messages } from "@/lib/i18n";
import { useMessages } from "../locale-context";
import { fieldErrorsOf } from "@/lib/forms/fields";
import { TASK_PROGRESS_FIELDS, TASK_STATUS_LABELS, taskProgressSchema } from "@/lib/forms/task-progress";
import { WriteOutcome } from "./conflict-panel";
import { Field, Select, SubmitButton, TextArea, TextInput } from "./controls";
import { useWriteForm } from "./use-write-form";

export type TaskProgressValues = Record<(typeof TASK_PROGRESS_FIELDS)[number], string>;

interface Props {
  taskId: string;
  /** The cells as the page read them: both the form's start and what the user "saw". */
  current: TaskProgressValues;
  today: string;
  t: Messages["forms"];
}

/** 更新任务进度: progress, status, done date and notes; only changed cells are written, conflicts shown side by side. */
export function TaskProgressForm({ taskId, current, today, t }: Props) {
  // Field messages say the viewer's language; their words are functions, so they come from the locale context, not props.
  const formText = useMessages().formText;
  const form = useWriteForm({
    action: updateTaskProgress,
    id: taskId,
    initial: current,
    seen: current,
    validate: (values) => {
      const parsed = taskProgressSchema({ today }).safeParse(values);
      return parsed.success ? null : fieldErrorsOf(parsed.error, formText);
    },
  });
  const { values, errors, set } = form;
  const f = t.fields;
  const v = (key: keyof TaskProgressValues) => String(values[key] ?? "");

  return (
    <form action={form.dispatch} onSubmit={form.onSubmit} noValidate className="space-y-4" data-testid="task-progress-form">
      <input type="hidden" name="id" value={form.id} />
      {TASK_PROGRESS_FIELDS.map((key) => (
        <input key={key} type="hidden" name={`seen.${key}`} value={form.seen?.[key] ?? ""} />
      ))}
      <p className="text-sm text-slate-600">{t.taskProgress.intro}</p>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="progress" label={f.progress} error={errors.progress}>
          <TextInput name="progress" value={v("progress")} onChange={set("progress")} error={errors.progress} inputMode="decimal" />
        </Field>
        <Field name="status" label={f.status} error={errors.status}>
          <Select name="status" value={v("status")} onChange={set("status")} error={errors.status} options={TASK_STATUS_LABELS} placeholder={t.none} />
        </Field>
        <Field name="doneOn" label={f.doneOn} error={errors.doneOn}>
          <TextInput name="doneOn" type="date" value={v("doneOn")} onChange={set("doneOn")} error={errors.doneOn} />
        </Field>
      </div>
      <Field name="notes" label={f.notes} error={errors.notes}>
        <TextArea name="notes" value={v("notes")} onChange={set("notes")} error={errors.notes} rows={4} />
      </Field>

      <WriteOutcome form={form} t={t} />
      {!form.conflict && <SubmitButton pending={form.pending} label={t.save} pendingLabel={t.saving} />}
    </form>
  );
}
