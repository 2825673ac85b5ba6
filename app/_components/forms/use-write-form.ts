"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import type { FieldErrors, FormValues } from "@/lib/forms/fields";
import { IDLE, type FormAction, type FormState } from "@/lib/forms/state";
import { seenField } from "@/lib/forms/values";

export type Values = Record<string, string | string[]>;

export interface WriteFormOptions {
  action: FormAction;
  /** The row's ID: an existing row's, or the one given to a new row when the page was rendered. */
  id: string;
  initial: Values;
  /** For an edit: the cells as the user saw them, sent back so the server can tell what changed meanwhile. */
  seen?: Record<string, string>;
  /** The same schema the server uses, for instant messages; the server checks again regardless. */
  validate?: (values: FormValues) => FieldErrors | null;
}

export type ConflictChoice = "mine" | "theirs";

function formDataOf(id: string, values: Values, seen: Record<string, string> | undefined): FormData {
  const data = new FormData();
  data.set("id", id);
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) value.forEach((v) => data.append(key, v));
    else data.set(key, value);
  }
  for (const [key, value] of Object.entries(seen ?? {})) data.set(seenField(key), value);
  return data;
}

function valuesOf(data: FormData): FormValues {
  const out: FormValues = {};
  for (const key of new Set(data.keys())) {
    const all = data.getAll(key).map(String);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/**
 * A form bound to a server action without React's reset-after-submit: what
 * the user typed stays put on an error or a conflict. It keeps the "seen"
 * values the conflict check needs, moves them on after each save, and
 * resolves a conflict field by field (keep mine: send again against the new
 * values; take theirs: adopt them, write nothing).
 */
export function useWriteForm(options: WriteFormOptions) {
  const [state, dispatch, pending] = useActionState<FormState, FormData>(options.action, IDLE);
  const [values, setValues] = useState<Values>(() => {
    // Without JavaScript the page comes back from the post: show what was posted.
    if (state.status === "error" || state.status === "conflict") {
      const posted = state.values ?? {};
      return Object.fromEntries(Object.entries(options.initial).map(([k, v]) => [k, posted[k] ?? v])) as Values;
    }
    return options.initial;
  });
  const [seen, setSeen] = useState(options.seen);
  const [id, setId] = useState(options.id);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const [conflictOpen, setConflictOpen] = useState(state.status === "conflict");
  const [note, setNote] = useState<string | null>(null);
  const [handled, setHandled] = useState(state);
  /** The answer the user moved on from ("record another"): no longer shown. */
  const [dismissed, setDismissed] = useState<number | null>(null);
  const shown: FormState = state.status !== "idle" && state.at !== dismissed ? state : IDLE;

  // Adjust to a new answer from the server while rendering, not in an effect.
  if (handled !== state) {
    setHandled(state);
    if (state.status === "ok" && state.saved) {
      const saved = state.saved;
      setSeen((s) => (s ? { ...s, ...saved } : s));
      setValues((v) => ({ ...v, ...saved }));
    }
    setConflictOpen(state.status === "conflict");
  }

  function submit(nextValues: Values, nextSeen: Record<string, string> | undefined) {
    const data = formDataOf(id, nextValues, nextSeen);
    const errors = options.validate?.(valuesOf(data)) ?? null;
    setClientErrors(errors);
    setNote(null);
    if (errors) return;
    startTransition(() => dispatch(data));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit(values, seen);
  }

  function set(key: string) {
    return (value: string | string[]) => setValues((v) => ({ ...v, [key]: value }));
  }

  const conflict = shown.status === "conflict" && conflictOpen ? shown.conflict : null;

  function resolve(choices: Record<string, ConflictChoice>, takenMessage: string) {
    if (!conflict) return;
    const nextSeen = { ...seen, ...conflict.current };
    const nextValues = { ...values };
    for (const f of conflict.fields) if (choices[f.key] === "theirs") nextValues[f.key] = f.theirs;
    setSeen(nextSeen);
    setValues(nextValues);
    setConflictOpen(false);
    // Still something of mine to write: the user's other changes, or a field they kept.
    const pendingChange = Object.keys(nextSeen).some((k) => {
      const v = nextValues[k];
      return typeof v === "string" && v.trim() !== (nextSeen[k] ?? "").trim();
    });
    if (pendingChange && conflict.fields.some((f) => choices[f.key] !== "theirs")) submit(nextValues, nextSeen);
    else setNote(takenMessage);
  }

  const errors: FieldErrors = clientErrors ?? (shown.status === "error" ? shown.fieldErrors : {});

  /** Ready for another new row: a fresh ID, the initial values. */
  function startOver(nextId: string) {
    setId(nextId);
    setValues(options.initial);
    setClientErrors(null);
    setNote(null);
    if (state.status !== "idle") setDismissed(state.at);
  }

  return { state: shown, pending, dispatch, values, set, seen, id, errors, onSubmit, conflict, resolve, note, startOver };
}
