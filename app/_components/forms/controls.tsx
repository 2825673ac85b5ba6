/**
 * The pieces every form is built of: a labelled field with its message, the
 * inputs, the banner that says what happened, the submit button. Sized for a
 * thumb on a 390-pixel phone (16px text so iOS does not zoom, 44px targets).
 */
import type { ReactNode } from "react";
import type { FormState } from "@/lib/forms/state";

export const inputClass =
  "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-200 aria-[invalid=true]:border-red-600 aria-[invalid=true]:ring-red-100 disabled:bg-slate-100";

export function fieldId(name: string): string {
  return `field-${name.replace(/[^\w-]/gu, "-")}`;
}

interface FieldProps {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  requiredLabel?: string;
  children: ReactNode;
}

export function Field({ name, label, error, hint, required, requiredLabel, children }: FieldProps) {
  const id = fieldId(name);
  return (
    <div className="space-y-1" data-field={name}>
      <label id={`${id}-label`} htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {required && (
          // biome-ignore lint/a11y/useAriaPropsSupportedByRole: left as is (issue 13 review): the mark is decorative and each control carries aria-required
          <span className="ml-1 text-red-700" aria-label={requiredLabel}>
            *
          </span>
        )}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700" data-testid={`error-${name}`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The aria attributes that tie an input to its label's message. */
export function describedBy(name: string, error?: string, hint?: string) {
  const id = fieldId(name);
  const by = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return { id, name, "aria-invalid": error ? true : undefined, "aria-describedby": by } as const;
}

interface InputProps {
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
}

export function TextInput({
  name,
  value,
  onChange,
  error,
  hint,
  required,
  disabled,
  type = "text",
  inputMode,
  list,
}: InputProps & { type?: "text" | "date" | "url"; inputMode?: "decimal" | "numeric" | "text" | "url"; list?: string }) {
  return (
    <input
      {...describedBy(name, error, hint)}
      type={type}
      inputMode={inputMode}
      list={list}
      value={value}
      required={required}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
      className={inputClass}
      autoComplete="off"
    />
  );
}

export function TextArea({ name, value, onChange, error, hint, rows = 3 }: InputProps & { rows?: number }) {
  return <textarea {...describedBy(name, error, hint)} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass} />;
}

export function Select({
  name,
  value,
  onChange,
  error,
  hint,
  options,
  placeholder,
  required,
  disabled,
}: InputProps & { options: readonly string[]; placeholder: string }) {
  // A value the sheet holds but the options lack (typed by hand) stays visible rather than silently changing.
  const all = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <select
      {...describedBy(name, error, hint)}
      value={value}
      required={required}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
      className={inputClass}
    >
      <option value="">{placeholder}</option>
      {all.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

/** Several choices as checkboxes: easier on a phone than a multiple select. */
export function CheckboxList({
  name,
  values,
  onChange,
  options,
  error,
}: {
  name: string;
  values: string[];
  onChange: (values: string[]) => void;
  options: readonly string[];
  error?: string;
}) {
  return (
    <div
      id={fieldId(name)}
      role="group"
      aria-labelledby={`${fieldId(name)}-label`}
      aria-invalid={error ? true : undefined}
      className="grid max-h-56 grid-cols-2 gap-1 overflow-y-auto rounded-lg border border-slate-300 bg-white p-2 sm:grid-cols-3"
    >
      {options.map((o) => (
        <label key={o} className="flex min-h-9 items-center gap-2 rounded px-1 text-sm hover:bg-slate-50">
          <input
            type="checkbox"
            name={name}
            value={o}
            checked={values.includes(o)}
            onChange={(e) => onChange(e.target.checked ? [...values, o] : values.filter((v) => v !== o))}
            className="h-4 w-4"
          />
          {o}
        </label>
      ))}
    </div>
  );
}

export function SubmitButton({ pending, label, pendingLabel }: { pending: boolean; label: string; pendingLabel: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="min-h-11 w-full rounded-lg bg-brand-700 px-5 py-2 text-base font-semibold text-white shadow-sm hover:bg-brand-800 disabled:opacity-60 sm:w-auto"
    >
      {pending ? pendingLabel : label}
    </button>
  );
}

/** What happened to the last submit, announced to screen readers. */
export function FormBanner({ state, extra }: { state: FormState; extra?: string }) {
  if (state.status === "ok" && state.pending) {
    return (
      <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="form-queued">
        <p>{state.message}</p>
        {state.notice && <p className="mt-1 text-amber-800">{state.notice}</p>}
      </div>
    );
  }
  if (state.status === "ok") {
    return (
      <div role="status" className="rounded-lg border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="form-saved">
        <p>{state.message}</p>
        {state.notice && <p className="mt-1 text-green-800">{state.notice}</p>}
      </div>
    );
  }
  if (state.status === "error") {
    return (
      <div
        role="alert"
        className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900"
        data-testid="form-error"
        data-reason={state.reason}
      >
        <p>{state.error}</p>
        {extra && <p className="mt-1">{extra}</p>}
      </div>
    );
  }
  return null;
}
