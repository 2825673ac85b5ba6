"use client";

import { createTask } from "@/app/_actions/tasks";
import { createMeeting, enterScore, recordAccountability } from "@/app/_actions/records";
import type { Messages } from "@/lib/i18n";
import { useMessages } from "../locale-context";
import { ACCOUNTABILITY_KIND_LABELS, accountabilitySchema } from "@/lib/forms/accountability";
import type { FormContext } from "@/lib/forms/context";
import { fieldErrorsOf, type FieldErrors, type FormValues } from "@/lib/forms/fields";
import { newRowId, type IdTab } from "@/lib/forms/ids";
import { MEETING_KIND_LABELS, meetingSchema } from "@/lib/forms/meeting";
import { NEW_TASK_FIELDS, TASK_LEVEL_LABELS, newTaskSchema } from "@/lib/forms/new-task";
import { FIX_STATUS_LABELS, SCORE_METHOD_LABELS, scoreSchema } from "@/lib/forms/score";
import type { FormAction } from "@/lib/forms/state";
import { TASK_STATUS_LABELS } from "@/lib/forms/task-progress";
import { CheckboxList, Field, FormBanner, Select, SubmitButton, TextArea, TextInput } from "./controls";
import { useWriteForm, type Values } from "./use-write-form";

type FieldLabels = Messages["forms"]["fields"];

/** One input of a form for a new row, in the order shown. */
interface FieldSpec {
  /** The posted name (the tab's column key). */
  name: string;
  /** Its label in Messages["forms"]["fields"]. */
  label: keyof FieldLabels;
  kind: "text" | "textarea" | "date" | "number" | "choice" | "units" | "checkboxes";
  options?: (ctx: FormContext) => readonly string[];
  required?: boolean;
  /** Suggestions for a free text (重点任务: the key tasks already in use). */
  suggest?: boolean;
  wide?: boolean;
}

interface RecordKind {
  tab: IdTab;
  action: FormAction;
  validate: (ctx: FormContext, values: FormValues, t: Messages["formText"]) => FieldErrors | null;
  fields: FieldSpec[];
  initial: (ctx: FormContext) => Values;
}

function validator<S extends { safeParse: (v: unknown) => { success: true } | { success: false; error: Parameters<typeof fieldErrorsOf>[0] } }>(
  schema: (ctx: FormContext) => S,
) {
  return (ctx: FormContext, values: FormValues, t: Messages["formText"]) => {
    const parsed = schema(ctx).safeParse(values);
    return parsed.success ? null : fieldErrorsOf(parsed.error, t);
  };
}

const units = (ctx: FormContext) => ctx.units;

const KINDS = {
  task: {
    tab: "tasks",
    action: createTask,
    validate: validator(newTaskSchema),
    fields: [
      { name: "keyTask", label: "keyTask", kind: "text", required: true, suggest: true },
      { name: "title", label: "title", kind: "text", required: true },
      { name: "level", label: "level", kind: "choice", options: () => TASK_LEVEL_LABELS },
      { name: "leadUnit", label: "leadUnit", kind: "units", required: true },
      { name: "partnerUnits", label: "partnerUnits", kind: "checkboxes", options: units, wide: true },
      { name: "leader", label: "leader", kind: "text" },
      { name: "owner", label: "owner", kind: "text" },
      { name: "start", label: "start", kind: "date" },
      { name: "due", label: "due", kind: "date", required: true },
      { name: "progress", label: "progress", kind: "number" },
      { name: "status", label: "status", kind: "choice", options: () => TASK_STATUS_LABELS.filter((s) => s !== "已完成") },
      { name: "notes", label: "notes", kind: "textarea", wide: true },
    ],
    initial: () => ({ ...Object.fromEntries(NEW_TASK_FIELDS.map((k) => [k, ""])), partnerUnits: [], progress: "0", status: "未开始" }),
  },
  meeting: {
    tab: "meetings",
    action: createMeeting,
    validate: validator(meetingSchema),
    fields: [
      { name: "date", label: "date", kind: "date", required: true },
      { name: "kind", label: "kind", kind: "choice", options: () => MEETING_KIND_LABELS, required: true },
      { name: "chair", label: "chair", kind: "text" },
      { name: "minutes", label: "minutes", kind: "text" },
      { name: "topics", label: "topics", kind: "textarea", wide: true },
      { name: "taskIds", label: "taskIds", kind: "text", wide: true },
    ],
    initial: (ctx) => ({ date: ctx.today, kind: "", chair: "", minutes: "", topics: "", taskIds: "" }),
  },
  score: {
    tab: "scores",
    action: enterScore,
    validate: validator(scoreSchema),
    fields: [
      { name: "year", label: "year", kind: "number", required: true },
      { name: "unit", label: "scoreUnit", kind: "units", required: true },
      { name: "method", label: "scoreMethod", kind: "choice", options: () => SCORE_METHOD_LABELS, required: true },
      { name: "score", label: "score", kind: "number", required: true },
      { name: "date", label: "date", kind: "date" },
      { name: "inspector", label: "inspector", kind: "text" },
      { name: "deductions", label: "deductions", kind: "textarea", wide: true },
      { name: "fixDue", label: "fixDue", kind: "date" },
      { name: "fixStatus", label: "fixStatus", kind: "choice", options: () => FIX_STATUS_LABELS },
    ],
    initial: (ctx) => ({
      year: ctx.today.slice(0, 4),
      unit: "",
      method: "",
      score: "",
      date: ctx.today,
      inspector: "",
      deductions: "",
      fixDue: "",
      fixStatus: "",
    }),
  },
  accountability: {
    tab: "accountability",
    action: recordAccountability,
    validate: validator(accountabilitySchema),
    fields: [
      { name: "date", label: "date", kind: "date", required: true },
      { name: "unit", label: "scoreUnit", kind: "units", required: true },
      { name: "person", label: "person", kind: "text" },
      { name: "kind", label: "accountabilityKind", kind: "choice", options: () => ACCOUNTABILITY_KIND_LABELS },
      { name: "reason", label: "reason", kind: "textarea", required: true, wide: true },
      { name: "taskId", label: "taskId", kind: "text" },
    ],
    initial: (ctx) => ({ date: ctx.today, unit: "", person: "", kind: "", reason: "", taskId: "" }),
  },
} satisfies Record<string, RecordKind>;

export type RecordKindName = keyof typeof KINDS;

interface Props {
  kind: RecordKindName;
  /** The ID this page gave the new row: a double submit lands once. */
  id: string;
  context: FormContext;
  /** Free-text suggestions (重点任务 in use). */
  suggestions?: readonly string[];
  t: Messages["forms"];
}

/** 新增任务 / 新增会议 / 录入考核 / 录入问责: admin forms that append one row each. */
export function NewRecordForm({ kind, id, context, suggestions = [], t }: Props) {
  const spec: RecordKind = KINDS[kind];
  // Field messages say the viewer's language; their words are functions, so they come from the locale context, not props.
  const formText = useMessages().formText;
  const form = useWriteForm({ action: spec.action, id, initial: spec.initial(context), validate: (values) => spec.validate(context, values, formText) });
  const { values, errors, set } = form;
  const saved = form.state.status === "ok";

  return (
    <form action={form.dispatch} onSubmit={form.onSubmit} noValidate className="space-y-4" data-testid={`new-${kind}-form`}>
      <input type="hidden" name="id" value={form.id} />
      <fieldset disabled={saved} className="grid gap-4 sm:grid-cols-2">
        {spec.fields.map((field) => {
          const value = values[field.name] ?? "";
          const text = Array.isArray(value) ? value.join("、") : value;
          const error = errors[field.name];
          const common = { name: field.name, error, onChange: set(field.name) };
          const hint = field.name === "taskIds" ? t.listHint : undefined;
          return (
            <div key={field.name} className={field.wide ? "sm:col-span-2" : undefined}>
              <Field name={field.name} label={t.fields[field.label]} error={error} hint={hint} required={field.required} requiredLabel={t.required}>
                {field.kind === "textarea" ? (
                  <TextArea {...common} value={text} rows={3} />
                ) : field.kind === "date" ? (
                  <TextInput {...common} type="date" value={text} />
                ) : field.kind === "number" ? (
                  <TextInput {...common} value={text} inputMode="decimal" />
                ) : field.kind === "choice" ? (
                  <Select {...common} value={text} options={field.options?.(context) ?? []} placeholder={field.required ? t.choose : t.none} />
                ) : field.kind === "units" ? (
                  <Select {...common} value={text} options={context.units} placeholder={t.choose} />
                ) : field.kind === "checkboxes" ? (
                  <CheckboxList
                    name={field.name}
                    values={Array.isArray(value) ? value : []}
                    onChange={set(field.name)}
                    options={field.options?.(context) ?? []}
                    error={error}
                  />
                ) : (
                  <TextInput {...common} value={text} list={field.suggest ? `${field.name}-suggestions` : undefined} />
                )}
              </Field>
              {field.suggest && (
                <datalist id={`${field.name}-suggestions`}>
                  {suggestions.map((s) => (
                    <option key={s} value={s} />
                  ))}
                </datalist>
              )}
            </div>
          );
        })}
      </fieldset>
      <FormBanner state={form.state} />
      {saved ? (
        <button
          type="button"
          onClick={() => form.startOver(newRowId(spec.tab, Number(context.today.slice(0, 4))))}
          className="min-h-11 w-full rounded-lg border border-slate-400 bg-white px-5 py-2 font-medium hover:bg-slate-100 sm:w-auto"
        >
          {t.saveAnother}
        </button>
      ) : (
        <SubmitButton pending={form.pending} label={t.save} pendingLabel={t.saving} />
      )}
    </form>
  );
}
