"use client";

import { editVisit, recordVisit } from "@/app/_actions/visits";
import type { Messages } from "@/lib/i18n";
import { useMessages } from "../locale-context";
import type { FormContext } from "@/lib/forms/context";
import { fieldErrorsOf } from "@/lib/forms/fields";
import { newRowId } from "@/lib/forms/ids";
import { CADRE_TIER_LABELS, VISIT_FIELDS, VISIT_METHOD_LABELS, visitSchema } from "@/lib/forms/visit";
import { WriteOutcome } from "./conflict-panel";
import { Field, Select, SubmitButton, TextArea, TextInput } from "./controls";
import { useWriteForm } from "./use-write-form";

export type VisitValues = Record<(typeof VISIT_FIELDS)[number], string>;

interface Props {
  mode: "new" | "edit";
  /** An existing visit's ID, or the one this page gave the new visit. */
  id: string;
  current: VisitValues;
  context: FormContext;
  /** A unit user records visits for their own unit only: the unit is shown, not chosen. */
  fixedUnit?: string;
  /** The roster's names and the contact points already used: offered, never enforced (new text is fine). */
  picks?: { cadres: readonly string[]; contactPoints: readonly string[] };
  t: Messages["forms"];
}

/** 录入 / 修改走访. */
export function VisitForm({ mode, id, current, context, fixedUnit, picks, t }: Props) {
  const initial = fixedUnit ? { ...current, unit: fixedUnit } : current;
  // Field messages say the viewer's language; their words are functions, so they come from the locale context, not props.
  const formText = useMessages().formText;
  const form = useWriteForm({
    action: mode === "new" ? recordVisit : editVisit,
    id,
    initial,
    ...(mode === "edit" && { seen: current }),
    validate: (values) => {
      const parsed = visitSchema(context, mode).safeParse(values);
      return parsed.success ? null : fieldErrorsOf(parsed.error, formText);
    },
  });
  const { values, errors, set } = form;
  const f = t.fields;
  const v = (key: keyof VisitValues) => String(values[key] ?? "");
  const savedNew = mode === "new" && form.state.status === "ok";

  return (
    <form action={form.dispatch} onSubmit={form.onSubmit} noValidate className="space-y-4" data-testid="visit-form">
      <input type="hidden" name="id" value={form.id} />
      {mode === "edit" && VISIT_FIELDS.map((key) => <input key={key} type="hidden" name={`seen.${key}`} value={form.seen?.[key] ?? ""} />)}

      <fieldset disabled={savedNew} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field name="date" label={f.date} error={errors.date} required>
            <TextInput name="date" type="date" value={v("date")} onChange={set("date")} error={errors.date} required />
          </Field>
          <Field name="unit" label={f.unit} error={errors.unit} required>
            {fixedUnit ? (
              <>
                <input type="hidden" name="unit" value={fixedUnit} />
                <p className="flex min-h-11 items-center rounded-lg border border-slate-200 bg-slate-50 px-3 text-base" data-testid="fixed-unit">
                  {fixedUnit}
                </p>
              </>
            ) : (
              <Select name="unit" value={v("unit")} onChange={set("unit")} error={errors.unit} options={context.units} placeholder={t.choose} required />
            )}
          </Field>
          <Field name="cadre" label={f.cadre} error={errors.cadre} required>
            <TextInput
              name="cadre"
              value={v("cadre")}
              onChange={set("cadre")}
              error={errors.cadre}
              required
              list={picks?.cadres.length ? "visit-cadre-picks" : undefined}
            />
            {picks && picks.cadres.length > 0 && (
              <datalist id="visit-cadre-picks" data-testid="visit-cadre-picks">
                {picks.cadres.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
            )}
          </Field>
          <Field name="tier" label={f.tier} error={errors.tier}>
            <Select name="tier" value={v("tier")} onChange={set("tier")} error={errors.tier} options={CADRE_TIER_LABELS} placeholder={t.none} />
          </Field>
          <Field name="contactPoint" label={f.contactPoint} error={errors.contactPoint} required>
            <TextInput
              name="contactPoint"
              value={v("contactPoint")}
              onChange={set("contactPoint")}
              error={errors.contactPoint}
              required
              list={picks?.contactPoints.length ? "visit-point-picks" : undefined}
            />
            {picks && picks.contactPoints.length > 0 && (
              <datalist id="visit-point-picks" data-testid="visit-point-picks">
                {picks.contactPoints.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
            )}
          </Field>
          <Field name="method" label={f.method} error={errors.method}>
            <Select name="method" value={v("method")} onChange={set("method")} error={errors.method} options={VISIT_METHOD_LABELS} placeholder={t.none} />
          </Field>
          <Field name="suggestions" label={f.suggestions} error={errors.suggestions}>
            <TextInput name="suggestions" value={v("suggestions")} onChange={set("suggestions")} error={errors.suggestions} inputMode="numeric" />
          </Field>
          <Field name="solved" label={f.solved} error={errors.solved}>
            <TextInput name="solved" value={v("solved")} onChange={set("solved")} error={errors.solved} inputMode="numeric" />
          </Field>
        </div>
        <Field name="summary" label={f.summary} error={errors.summary}>
          <TextArea name="summary" value={v("summary")} onChange={set("summary")} error={errors.summary} rows={4} />
        </Field>
        <Field name="evidence" label={f.evidence} error={errors.evidence}>
          <TextInput name="evidence" type="url" inputMode="url" value={v("evidence")} onChange={set("evidence")} error={errors.evidence} />
        </Field>
      </fieldset>

      <WriteOutcome form={form} t={t} />
      {savedNew ? (
        <button
          type="button"
          onClick={() => form.startOver(newRowId("visits", Number(context.today.slice(0, 4))))}
          className="min-h-11 w-full rounded-lg border border-slate-400 bg-white px-5 py-2 font-medium hover:bg-slate-100 sm:w-auto"
        >
          {t.saveAnother}
        </button>
      ) : (
        !form.conflict && <SubmitButton pending={form.pending} label={t.save} pendingLabel={t.saving} />
      )}
    </form>
  );
}
