"use client";

import { useActionState } from "react";
import { urgeAction, type UrgeState } from "./urge-action";

export function UrgeButton({ taskId, label, pendingLabel, hint }: { taskId: string; label: string; pendingLabel: string; hint: string }) {
  const [state, action, pending] = useActionState<UrgeState, FormData>(urgeAction, null);
  return (
    <form action={action} className="space-y-1" aria-label={label}>
      <input type="hidden" name="taskId" value={taskId} />
      <button
        type="submit"
        disabled={pending}
        title={hint}
        className="rounded-md bg-red-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60"
      >
        {pending ? pendingLabel : label}
      </button>
      {state && (
        <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-green-800" : "text-red-700"}`} data-testid="urge-result">
          {state.message}
        </p>
      )}
    </form>
  );
}
