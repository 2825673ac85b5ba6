/**
 * What a server action answers a form with. Expected failures are values:
 * the form shows them; nothing is thrown for a wrong value, a refusal, a
 * locked workbook or a conflict.
 */
import type { FieldErrors, FormValues } from "./fields";

/** One cell someone else changed while the form was open: what the user saw, what they want, what is there now. */
export interface ConflictField {
  key: string;
  label: string;
  seen: string;
  mine: string;
  theirs: string;
}

export type FormState =
  | { status: "idle" }
  | {
      status: "ok";
      ok: true;
      message: string;
      /** The row written (a new row's ID). */
      id?: string;
      /** The form's fields as the sheet now holds them: the next submit's "seen". */
      saved?: Record<string, string>;
      /** Nothing differed from what was there: nothing written. */
      unchanged?: boolean;
      /** Accepted into the write journal while an office app holds the workbook: written once it is closed. */
      pending?: boolean;
      notice?: string;
      at: number;
    }
  | {
      status: "error";
      ok: false;
      /** invalid: a value to fix; refused: not allowed; busy: try again later (workbook open); gone: the row is not there. */
      reason: "invalid" | "refused" | "busy" | "gone" | "failed";
      error: string;
      fieldErrors: FieldErrors;
      /** What was posted, so a form without JavaScript shows it again. */
      values?: FormValues;
      at: number;
    }
  | {
      status: "conflict";
      ok: false;
      error: string;
      conflict: { fields: ConflictField[]; current: Record<string, string> };
      values?: FormValues;
      at: number;
    };

export const IDLE: FormState = { status: "idle" };

/** A form's server action as useActionState calls it. */
export type FormAction = (previous: FormState, formData: FormData) => Promise<FormState>;
