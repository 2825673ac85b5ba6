"use client";

import { useActionState } from "react";
import { recordSigningAction } from "./actions";

const input = "rounded-md border border-slate-300 px-2 py-1 text-sm";

export function SigningForm({
  year,
  unit,
  today,
  signer,
  labels,
}: {
  year: number;
  unit: string;
  today: string;
  signer: string;
  labels: { signedOn: string; signer: string; scan: string; record: string };
}) {
  const [state, action, pending] = useActionState(recordSigningAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2" data-testid="signing-form">
      <input type="hidden" name="year" value={year} />
      <input type="hidden" name="unit" value={unit} />
      <input name="signedOn" type="date" defaultValue={today} aria-label={labels.signedOn} className={input} required />
      <input name="signer" defaultValue={signer} placeholder={labels.signer} aria-label={labels.signer} className={`${input} w-24`} />
      <input name="scan" placeholder={labels.scan} aria-label={labels.scan} className={`${input} w-40`} />
      <button type="submit" disabled={pending} className="rounded-md border border-slate-300 px-2 py-1 text-sm">
        {labels.record}
      </button>
      {state && (
        <span role={state.ok ? "status" : "alert"} className={state.ok ? "text-emerald-700" : "text-red-700"}>
          {state.message}
        </span>
      )}
    </form>
  );
}
