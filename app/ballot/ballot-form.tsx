"use client";

import { useActionState, useEffect, useState } from "react";
import { castBallotAction, type BallotState } from "./actions";

const GRADES = ["好", "较好", "一般", "差"] as const;

interface Labels {
  intro: string;
  comment: string;
  submit: string;
  submitting: string;
  grades: readonly string[];
  secretary: string;
  chooseAll: string;
}

export function BallotForm(props: {
  code: string;
  sessionId: string;
  title: string;
  date: string;
  units: { unit: string; secretary: string }[];
  labels: Labels;
}) {
  const { labels } = props;
  const [state, action, pending] = useActionState<BallotState, FormData>(castBallotAction, null);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  // Submittable once hydrated: a plain POST before that would answer with the page, which then sees the code spent.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const missing = props.units.filter((u) => !chosen[u.unit]).length;

  if (state?.ok) {
    return (
      <div className="card p-5" role="status" data-testid="ballot-done">
        <h1 className="text-lg font-bold text-emerald-700">{state.message}</h1>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-3" data-testid="ballot-form">
      <header>
        <h1 className="text-xl font-bold">{props.title}</h1>
        <p className="text-sm text-slate-600">
          {props.date} · {labels.intro}
        </p>
      </header>
      <input type="hidden" name="code" value={props.code} />
      <input type="hidden" name="session" value={props.sessionId} />
      {props.units.map(({ unit, secretary }) => (
        <fieldset key={unit} className="card p-3" data-testid="ballot-unit">
          <legend className="sr-only">{unit}</legend>
          <p className="font-semibold" aria-hidden="true">
            {unit}
            {secretary && (
              <span className="ml-2 text-sm font-normal text-slate-600">
                {labels.secretary} {secretary}
              </span>
            )}
          </p>
          <div className="mt-2 grid grid-cols-4 gap-2">
            {GRADES.map((g, i) => (
              <label
                key={g}
                className={`flex min-h-11 cursor-pointer items-center justify-center rounded-md border text-base ${chosen[unit] === g ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white"}`}
              >
                <input
                  type="radio"
                  className="sr-only"
                  name={`grade:${unit}`}
                  value={g}
                  required
                  aria-label={`${unit} ${labels.grades[i] ?? g}`}
                  onChange={() => setChosen((c) => ({ ...c, [unit]: g }))}
                />
                {labels.grades[i] ?? g}
              </label>
            ))}
          </div>
          <textarea
            name={`comment:${unit}`}
            maxLength={200}
            rows={1}
            placeholder={labels.comment}
            className="mt-2 w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
        </fieldset>
      ))}
      {state && !state.ok && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-red-800" data-testid="ballot-error">
          {state.message}
        </p>
      )}
      <button
        type="submit"
        disabled={pending || !ready}
        className="sticky bottom-2 w-full rounded-md bg-brand-700 py-3 text-lg font-semibold text-white disabled:opacity-60"
      >
        {pending ? labels.submitting : missing > 0 ? `${labels.submit}（${labels.chooseAll.replace("{n}", String(missing))}）` : labels.submit}
      </button>
    </form>
  );
}
