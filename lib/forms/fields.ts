/**
 * Field schemas for forms posted as FormData: every value arrives as text (or
 * not at all) and leaves typed, or with a message naming the field. Lenient
 * where the sheet is lenient (full-width digits, 2026/3/5), strict about what
 * cannot be stored: over-long text, negative counts, days that do not exist,
 * units that are not in the 单位 tab.
 */
import { z } from "zod";
import { LIST_SEPARATORS, normalise, parseDate } from "../schema/values";
import { codePointName, deceptiveCharacter } from "../auth/normalize";
import { formProblemText, type FormProblem, problem as m } from "./messages";
import type { Messages } from "../i18n";

/** FormData as plain values: one string per field, several for a multiple choice; null for a file, which no field takes. */
export type FormValues = Record<string, string | string[] | null | undefined>;

/**
 * What XML 1.0 cannot carry, so no workbook can hold: control characters other
 * than tab and line breaks, U+FFFE and U+FFFF (a mis-decoded byte-order mark),
 * and a surrogate without its pair. Refused, not dropped: the person sees what
 * was wrong instead of a silently different text.
 */
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/u;

/** The first character of a text that no workbook can hold, as U+XXXX; undefined when every one can be stored. */
export function unstorableCharacter(text: string): string | undefined {
  const hit = UNSTORABLE.exec(text)?.[0];
  return hit === undefined ? undefined : codePointName(hit);
}

/** The text a person typed, tidied: trimmed, line breaks unified. */
export function cleanText(value: string): string {
  return value.replace(/\r\n?/gu, "\n").trim();
}

/** Length as a person counts characters (an emoji is one). */
export function textLength(value: string): number {
  return [...value].length;
}

/** What was posted for a single-valued field: its text, undefined when absent, null when not text (a file, or several values). */
function single(value: unknown): string | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === "string") return value[0];
  return null;
}

type Ctx = z.core.$RefinementCtx<unknown>;

/** Records a problem: its words (Chinese) for logs, its key and arguments for fieldErrorsOf to say in the viewer's language. */
export function addProblem(ctx: Pick<Ctx, "addIssue">, problem: FormProblem, path?: PropertyKey[]): void {
  ctx.addIssue({ code: "custom", message: formProblemText(problem), params: { problem }, ...(path && { path }) });
}

/** Refuses a value with a problem. */
export function refuse(ctx: Pick<Ctx, "addIssue">, problem: FormProblem): never {
  addProblem(ctx, problem);
  return z.NEVER as never;
}

interface TextOptions {
  max: number;
  /** A person's name or an ID: invisible and direction-changing characters are refused too. */
  name?: boolean;
}

/** Why a typed text cannot be taken as it is, if it cannot. */
function textProblem(label: string, text: string, opts: { name?: boolean }): FormProblem | undefined {
  const unstorable = unstorableCharacter(text);
  if (unstorable) return m("unstorable", label, unstorable);
  const hidden = opts.name ? deceptiveCharacter(text) : undefined;
  if (hidden) return m("deceptive", label, hidden);
  return undefined;
}

export function optionalText(label: string, { max, name }: TextOptions) {
  return z
    .unknown()
    .transform((value, ctx): string | undefined => {
      const raw = single(value);
      if (raw === null) return refuse(ctx, m("notText", label));
      const text = cleanText(raw ?? "");
      if (text === "") return undefined;
      const problem = textProblem(label, text, { name });
      if (problem) return refuse(ctx, problem);
      if (textLength(text) > max) return refuse(ctx, m("tooLong", label, max, textLength(text)));
      return text;
    })
    .optional();
}

export function requiredText(label: string, { max, name }: TextOptions) {
  return z.unknown().transform((value, ctx): string => {
    const raw = single(value);
    if (raw === null) return refuse(ctx, m("notText", label));
    const text = cleanText(raw ?? "");
    if (text === "") return refuse(ctx, m("required", label));
    const problem = textProblem(label, text, { name });
    if (problem) return refuse(ctx, problem);
    if (textLength(text) > max) return refuse(ctx, m("tooLong", label, max, textLength(text)));
    return text;
  });
}

const DATE_SHAPE = /^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$/u;

interface DateOptions {
  /** The latest date allowed (today, for things that already happened). */
  notAfter?: string;
}

function dateValue(label: string, raw: string | undefined | null, ctx: Ctx, required: boolean, opts: DateOptions): string | undefined {
  if (raw === null) return refuse(ctx, m("badDate", label));
  const text = normalise(raw ?? "");
  if (text === "") return required ? refuse(ctx, m("required", label)) : undefined;
  const parsed = parseDate(text);
  if (!parsed.ok || parsed.value === undefined) {
    return refuse(ctx, DATE_SHAPE.test(text) ? m("impossibleDate", label, text) : m("badDate", label));
  }
  const iso = parsed.value;
  if (iso < "2000-01-01" || iso > "2100-12-31") return refuse(ctx, m("dateOutOfRange", label));
  if (opts.notAfter && iso > opts.notAfter) return refuse(ctx, m("futureDate", label));
  return iso;
}

export function optionalDate(label: string, opts: DateOptions = {}) {
  return z
    .unknown()
    .transform((value, ctx): string | undefined => dateValue(label, single(value), ctx, false, opts))
    .optional();
}

export function requiredDate(label: string, opts: DateOptions = {}) {
  return z.unknown().transform((value, ctx): string => dateValue(label, single(value), ctx, true, opts)!);
}

interface NumberOptions {
  min: number;
  max: number;
  integer?: boolean;
  /** Accept a trailing % (progress typed as "60%"). */
  percent?: boolean;
}

function numberValue(label: string, raw: string | undefined | null, ctx: Ctx, required: boolean, opts: NumberOptions): number | undefined {
  if (raw === null) return refuse(ctx, m("notNumber", label));
  let text = normalise(raw ?? "").replace(/[,\s]/gu, "");
  if (text === "") return required ? refuse(ctx, m("required", label)) : undefined;
  if (opts.percent && text.endsWith("%")) text = text.slice(0, -1);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/u.test(text)) return refuse(ctx, m("notNumber", label));
  const n = Number(text);
  if (!Number.isFinite(n)) return refuse(ctx, m("notNumber", label));
  if (n < 0 && opts.min >= 0) return refuse(ctx, m("negative", label));
  if (opts.integer && !Number.isInteger(n)) return refuse(ctx, m("notInteger", label));
  if (n < opts.min || n > opts.max) return refuse(ctx, opts.min === 0 && n > opts.max ? m("tooBig", label, opts.max) : m("range", label, opts.min, opts.max));
  return n;
}

export function optionalNumber(label: string, opts: NumberOptions) {
  return z
    .unknown()
    .transform((value, ctx): number | undefined => numberValue(label, single(value), ctx, false, opts))
    .optional();
}

export function requiredNumber(label: string, opts: NumberOptions) {
  return z.unknown().transform((value, ctx): number => numberValue(label, single(value), ctx, true, opts)!);
}

function choiceValue<const T extends string>(
  label: string,
  options: readonly T[],
  raw: string | undefined | null,
  ctx: Ctx,
  required: boolean,
  unknown: (v: string) => FormProblem,
): T | undefined {
  if (raw === null) return refuse(ctx, m("badChoice", label, options.join(" / ")));
  const text = normalise(raw ?? "");
  if (text === "") return required ? refuse(ctx, m("choose", label)) : undefined;
  const hit = options.find((o) => o === text);
  return hit ?? refuse(ctx, unknown(text));
}

export function optionalChoice<const T extends string>(label: string, options: readonly T[]) {
  return z
    .unknown()
    .transform((value, ctx): T | undefined => choiceValue(label, options, single(value), ctx, false, () => m("badChoice", label, options.join(" / "))))
    .optional();
}

export function requiredChoice<const T extends string>(label: string, options: readonly T[]) {
  return z.unknown().transform((value, ctx): T => choiceValue(label, options, single(value), ctx, true, () => m("badChoice", label, options.join(" / ")))!);
}

/** A unit named in the 单位 tab, and only such a unit. */
export function requiredUnit(label: string, units: readonly string[]) {
  return z.unknown().transform((value, ctx): string => choiceValue(label, units, single(value), ctx, true, (u) => m("unknownUnit", label, u))!);
}

interface ListOptions {
  /** The values allowed; anything else is refused with `unknown`. */
  allowed: readonly string[];
  unknown: (value: string) => FormProblem;
  maxItems: number;
}

/** Several values: a multiple choice, or one text with 、，,；; between them. */
export function list(label: string, opts: ListOptions) {
  return z
    .unknown()
    .transform((value, ctx): string[] => {
      const parts = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => {
        if (typeof v !== "string") return [null];
        return v
          .split(LIST_SEPARATORS)
          .map(normalise)
          .filter((s) => s !== "");
      });
      if (parts.includes(null)) return refuse(ctx, m("notText", label));
      const problem = parts.map((p) => textProblem(label, p ?? "", { name: true })).find(Boolean);
      if (problem) return refuse(ctx, problem);
      const items = [...new Set(parts as string[])];
      if (items.length > opts.maxItems) return refuse(ctx, m("tooMany", label, opts.maxItems));
      const unknown = items.find((i) => !opts.allowed.includes(i));
      if (unknown !== undefined) return refuse(ctx, opts.unknown(unknown));
      return items;
    })
    .optional(); // absent: nothing chosen
}

export function optionalUrl(label: string, { max }: TextOptions) {
  return z
    .unknown()
    .transform((value, ctx): string | undefined => {
      const raw = single(value);
      if (raw === null) return refuse(ctx, m("badUrl", label));
      const text = cleanText(raw ?? "");
      if (text === "") return undefined;
      const problem = textProblem(label, text, { name: true });
      if (problem) return refuse(ctx, problem);
      if (textLength(text) > max) return refuse(ctx, m("tooLong", label, max, textLength(text)));
      try {
        const url = new URL(text);
        if (url.protocol === "http:" || url.protocol === "https:") return text;
      } catch {
        // refused below
      }
      return refuse(ctx, m("badUrl", label));
    })
    .optional();
}

/** The ID of a row the form edits: whatever the sheet holds, within reason. */
export function existingId(label: string) {
  return z.unknown().transform((value, ctx): string => {
    const raw = single(value);
    const text = cleanText(raw ?? "");
    if (raw === null || text === "" || textLength(text) > 100) return refuse(ctx, m("badId", label));
    const problem = textProblem(label, text, { name: true });
    if (problem) return refuse(ctx, problem);
    return text;
  });
}

/** The ID the form was given for a new row (see ids.ts): only the app's own shape, so a post cannot name another row. */
export function newId(label: string, prefix: string) {
  const shape = new RegExp(`^${prefix}-\\d{4}-[0-9A-Z]{11}$`, "u");
  return z.unknown().transform((value, ctx): string => {
    const raw = single(value);
    if (typeof raw !== "string" || !shape.test(raw)) return refuse(ctx, m("badId", label));
    return raw;
  });
}

/** Reads a FormData into plain values; React's own `$ACTION_…` fields are left out. */
export function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const all = formData.getAll(key);
    if (!all.every((v) => typeof v === "string")) values[key] = null;
    else values[key] = all.length === 1 ? all[0] : all;
  }
  return values;
}

/** Field errors keyed by field name, first message each: what the form shows under each input. */
export type FieldErrors = Record<string, string>;

/** The form's field errors in the viewer's language (`t`, the dictionary's formText section; Chinese when omitted). */
export function fieldErrorsOf(error: z.ZodError, t?: Messages["formText"]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "_form";
    const problem = issue.code === "custom" ? (issue.params as { problem?: FormProblem } | undefined)?.problem : undefined;
    errors[key] ??= problem ? formProblemText(problem, t) : issue.message;
  }
  return errors;
}
