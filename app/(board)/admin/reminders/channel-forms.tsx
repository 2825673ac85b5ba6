"use client";

import { useActionState, useState } from "react";
import { removeChannelAction, saveChannelAction, testChannelAction, type ChannelFormState } from "./actions";

function Result({ state }: { state: ChannelFormState }) {
  if (!state) return null;
  return (
    <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-green-800" : "text-red-700"}`}>
      {state.message}
    </p>
  );
}

export function TestChannelButton({ name, label, pendingLabel }: { name: string; label: string; pendingLabel: string }) {
  const [state, action, pending] = useActionState<ChannelFormState, FormData>(testChannelAction, null);
  return (
    <form action={action} className="space-y-1" aria-label={`${label}：${name}`}>
      <input type="hidden" name="name" value={name} />
      <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50 disabled:opacity-60">
        {pending ? pendingLabel : label}
      </button>
      <Result state={state} />
    </form>
  );
}

export function RemoveChannelButton({ name, label }: { name: string; label: string }) {
  const [state, action, pending] = useActionState<ChannelFormState, FormData>(removeChannelAction, null);
  return (
    <form action={action} aria-label={`${label}：${name}`}>
      <input type="hidden" name="name" value={name} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-red-200 bg-white px-3 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        {label}
      </button>
      <Result state={state} />
    </form>
  );
}

export interface ChannelFormLabels {
  add: string;
  name: string;
  type: string;
  url: string;
  secret: string;
  to: string;
  digest: string;
  save: string;
  types: Record<"wecom" | "dingtalk" | "feishu" | "email", string>;
}

export function ChannelForm({ labels }: { labels: ChannelFormLabels }) {
  const [state, action, pending] = useActionState<ChannelFormState, FormData>(saveChannelAction, null);
  const [type, setType] = useState<keyof ChannelFormLabels["types"]>("wecom");
  const input = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5";
  const invalid = (field: string) => (state && !state.ok && state.field === field ? { "aria-invalid": true as const } : {});
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-2" aria-label={labels.add}>
      <label className="text-sm">
        <span className="block text-slate-700">{labels.name}</span>
        <input name="name" required maxLength={60} className={input} {...invalid("name")} />
      </label>
      <label className="text-sm">
        <span className="block text-slate-700">{labels.type}</span>
        <select name="type" value={type} onChange={(e) => setType(e.target.value as typeof type)} className={input}>
          {Object.entries(labels.types).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </label>
      {type === "email" ? (
        <label className="text-sm sm:col-span-2">
          <span className="block text-slate-700">{labels.to}</span>
          <input name="to" className={input} {...invalid("to")} />
        </label>
      ) : (
        <>
          <label className="text-sm sm:col-span-2">
            <span className="block text-slate-700">{labels.url}</span>
            <input name="url" type="url" className={input} autoComplete="off" {...invalid("url")} />
          </label>
          {type !== "wecom" && (
            <label className="text-sm sm:col-span-2">
              <span className="block text-slate-700">{labels.secret}</span>
              <input name="secret" type="password" autoComplete="new-password" className={input} />
            </label>
          )}
        </>
      )}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="digest" /> {labels.digest}
      </label>
      <div className="sm:col-span-2 space-y-2">
        <button type="submit" disabled={pending} className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white disabled:opacity-60">
          {labels.save}
        </button>
        <Result state={state} />
      </div>
    </form>
  );
}
