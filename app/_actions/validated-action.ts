import "server-only";
import { updateTag } from "next/cache";
import type { z } from "zod";
import { accessContext, requireActionAccess } from "@/lib/auth/access";
import { canForUnits, type Capability, type Viewer } from "@/lib/auth/roles";
import { loadDataset, SHEET_TAG, today, type LoadedDataset } from "@/lib/data/dataset";
import type { AppendOutcome, UpdateOutcome, WriteFailure } from "@/lib/data/writes";
import { formContextOf, type FormContext } from "@/lib/forms/context";
import { fieldErrorsOf, formValues, type FieldErrors, type FormValues } from "@/lib/forms/fields";
import { errorText, type Messages } from "@/lib/i18n";
import { currentMessages } from "../_lib/locale";
import type { ConflictField, FormAction, FormState } from "@/lib/forms/state";
import { formTextOfCell } from "@/lib/forms/values";
import type { Columns } from "@/lib/schema/columns";
import type { TabSpec } from "@/lib/schema/tabs";

export type UserViewer = Extract<Viewer, { kind: "user" }>;

export interface ActionContext {
  viewer: UserViewer;
  dataset: LoadedDataset;
  form: FormContext;
  /** What was posted, as plain values (hidden "seen." fields included). */
  values: FormValues;
  /** The viewer's dictionary: outcomes are said in their language. */
  t: Messages;
}

/** The units a submission acts on, for roles limited to their own unit, and what to say when it is not theirs. */
export interface UnitScope {
  units: readonly string[];
  refusal: string;
  /** The field the refusal is shown under. */
  field?: string;
}

export interface ValidatedActionOptions<S extends z.ZodType> {
  capability: Capability;
  /** The form's schema, given what it needs to know of the sheet (units, task IDs, today). */
  schema: (form: FormContext) => S;
  /** Omitted: the capability alone decides. */
  scope?: (input: z.output<S>, ctx: ActionContext) => UnitScope;
}

function errorState(reason: Extract<FormState, { status: "error" }>["reason"], error: string, fieldErrors: FieldErrors = {}, values?: FormValues): FormState {
  return { status: "error", ok: false, reason, error, fieldErrors, ...(values && { values }), at: Date.now() };
}

/**
 * A server action for a form: before the body runs, the viewer is checked
 * for the capability (a page's check does not extend to its actions), the
 * FormData is parsed with the form's zod schema, and a unit user is checked
 * against the units the submission touches. Expected failures come back as
 * state the form shows; only the unexpected is logged, and even then the
 * user gets a message rather than an error page.
 */
export function validatedAction<S extends z.ZodType>(
  options: ValidatedActionOptions<S>,
  body: (input: z.output<S>, ctx: ActionContext) => Promise<FormState>,
): FormAction {
  return async (_previous, formData) => {
    const values = formValues(formData);
    const { t } = await currentMessages();
    const access = await requireActionAccess(options.capability);
    if (!access.ok) return errorState("refused", t.errors.codes[access.code]({}), {}, values);
    const viewer = access.viewer;
    if (viewer.kind !== "user") return errorState("refused", t.errors.codes["auth.screen-read-only"]({}), {}, values);

    const dataset = await loadDataset();
    const form = formContextOf(dataset, today());
    const parsed = options.schema(form).safeParse(values);
    if (!parsed.success) return errorState("invalid", t.errors.fixErrors, fieldErrorsOf(parsed.error, t.formText), values);

    const ctx: ActionContext = { viewer, dataset, form, values, t };
    if (options.scope) {
      const scope = options.scope(parsed.data, ctx);
      const access = await accessContext();
      // Every unit the submission touches must be the viewer's: the row's as it is, and the one chosen.
      const allowed =
        scope.units.length === 0
          ? canForUnits(viewer, options.capability, [], access)
          : scope.units.every((unit) => canForUnits(viewer, options.capability, [unit], access));
      if (!allowed) return errorState("refused", scope.refusal, scope.field ? { [scope.field]: scope.refusal } : {}, values);
    }
    try {
      const state = await body(parsed.data, ctx);
      // The writer sees their change at once: the page re-renders from a fresh read in the same response.
      if (state.status === "ok" && !state.unchanged) updateTag(SHEET_TAG);
      return state;
    } catch (error) {
      // The whole error (its path, its cause) goes to the log; the user gets its code in words, or the generic message.
      console.error(`表单提交失败（${options.capability}，${viewer.login}）：`, error);
      return errorState("failed", t.errors.saveFailed(errorText(t, error)), {}, values);
    }
  };
}

// ---------------------------------------------------------------------------
// From write outcomes to form state.

/** Text that a spreadsheet would take for a formula if typed: stored as text all the same, and said so. */
function looksLikeFormula(values: FormValues): boolean {
  return Object.entries(values).some(([key, v]) => !key.startsWith("seen.") && typeof v === "string" && /^\s*[=+\-@]/u.test(v) && !/^\s*[+-]?\d/u.test(v));
}

function failureState(outcome: WriteFailure, values: FormValues, t: Messages): FormState {
  const reason =
    outcome.reason === "locked" || outcome.reason === "busy"
      ? "busy"
      : outcome.reason === "not-found"
        ? "gone"
        : outcome.reason === "forbidden"
          ? "refused"
          : "failed";
  return errorState(reason, t.errors.write[outcome.reason](outcome.params), {}, values);
}

export function updateState<C extends Columns>(
  spec: TabSpec<C>,
  outcome: UpdateOutcome,
  ctx: ActionContext,
  fields: readonly (keyof C & string)[],
  messages: { saved: string },
): FormState {
  const { values } = ctx;
  if (outcome.ok) {
    // The fields as the sheet now holds them: what the user "saw" for the next submit.
    const saved: Record<string, string> = {};
    for (const key of fields) {
      const written = outcome.after[key];
      saved[key] = key in outcome.after ? formTextOfCell(spec.columns[key], written ?? null) : String(values[`seen.${key}`] ?? "");
    }
    return {
      status: "ok",
      ok: true,
      id: outcome.id,
      message: outcome.changed.length === 0 ? ctx.t.formText.validation.unchanged : outcome.pending ? ctx.t.errors.queued : messages.saved,
      ...(outcome.pending && { pending: true, notice: ctx.t.errors.queuedNotice }),
      saved,
      ...(outcome.changed.length === 0 && { unchanged: true }),
      ...((outcome.warning || looksLikeFormula(values)) && {
        notice: [outcome.warning, looksLikeFormula(values) ? ctx.t.formText.validation.literalNotice : undefined].filter(Boolean).join(" "),
      }),
      at: Date.now(),
    };
  }
  if (outcome.reason !== "conflict") return failureState(outcome, values, ctx.t);
  const current: Record<string, string> = {};
  const conflicts: ConflictField[] = [];
  for (const [key, cell] of Object.entries(outcome.current)) {
    const column = spec.columns[key];
    const theirs = formTextOfCell(column, cell);
    current[key] = theirs;
    const seen = String(values[`seen.${key}`] ?? "");
    if (column && theirs !== seen) conflicts.push({ key, label: column.header, seen, mine: String(values[key] ?? ""), theirs });
  }
  return { status: "conflict", ok: false, error: ctx.t.formText.results.conflict, conflict: { fields: conflicts, current }, values, at: Date.now() };
}

export function appendState(outcome: AppendOutcome, ctx: ActionContext, messages: { saved: string; repeated: string }): FormState {
  if (!outcome.ok) return failureState(outcome, ctx.values, ctx.t);
  return {
    status: "ok",
    ok: true,
    id: outcome.id,
    message: outcome.pending ? ctx.t.errors.queued : outcome.repeated ? messages.repeated : messages.saved,
    ...(outcome.pending && { pending: true }),
    ...((outcome.pending || looksLikeFormula(ctx.values)) && {
      notice: [outcome.pending ? ctx.t.errors.queuedNotice : undefined, looksLikeFormula(ctx.values) ? ctx.t.formText.validation.literalNotice : undefined]
        .filter(Boolean)
        .join(" "),
    }),
    at: Date.now(),
  };
}
