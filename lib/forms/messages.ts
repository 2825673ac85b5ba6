/**
 * What a form says when a value is refused: a problem is a message key and its
 * arguments (a field's label is its column header as in the sheet), turned into
 * words in the viewer's language by lib/i18n in one place (`formProblemText`).
 * Shared by the server (authoritative) and the browser (instant feedback), so
 * both say the same thing.
 */
import { messagesFor, type Messages } from "../i18n";

type Validation = Messages["formText"]["validation"];
type FunctionKeys<T> = { [K in keyof T]: T[K] extends (...args: never[]) => string ? K : never }[keyof T];

export type FormMessageKey = FunctionKeys<Validation>;

export interface FormProblem {
  key: FormMessageKey;
  args: readonly (string | number)[];
}

/** A problem with its arguments checked against the message it names. */
export function problem<K extends FormMessageKey>(key: K, ...args: Parameters<Validation[K]>): FormProblem {
  return { key, args: args as readonly (string | number)[] };
}

/** A problem in words: labels (column headers) in the language's own names; Chinese by default. */
export function formProblemText(p: FormProblem, t: Messages["formText"] = messagesFor("zh").formText): string {
  const say = t.validation[p.key] as (...args: (string | number)[]) => string;
  return say(...p.args.map((a) => (typeof a === "string" ? (t.columnLabels[a] ?? a) : a)));
}
