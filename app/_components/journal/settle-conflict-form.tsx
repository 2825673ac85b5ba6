"use client";

import { useActionState } from "react";
import { settleConflictAction } from "@/app/_actions/journal";
import { IDLE, type FormState } from "@/lib/forms/state";

/** The two ways to settle a write conflict; the result (or why nothing was written) is said beside them. */
export function SettleConflictForm({ id, canApply, labels }: { id: string; canApply: boolean; labels: { keep: string; apply: string; settling: string } }) {
  const [state, action, pending] = useActionState<FormState, FormData>(settleConflictAction, IDLE);
  const button = "rounded-md border px-2 py-1 text-xs font-medium disabled:opacity-60";
  return (
    <form action={action} className="flex flex-wrap gap-2" data-testid="settle-conflict">
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="choice" value="keep" disabled={pending} className={`${button} border-slate-300 bg-white hover:bg-slate-100`}>
        {pending ? labels.settling : labels.keep}
      </button>
      {canApply && (
        <button type="submit" name="choice" value="apply" disabled={pending} className={`${button} border-brand-700 bg-brand-700 text-white`}>
          {labels.apply}
        </button>
      )}
      {state.status === "error" && (
        <p role="alert" className="w-full text-xs text-red-700">
          {state.error}
        </p>
      )}
      {state.status === "ok" && (
        <p role="status" className="w-full text-xs text-green-800">
          {state.message}
        </p>
      )}
    </form>
  );
}
