"use client";

import { useActionState } from "react";
import { closeSessionAction, openSessionAction, type AppraisalActionState } from "./actions";

const input = "rounded-md border border-slate-300 px-2 py-1";
const button = "rounded-md bg-brand-700 px-3 py-1.5 font-medium text-white disabled:opacity-60";

function Result({ state }: { state: AppraisalActionState }) {
  if (!state) return null;
  return (
    <p role={state.ok ? "status" : "alert"} className={state.ok ? "text-emerald-700" : "text-red-700"} data-testid="appraisal-message">
      {state.message}
    </p>
  );
}

export function OpenSessionForm({
  units,
  today,
  labels,
}: {
  units: string[];
  today: string;
  labels: { date: string; name: string; ballots: string; units: string; open: string; defaultTitle: string };
}) {
  const [state, action, pending] = useActionState(openSessionAction, null);
  return (
    <form action={action} className="space-y-3" data-testid="open-session">
      <div className="flex flex-wrap gap-3">
        <label className="flex flex-col text-sm">
          {labels.date}
          <input name="date" type="date" defaultValue={today} required className={input} />
        </label>
        <label className="flex flex-col text-sm">
          {labels.name}
          <input name="title" defaultValue={labels.defaultTitle} className={input} />
        </label>
        <label className="flex flex-col text-sm">
          {labels.ballots}
          <input name="ballots" type="number" min={1} max={500} defaultValue={50} required className={`${input} w-24`} />
        </label>
      </div>
      <fieldset>
        <legend className="text-sm">{labels.units}</legend>
        <div className="mt-1 grid grid-cols-2 gap-1 text-sm sm:grid-cols-4">
          {units.map((u) => (
            <label key={u} className="flex items-center gap-1">
              <input type="checkbox" name="units" value={u} /> {u}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" className={button} disabled={pending}>
        {labels.open}
      </button>
      <Result state={state} />
    </form>
  );
}

export function CloseSessionButton({ id, label }: { id: string; label: string }) {
  const [state, action, pending] = useActionState(closeSessionAction, null);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="rounded-md border border-red-300 px-2 py-1 text-sm text-red-700" disabled={pending}>
        {label}
      </button>
      <Result state={state} />
    </form>
  );
}
