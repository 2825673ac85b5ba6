"use client";

import { useState } from "react";
import type { Messages } from "@/lib/i18n";
import type { ConflictField } from "@/lib/forms/state";
import { FormBanner } from "./controls";
import type { ConflictChoice, useWriteForm } from "./use-write-form";

interface Props {
  fields: ConflictField[];
  message: string;
  labels: Messages["forms"]["conflict"];
  empty: string;
  pending: boolean;
  /** Field key → its label in the current language. */
  labelOf: (key: string, fallback: string) => string;
  onResolve: (choices: Record<string, ConflictChoice>) => void;
}

function Shown({ value, empty }: { value: string; empty: string }) {
  return value === "" ? <span className="italic text-slate-500">{empty}</span> : <span className="whitespace-pre-wrap break-words">{value}</span>;
}

/**
 * Someone changed a cell the user was changing: theirs and the sheet's side
 * by side, one choice per cell. Nothing was written; "keep mine" sends the
 * user's value again against the sheet's new one, "take the sheet's" adopts it.
 */
export function ConflictPanel({ fields, message, labels, empty, pending, labelOf, onResolve }: Props) {
  const [choices, setChoices] = useState<Record<string, ConflictChoice>>(() => Object.fromEntries(fields.map((f) => [f.key, "mine"])));
  return (
    <section role="alert" aria-labelledby="conflict-title" className="space-y-3 rounded-xl border-2 border-amber-400 bg-amber-50 p-4" data-testid="conflict">
      <h3 id="conflict-title" className="text-base font-semibold text-amber-950">
        {labels.title}
      </h3>
      <p className="text-sm text-amber-950">{message || labels.intro}</p>
      <ul className="space-y-3">
        {fields.map((f) => (
          <li key={f.key} className="rounded-lg border border-amber-200 bg-white p-3" data-testid={`conflict-${f.key}`}>
            <fieldset>
              <legend className="mb-1 text-sm font-semibold">{labelOf(f.key, f.label)}</legend>
              <p className="mb-2 text-xs text-slate-600">
                {labels.seen}：<Shown value={f.seen} empty={empty} />
              </p>
              <div className="grid gap-2 sm:grid-cols-2">
                {(["mine", "theirs"] as const).map((side) => (
                  <label
                    key={side}
                    className={`flex min-h-11 cursor-pointer items-start gap-2 rounded-lg border p-2 text-sm ${choices[f.key] === side ? "border-blue-600 bg-blue-50" : "border-slate-300"}`}
                  >
                    <input
                      type="radio"
                      name={`conflict-${f.key}`}
                      value={side}
                      checked={choices[f.key] === side}
                      onChange={() => setChoices((c) => ({ ...c, [f.key]: side }))}
                      className="mt-1 h-4 w-4"
                    />
                    <span className="min-w-0">
                      <span className="block text-xs font-medium text-slate-600">{side === "mine" ? labels.mine : labels.theirs}</span>
                      <span data-testid={`conflict-${f.key}-${side}`}>
                        <Shown value={side === "mine" ? f.mine : f.theirs} empty={empty} />
                      </span>
                    </span>
                  </label>
                ))}
              </div>
            </fieldset>
          </li>
        ))}
      </ul>
      <div className="flex flex-col gap-2 sm:flex-row">
        <button
          type="button"
          disabled={pending}
          onClick={() => onResolve(choices)}
          className="min-h-11 rounded-lg bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {labels.apply}
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => onResolve(Object.fromEntries(fields.map((f) => [f.key, "theirs"])))}
          className="min-h-11 rounded-lg border border-slate-400 bg-white px-4 py-2 font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60"
        >
          {labels.takeAll}
        </button>
      </div>
    </section>
  );
}

/**
 * What came of the last submission, under an edit form: a conflict to resolve, or the
 * saved / refused banner, and the note after "take the sheet's values".
 */
export function WriteOutcome({ form, t }: { form: ReturnType<typeof useWriteForm>; t: Messages["forms"] }) {
  const labels = t.fields as Record<string, string>;
  return (
    <>
      {form.conflict && form.state.status === "conflict" && (
        <ConflictPanel
          key={form.state.at}
          fields={form.conflict.fields}
          message={form.state.error}
          labels={t.conflict}
          empty={t.empty}
          pending={form.pending}
          labelOf={(key, fallback) => labels[key] ?? fallback}
          onResolve={(choices) => form.resolve(choices, t.conflict.taken)}
        />
      )}
      {!form.conflict && <FormBanner state={form.state} />}
      {form.note && (
        <p role="status" className="rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 text-sm" data-testid="form-note">
          {form.note}
        </p>
      )}
    </>
  );
}
