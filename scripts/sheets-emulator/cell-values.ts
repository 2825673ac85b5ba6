/**
 * The value model of one cell: what RAW and USER_ENTERED writes store, and how
 * FORMATTED_VALUE / UNFORMATTED_VALUE / FORMULA reads render it.
 */
import { evaluateFormula } from "./formula";

export type CellValue =
  | { kind: "number"; value: number }
  | { kind: "string"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "error"; value: string };

export type NumberFormatType = "TEXT" | "NUMBER" | "PERCENT" | "CURRENCY" | "DATE" | "TIME" | "DATE_TIME" | "SCIENTIFIC";

/** Google's NumberFormat: a type and a pattern such as `yyyy-mm-dd` or `0.00%`. */
export interface NumberFormat {
  type: NumberFormatType;
  pattern: string;
}

/**
 * One cell. Cells are replaced, never mutated, so a sheet can be copied by
 * copying its row arrays. A cell with only a format counts as empty.
 */
export interface Cell {
  readonly value?: CellValue;
  /** The formula text (`=A1+1`) when the cell was entered as a formula. */
  readonly formula?: string;
  readonly format?: NumberFormat;
  /** A link on the whole cell, as Insert › Link (Ctrl+K) puts one on a typed value. */
  readonly link?: string;
}

export type InputValue = string | number | boolean | null;
export type ValueInputOption = "RAW" | "USER_ENTERED";
export type ValueRenderOption = "FORMATTED_VALUE" | "UNFORMATTED_VALUE" | "FORMULA";
export type DateTimeRenderOption = "SERIAL_NUMBER" | "FORMATTED_STRING";
export type RenderedValue = string | number | boolean;

/** What writing one input value does to a cell. */
export type CellEntry = { kind: "skip" } | { kind: "clear" } | { kind: "set"; value: CellValue; formula?: string; format?: NumberFormat };

export function isInputValue(value: unknown): value is InputValue {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/**
 * null leaves the cell alone and "" empties it, as the API documents for
 * ValueRange input. RAW stores the JSON value as is; USER_ENTERED parses
 * strings as if typed into the UI.
 */
export function entryFromInput(input: InputValue, option: ValueInputOption, locale: string): CellEntry {
  if (input === null) return { kind: "skip" };
  if (input === "") return { kind: "clear" };
  if (typeof input === "number") return { kind: "set", value: { kind: "number", value: input } };
  if (typeof input === "boolean") return { kind: "set", value: { kind: "boolean", value: input } };
  if (option === "RAW") return { kind: "set", value: { kind: "string", value: input } };
  return parseUserEntered(input, locale);
}

/** Formats survive writes and clears, as in Sheets: only a detected format (a typed date, `60%`) replaces one. */
export function applyEntry(cell: Cell | undefined, entry: CellEntry): Cell | undefined {
  if (entry.kind === "skip") return cell;
  const format = entry.kind === "set" ? (entry.format ?? cell?.format) : cell?.format;
  if (entry.kind === "clear") return format ? { format } : undefined;
  const next: { value: CellValue; formula?: string; format?: NumberFormat } = { value: entry.value };
  if (entry.formula !== undefined) next.formula = entry.formula;
  if (format) next.format = format;
  return next;
}

export function isEmptyCell(cell: Cell | undefined): boolean {
  return cell?.value === undefined && cell?.formula === undefined;
}

// ---------------------------------------------------------------------------
// Dates: serial numbers count days since 1899-12-30; the fraction is the time of day.

const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

export function serialFromParts(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return (Date.UTC(year, month - 1, day, hour, minute, second) - SERIAL_EPOCH_MS) / DAY_MS;
}

function partsFromSerial(serial: number): Date {
  // Rounded to the second so 0.1-style float noise never shows as 23:59:59.
  return new Date(SERIAL_EPOCH_MS + Math.round((serial * DAY_MS) / 1000) * 1000);
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

function isRealTime(hour: number, minute: number, second: number): boolean {
  return hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60;
}

// ---------------------------------------------------------------------------
// USER_ENTERED parsing.

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const SCIENTIFIC_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;
const TIME_PART = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

interface DateGuess {
  year: number;
  month: number;
  day: number;
  pattern: string;
}

/** Date spellings Sheets recognises when typed; which ones depends on the spreadsheet locale. */
function parseDatePart(text: string, locale: string): DateGuess | undefined {
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), pattern: "yyyy-mm-dd" };
  match = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text);
  if (match) return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), pattern: "yyyy/m/d" };
  if (locale.startsWith("zh")) {
    match = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(text);
    if (match) return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]), pattern: 'yyyy"年"m"月"d"日"' };
  }
  if (locale === "en_US") {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (match) return { year: Number(match[3]), month: Number(match[1]), day: Number(match[2]), pattern: "m/d/yyyy" };
  }
  return undefined;
}

function decimalsOf(numberText: string): number {
  const dot = numberText.indexOf(".");
  return dot < 0 ? 0 : numberText.length - dot - 1;
}

function parseUserEntered(text: string, locale: string): CellEntry {
  if (text.startsWith("'")) return { kind: "set", value: { kind: "string", value: text.slice(1) } };
  if (text.startsWith("=") && text.length > 1) {
    return { kind: "set", formula: text, value: evaluateFormula(text.slice(1)) };
  }
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (upper === "TRUE" || upper === "FALSE") return { kind: "set", value: { kind: "boolean", value: upper === "TRUE" } };

  if (PLAIN_NUMBER.test(trimmed)) return { kind: "set", value: { kind: "number", value: Number(trimmed) } };
  if (GROUPED_NUMBER.test(trimmed)) {
    const digits = trimmed.replaceAll(",", "");
    const pattern = decimalsOf(digits) > 0 ? "#,##0.00" : "#,##0";
    return { kind: "set", value: { kind: "number", value: Number(digits) }, format: { type: "NUMBER", pattern } };
  }
  if (SCIENTIFIC_NUMBER.test(trimmed)) {
    return { kind: "set", value: { kind: "number", value: Number(trimmed) }, format: { type: "SCIENTIFIC", pattern: "0.00E+00" } };
  }
  if (trimmed.endsWith("%")) {
    const body = trimmed.slice(0, -1).trim();
    const digits = body.replaceAll(",", "");
    if (PLAIN_NUMBER.test(body) || GROUPED_NUMBER.test(body)) {
      const pattern = decimalsOf(digits) > 0 ? "0.00%" : "0%";
      return { kind: "set", value: { kind: "number", value: Number(digits) / 100 }, format: { type: "PERCENT", pattern } };
    }
  }

  const time = TIME_PART.exec(trimmed);
  if (time) {
    const [hour, minute, second] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)];
    if (isRealTime(hour, minute, second)) {
      const value = (hour * 3600 + minute * 60 + second) / 86400;
      return { kind: "set", value: { kind: "number", value }, format: { type: "TIME", pattern: "hh:mm:ss" } };
    }
  }

  const space = trimmed.search(/\s/);
  const datePart = space < 0 ? trimmed : trimmed.slice(0, space);
  const timePart = space < 0 ? undefined : trimmed.slice(space).trim();
  const date = parseDatePart(datePart, locale);
  if (date && isRealDate(date.year, date.month, date.day)) {
    if (timePart === undefined) {
      const value = serialFromParts(date.year, date.month, date.day);
      return { kind: "set", value: { kind: "number", value }, format: { type: "DATE", pattern: date.pattern } };
    }
    const clock = TIME_PART.exec(timePart);
    if (clock) {
      const [hour, minute, second] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
      if (isRealTime(hour, minute, second)) {
        const value = serialFromParts(date.year, date.month, date.day, hour, minute, second);
        const pattern = `${date.pattern} hh:mm:ss`;
        return { kind: "set", value: { kind: "number", value }, format: { type: "DATE_TIME", pattern } };
      }
    }
  }
  return { kind: "set", value: { kind: "string", value: text } };
}

// ---------------------------------------------------------------------------
// Rendering.

const DATE_TYPES = new Set<NumberFormatType>(["DATE", "TIME", "DATE_TIME"]);

export function isDateFormatted(cell: Cell | undefined): boolean {
  return cell?.format !== undefined && DATE_TYPES.has(cell.format.type);
}

/** undefined means an empty cell. */
export function renderCell(cell: Cell | undefined, render: ValueRenderOption, dateTimeRender: DateTimeRenderOption): RenderedValue | undefined {
  if (!cell || isEmptyCell(cell)) return undefined;
  if (render === "FORMULA" && cell.formula !== undefined) return cell.formula;
  const value = cell.value ?? { kind: "error", value: "#N/A" };
  if (render === "FORMATTED_VALUE") return formatValue(value, cell.format);
  if (value.kind === "number" && dateTimeRender === "FORMATTED_STRING" && isDateFormatted(cell)) {
    return formatValue(value, cell.format);
  }
  return value.value;
}

/** The value as the spreadsheet shows it. */
export function formatValue(value: CellValue, format: NumberFormat | undefined): string {
  switch (value.kind) {
    case "string":
    case "error":
      return value.value;
    case "boolean":
      return value.value ? "TRUE" : "FALSE";
    case "number":
      return formatNumber(value.value, format);
  }
}

export function formatNumber(n: number, format: NumberFormat | undefined): string {
  if (!format || format.type === "TEXT" || format.pattern === "") return automaticNumber(n);
  if (DATE_TYPES.has(format.type)) return formatDateTime(n, format.pattern);
  return formatWithNumberPattern(n, format.pattern);
}

/** Sheets' "Automatic" format: no grouping, no exponent, at most 10 decimals. */
export function automaticNumber(n: number): string {
  if (!Number.isFinite(n)) return "#NUM!";
  const rounded = Number(n.toPrecision(15));
  const decimals = Math.min(10, Math.max(0, 14 - Math.floor(Math.log10(Math.abs(rounded) || 1))));
  return trimZeros(rounded.toFixed(decimals));
}

function trimZeros(fixed: string): string {
  if (!fixed.includes(".")) return fixed === "-0" ? "0" : fixed;
  const out = fixed.replace(/0+$/, "").replace(/\.$/, "");
  return out === "-0" ? "0" : out;
}

function groupThousands(integerDigits: string): string {
  return integerDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function formatWithNumberPattern(n: number, rawPattern: string): string {
  // Only the first section (positive numbers) of a `pos;neg;zero` pattern.
  const pattern = (rawPattern.split(";")[0] ?? "").replace(/"([^"]*)"/g, "$1");
  const percent = pattern.includes("%");
  const value = percent ? n * 100 : n;
  const core = /[#0,.]*[#0][#0,.]*(?:E\+0+)?/.exec(pattern);
  if (!core) return automaticNumber(n);
  const coreText = core[0];
  const prefix = pattern.slice(0, core.index);
  const suffix = pattern.slice(core.index + coreText.length);
  const exponentAt = coreText.indexOf("E+");
  const mantissa = exponentAt >= 0 ? coreText.slice(0, exponentAt) : coreText;
  const dot = mantissa.indexOf(".");
  const fraction = dot < 0 ? "" : mantissa.slice(dot + 1);
  const fixedDecimals = (fraction.match(/0/g) ?? []).length;
  const optionalDecimals = (fraction.match(/#/g) ?? []).length;

  let body: string;
  if (exponentAt >= 0) {
    const [digits = "0", exponent = "0"] = value.toExponential(fixedDecimals).split("e");
    const sign = exponent.startsWith("-") ? "-" : "+";
    body = `${digits}E${sign}${exponent.replace(/^[+-]/, "").padStart(2, "0")}`;
  } else {
    let fixed = Math.abs(value).toFixed(fixedDecimals + optionalDecimals);
    if (optionalDecimals > 0) {
      const [whole = "0", decimals = ""] = fixed.split(".");
      const kept = decimals.slice(0, fixedDecimals) + decimals.slice(fixedDecimals).replace(/0+$/, "");
      fixed = kept === "" ? whole : `${whole}.${kept}`;
    }
    const [whole = "0", decimals] = fixed.split(".");
    const grouped = mantissa.includes(",") ? groupThousands(whole) : whole;
    const negative = value < 0 && Number(fixed) !== 0;
    body = `${negative ? "-" : ""}${grouped}${decimals === undefined ? "" : `.${decimals}`}`;
  }
  return `${prefix}${body}${suffix}`;
}

type DateToken = { kind: "literal"; text: string } | { kind: "field"; text: string };

function tokenizeDatePattern(pattern: string): DateToken[] {
  const tokens: DateToken[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] ?? "";
    if (ch === '"') {
      const close = pattern.indexOf('"', i + 1);
      const end = close < 0 ? pattern.length : close;
      tokens.push({ kind: "literal", text: pattern.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (ch === "\\") {
      tokens.push({ kind: "literal", text: pattern[i + 1] ?? "" });
      i += 2;
      continue;
    }
    if (pattern.slice(i, i + 5).toUpperCase() === "AM/PM") {
      tokens.push({ kind: "field", text: "am/pm" });
      i += 5;
      continue;
    }
    const lower = ch.toLowerCase();
    if ("ymdhs".includes(lower)) {
      let j = i;
      while (j < pattern.length && (pattern[j] ?? "").toLowerCase() === lower) j++;
      tokens.push({ kind: "field", text: pattern.slice(i, j).toLowerCase() });
      i = j;
      continue;
    }
    tokens.push({ kind: "literal", text: ch });
    i++;
  }
  return tokens;
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function formatDateTime(serial: number, pattern: string): string {
  const date = partsFromSerial(serial);
  const tokens = tokenizeDatePattern(pattern);
  const twelveHour = tokens.some((t) => t.kind === "field" && t.text === "am/pm");
  const fields = tokens.filter((t) => t.kind === "field");
  let out = "";
  for (const token of tokens) {
    if (token.kind === "literal") {
      out += token.text;
      continue;
    }
    const at = fields.indexOf(token);
    const previous = fields[at - 1]?.text ?? "";
    const next = fields[at + 1]?.text ?? "";
    const hours = date.getUTCHours();
    switch (token.text[0]) {
      case "y":
        out += token.text.length <= 2 ? String(date.getUTCFullYear() % 100).padStart(2, "0") : String(date.getUTCFullYear());
        break;
      case "m": {
        // As in Sheets, `m` next to an hour or a second means minutes.
        const minutes = previous.startsWith("h") || next.startsWith("s");
        if (minutes) out += token.text.length >= 2 ? pad2(date.getUTCMinutes()) : String(date.getUTCMinutes());
        else if (token.text.length >= 4) out += MONTH_NAMES[date.getUTCMonth()] ?? "";
        else if (token.text.length === 3) out += (MONTH_NAMES[date.getUTCMonth()] ?? "").slice(0, 3);
        else out += token.text.length === 2 ? pad2(date.getUTCMonth() + 1) : String(date.getUTCMonth() + 1);
        break;
      }
      case "d":
        out += token.text.length >= 2 ? pad2(date.getUTCDate()) : String(date.getUTCDate());
        break;
      case "h": {
        const shown = twelveHour ? ((hours + 11) % 12) + 1 : hours;
        out += token.text.length >= 2 ? pad2(shown) : String(shown);
        break;
      }
      case "s":
        out += token.text.length >= 2 ? pad2(date.getUTCSeconds()) : String(date.getUTCSeconds());
        break;
      case "a":
        out += hours < 12 ? "AM" : "PM";
        break;
    }
  }
  return out;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** Sort order of Sheets: numbers, then text, then booleans, then errors; blanks always last. */
export function compareForSort(a: Cell | undefined, b: Cell | undefined, descending: boolean, collator: Intl.Collator): number {
  const aEmpty = isEmptyCell(a);
  const bEmpty = isEmptyCell(b);
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1;
  const av = a?.value;
  const bv = b?.value;
  if (!av || !bv) return 0;
  const rank = { number: 0, string: 1, boolean: 2, error: 3 } as const;
  let order = rank[av.kind] - rank[bv.kind];
  if (order === 0) {
    if (av.kind === "number" && bv.kind === "number") order = av.value - bv.value;
    else if (av.kind === "boolean" && bv.kind === "boolean") order = Number(av.value) - Number(bv.value);
    else order = collator.compare(String(av.value), String(bv.value));
  }
  return descending ? -order : order;
}
