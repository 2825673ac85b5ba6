import type { CellValue } from "./cells";
import type { Column, EnumOption, IsoDate } from "./columns";
import type { ProblemCode } from "./problems";

export type Parsed<T> = { ok: true; value: T | undefined } | { ok: false; code: ProblemCode; params?: Record<string, string | number> };

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/**
 * A number in a date column is a serial only between 1950 and 2099: a year
 * typed alone (2026) would otherwise silently become a date in 1905.
 */
const MIN_SERIAL = 18_264; // 1950-01-01
const MAX_SERIAL = 73_415; // 2100-12-31

/** Folds full-width forms to half-width (ＡＢＣ１２３ → ABC123, ％ → %) and trims. */
/** Any character outside ASCII: only then can NFKC change the text. */
const NON_ASCII = /[^\u0000-\u007f]/u;

export function normalise(text: string): string {
  return (NON_ASCII.test(text) ? text.normalize("NFKC") : text).trim();
}

/** How headers, enum labels and keys are compared: width, case and surrounding space ignored. */
export function foldKey(text: string): string {
  return normalise(text).replace(/[*]+$/u, "").trim().toLowerCase();
}

export function serialToIsoDate(serial: number): IsoDate {
  const ms = EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

export function isoDateToSerial(date: IsoDate): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - EXCEL_EPOCH_MS) / DAY_MS);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The ISO date of a real calendar day, by arithmetic: a 100,000-row tab has as many dates. */
function validIsoDate(y: number, m: number, d: number): IsoDate | undefined {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return undefined;
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0))) return undefined;
  return `${y}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/u;

export function parseDate(value: CellValue): Parsed<IsoDate> {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? { ok: false, code: "bad-date" } : { ok: true, value: value.toISOString().slice(0, 10) };
  }
  if (typeof value === "number") {
    if (value >= MIN_SERIAL && value <= MAX_SERIAL) return { ok: true, value: serialToIsoDate(value) };
    // A typed 20260305 is stored by Excel as a number.
    return Number.isInteger(value) ? parseDate(String(value)) : { ok: false, code: "bad-date" };
  }
  if (typeof value !== "string") return { ok: false, code: "bad-date" };
  const text = normalise(value);
  const m = DATE_TEXT.exec(text);
  if (m) {
    const iso = validIsoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? { ok: true, value: iso } : { ok: false, code: "bad-date" };
  }
  // A compact 20260305 is common when dates are typed without separators.
  const compact = /^(\d{4})(\d{2})(\d{2})$/u.exec(text);
  if (compact) {
    const iso = validIsoDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
    if (iso) return { ok: true, value: iso };
  }
  return { ok: false, code: "bad-date" };
}

/**
 * A moment, kept as the wall clock "YYYY-MM-DDTHH:mm:ss" a person in the deployment's
 * zone reads in the cell: a date-time cell or serial holds exactly that (the workbook has
 * no zone; Google's serials are in the spreadsheet's zone). Other text is kept trimmed;
 * an instant typed with a zone (…Z, …+08:00) is converted where it is shown.
 */
export function parseDateTime(value: CellValue): Parsed<string> {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? { ok: false, code: "bad-date" } : { ok: true, value: value.toISOString().slice(0, 19) };
  }
  if (typeof value === "number") {
    if (value < MIN_SERIAL || value > MAX_SERIAL) return { ok: false, code: "bad-date" };
    return { ok: true, value: new Date(EXCEL_EPOCH_MS + Math.round(value * 86_400) * 1000).toISOString().slice(0, 19) };
  }
  const text = normalise(String(value));
  const wall = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/u.exec(text);
  if (wall) {
    const date = validIsoDate(Number(wall[1]), Number(wall[2]), Number(wall[3]));
    const [h, m, sec] = [Number(wall[4]), Number(wall[5]), Number(wall[6] ?? 0)];
    if (date && h < 24 && m < 60 && sec < 60) return { ok: true, value: `${date}T${String(h).padStart(2, "0")}:${wall[5]}:${String(sec).padStart(2, "0")}` };
  }
  return { ok: true, value: text };
}

function parseNumeric(value: CellValue, percent: boolean): Parsed<number> {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { ok: false, code: "bad-number" };
    // A percent-formatted cell holds 0.6 for 60%; progress of a fraction of one point is not a thing.
    if (percent && value > 0 && value < 1) return { ok: true, value: Math.round(value * 10_000) / 100 };
    return { ok: true, value };
  }
  if (typeof value === "boolean" || value instanceof Date || value === null) return { ok: false, code: "bad-number" };
  let text = normalise(value).replace(/[,\s]/gu, "");
  let isPercent = false;
  if (text.endsWith("%")) {
    isPercent = true;
    text = text.slice(0, -1);
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/u.test(text)) return { ok: false, code: "bad-number" };
  const n = Number(text);
  if (!Number.isFinite(n)) return { ok: false, code: "bad-number" };
  return { ok: true, value: isPercent && !percent ? n / 100 : n };
}

function inRange(n: number, min?: number, max?: number): Parsed<number> {
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    return { ok: false, code: "out-of-range", params: { min: min ?? "", max: max ?? "" } };
  }
  return { ok: true, value: n };
}

export function parseNumber(value: CellValue, opts: { min?: number; max?: number; percent?: boolean } = {}): Parsed<number> {
  const n = parseNumeric(value, opts.percent ?? false);
  return n.ok && n.value !== undefined ? inRange(n.value, opts.min, opts.max) : n;
}

export function parseInteger(value: CellValue, opts: { min?: number; max?: number } = {}): Parsed<number> {
  const n = parseNumeric(value, false);
  if (!n.ok || n.value === undefined) return n;
  if (!Number.isInteger(n.value)) return { ok: false, code: "not-integer" };
  return inRange(n.value, opts.min, opts.max);
}

export function parseEnum(value: CellValue, options: readonly EnumOption[]): Parsed<string> {
  const folded = foldKey(String(value));
  const hit = options.find((o) => foldKey(o.label) === folded || foldKey(o.key) === folded);
  return hit ? { ok: true, value: hit.label } : { ok: false, code: "bad-enum", params: { options: options.map((o) => o.label).join(" / ") } };
}

export const LIST_SEPARATORS = /[、，,；;\n\r]+/u;

export function parseList(value: CellValue): Parsed<string[]> {
  const items = String(value)
    .split(LIST_SEPARATORS)
    .map(normalise)
    .filter((s) => s !== "");
  return { ok: true, value: items.length ? items : undefined };
}

const TRUE_WORDS = new Set(["是", "true", "y", "yes", "1", "启用", "√", "✓"]);
const FALSE_WORDS = new Set(["否", "false", "n", "no", "0", "停用", "禁用", "×", "✗"]);

export function parseBool(value: CellValue): Parsed<boolean> {
  if (typeof value === "boolean") return { ok: true, value };
  const folded = foldKey(String(value));
  if (TRUE_WORDS.has(folded)) return { ok: true, value: true };
  if (FALSE_WORDS.has(folded)) return { ok: true, value: false };
  return { ok: false, code: "bad-bool" };
}

export function parseUrl(value: CellValue): Parsed<string> {
  const text = normalise(String(value));
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") return { ok: true, value: text };
  } catch {
    // fall through to the problem below
  }
  return { ok: false, code: "bad-url" };
}

export function parseText(value: CellValue, maxLength?: number): Parsed<string> {
  if (value instanceof Date && Number.isNaN(value.getTime())) return { ok: false, code: "bad-date" };
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim();
  if (text === "") return { ok: true, value: undefined };
  if (maxLength !== undefined && text.length > maxLength) {
    return { ok: false, code: "too-long", params: { length: text.length, max: maxLength } };
  }
  return { ok: true, value: text };
}

/** Parses one non-blank cell according to its column. */
export function parseCell(column: Column, value: CellValue): Parsed<unknown> {
  switch (column.type) {
    case "text":
      return parseText(value, column.maxLength);
    case "url":
      return parseUrl(value);
    case "date":
      return parseDate(value);
    case "datetime":
      return parseDateTime(value);
    case "int":
      return parseInteger(value, column);
    case "number":
      return parseNumber(value, column);
    case "enum":
      return parseEnum(value, column.options);
    case "list":
      return parseList(value);
    case "bool":
      return parseBool(value);
  }
}

/** The cell as text, for reports. */
export function displayValue(value: CellValue): string {
  if (value === null) return "";
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return String(value);
}

/** What a compiled reader returns when it cannot decide alone: `parseCell` then decides (and names any problem). */
export const UNDECIDED: unique symbol = Symbol("undecided");

/** Per-value answers kept by a compiled reader, up to this many distinct values (a 100k-row tab repeats its dates and options). */
const MEMO_LIMIT = 50_000;

function remember<V>(memo: Map<string | number, V>, key: string | number, value: V): V {
  if (memo.size < MEMO_LIMIT) memo.set(key, value);
  return value;
}

/** Date cells the compiled readers read themselves: years 1900–9999 (toISOString's plain form). */
const MIN_DATE_MS = Date.UTC(1900, 0, 1);
const MAX_DATE_MS = Date.UTC(9999, 11, 31);

/** "2026-03-05T09:07:00" from the day and the seconds into it. */
function wallClock(date: IsoDate, seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds - h * 3600) / 60);
  const s = seconds - h * 3600 - m * 60;
  return `${date}T${h < 10 ? "0" : ""}${h}:${m < 10 ? "0" : ""}${m}:${s < 10 ? "0" : ""}${s}`;
}

/**
 * A reader of one column's non-blank cells, made once per tab rather than deciding the
 * column's type for every cell: the common cells (a text, an integer, a date serial or ISO
 * text, a known option) are read here without the `Parsed` object, and repeated values from
 * a memo; anything else — every cell that might be a problem — returns `UNDECIDED`, and the
 * caller asks `parseCell`, so every problem is found and worded exactly as before. Returns the
 * value `parseCell` would (undefined: nothing to record).
 */
export function compileCell(column: Column): (value: CellValue) => unknown {
  switch (column.type) {
    case "text": {
      const max = column.maxLength;
      return (value) => {
        if (typeof value !== "string") return UNDECIDED;
        const text = value.trim();
        if (text === "") return undefined;
        return max !== undefined && text.length > max ? UNDECIDED : text;
      };
    }
    case "int": {
      const { min, max } = column;
      return (value) =>
        typeof value === "number" && Number.isInteger(value) && (min === undefined || value >= min) && (max === undefined || value <= max) ? value : UNDECIDED;
    }
    case "number": {
      const { min, max, percent } = column;
      return (value) => {
        if (typeof value !== "number" || !Number.isFinite(value) || (percent && value > 0 && value < 1)) return UNDECIDED;
        return (min === undefined || value >= min) && (max === undefined || value <= max) ? value : UNDECIDED;
      };
    }
    case "date": {
      const memo = new Map<string | number, IsoDate | typeof UNDECIDED>();
      return (value) => {
        if (value instanceof Date) {
          // A date cell (the fast reader's Date): value.toISOString().slice(0, 10), once per day.
          const ms = value.getTime();
          if (!(ms >= MIN_DATE_MS && ms <= MAX_DATE_MS)) return UNDECIDED;
          const day = Math.floor(ms / DAY_MS);
          return memo.get(-day - 1) ?? remember(memo, -day - 1, new Date(day * DAY_MS).toISOString().slice(0, 10));
        }
        if (typeof value === "number") {
          if (!(value >= MIN_SERIAL && value <= MAX_SERIAL)) return UNDECIDED;
          const day = Math.floor(value);
          return memo.get(day) ?? remember(memo, day, serialToIsoDate(day));
        }
        if (typeof value !== "string") return UNDECIDED;
        const hit = memo.get(value);
        if (hit !== undefined) return hit;
        const parsed = parseDate(value);
        return remember(memo, value, parsed.ok && parsed.value !== undefined ? parsed.value : UNDECIDED);
      };
    }
    case "datetime": {
      const days = new Map<string | number, IsoDate>();
      return (value) => {
        if (value instanceof Date) {
          // value.toISOString().slice(0, 19), by arithmetic.
          const ms = value.getTime();
          if (!(ms >= MIN_DATE_MS && ms <= MAX_DATE_MS)) return UNDECIDED;
          const day = Math.floor(ms / DAY_MS);
          return wallClock(days.get(day) ?? remember(days, day, new Date(day * DAY_MS).toISOString().slice(0, 10)), Math.floor((ms - day * DAY_MS) / 1000));
        }
        if (typeof value !== "number" || !(value >= MIN_SERIAL && value <= MAX_SERIAL)) return UNDECIDED;
        // new Date(EXCEL_EPOCH_MS + Math.round(value * 86_400) * 1000).toISOString().slice(0, 19), by arithmetic.
        const seconds = Math.round(value * 86_400);
        const day = Math.floor(seconds / 86_400);
        return wallClock(days.get(day) ?? remember(days, day, serialToIsoDate(day)), seconds - day * 86_400);
      };
    }
    case "enum": {
      const memo = new Map<string | number, string | typeof UNDECIDED>();
      const options = column.options;
      return (value) => {
        if (typeof value !== "string") return UNDECIDED;
        const hit = memo.get(value);
        if (hit !== undefined) return hit;
        const parsed = parseEnum(value, options);
        return remember(memo, value, parsed.ok && parsed.value !== undefined ? parsed.value : UNDECIDED);
      };
    }
    default:
      return () => UNDECIDED;
  }
}
