"use client";

import { useActionState, useState } from "react";
import { createScreenLinkAction, revokeScreenLinkAction, type CreateLinkState, type RevokeLinkState } from "./actions";

export interface CreateLabels {
  days: string;
  note: string;
  notePlaceholder: string;
  create: string;
  creating: string;
  created: string;
  copy: string;
  copied: string;
}

export function CreateScreenLinkForm({ labels }: { labels: CreateLabels }) {
  const [state, action, pending] = useActionState<CreateLinkState, FormData>(createScreenLinkAction, null);
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-end gap-3" aria-label={labels.create}>
        <label className="text-sm">
          <span className="block text-slate-700">{labels.days}</span>
          <input name="days" type="number" min={1} max={366} defaultValue={30} required className="mt-1 w-24 rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="text-sm">
          <span className="block text-slate-700">{labels.note}</span>
          <input name="note" maxLength={60} placeholder={labels.notePlaceholder} className="mt-1 w-56 rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <button type="submit" disabled={pending} className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white disabled:opacity-60">
          {pending ? labels.creating : labels.create}
        </button>
      </form>
      {state?.ok === false && (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      )}
      {state?.ok && (
        <div className="rounded-md border border-green-200 bg-green-50 p-3 text-sm" data-testid="new-screen-link">
          <p className="text-green-900">{labels.created}</p>
          <div className="mt-2 flex items-center gap-2">
            <input
              readOnly
              value={state.url}
              className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
              data-testid="new-screen-link-url"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button
              type="button"
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs"
              onClick={() => {
                void navigator.clipboard?.writeText(state.url).then(() => setCopied(true));
              }}
            >
              {copied ? labels.copied : labels.copy}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

export function RevokeScreenLinkButton({ id, label, pendingLabel }: { id: string; label: string; pendingLabel: string }) {
  const [state, action, pending] = useActionState<RevokeLinkState, FormData>(revokeScreenLinkAction, null);
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className="rounded-md border border-red-300 px-2 py-1 text-xs text-red-700 hover:bg-red-50 disabled:opacity-60">
        {pending ? pendingLabel : label}
      </button>
      {state && !state.ok && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
    </form>
  );
}
