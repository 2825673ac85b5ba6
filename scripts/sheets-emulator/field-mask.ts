/**
 * Google field masks: the `fields` query parameter of every method
 * (`sheets(properties(title,sheetId),protectedRanges)`) and the `fields` of
 * update requests (`title,gridProperties.rowCount`).
 */
import { invalidArgument } from "./api-error";

/** A parsed mask: each key selects a field, with a sub-mask or `true` for the whole field. */
export type FieldMask = Map<string, FieldMask | true>;

export function parseFieldMask(text: string): FieldMask {
  let at = 0;
  const fail = (): never => {
    throw invalidArgument(`Invalid field selection ${text}`);
  };

  const parseList = (): FieldMask => {
    const mask: FieldMask = new Map();
    for (;;) {
      const path: string[] = [];
      for (;;) {
        const name = /^\s*([A-Za-z_*@][\w@]*)\s*/.exec(text.slice(at));
        if (!name?.[1]) return fail();
        path.push(name[1]);
        at += name[0].length;
        if (text[at] !== ".") break;
        at++;
      }
      let leaf: FieldMask | true = true;
      if (text[at] === "(") {
        at++;
        leaf = parseList();
        if (text[at] !== ")") fail();
        at++;
      }
      merge(mask, path, leaf);
      while (text[at] === " ") at++;
      if (text[at] !== ",") return mask;
      at++;
    }
  };

  const mask = parseList();
  if (at !== text.length) fail();
  return mask;
}

function merge(mask: FieldMask, path: string[], leaf: FieldMask | true): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const existing = mask.get(head);
  if (rest.length === 0) {
    if (leaf === true || existing === true) mask.set(head, true);
    else if (existing) for (const [key, value] of leaf) merge(existing, [key], value);
    else mask.set(head, leaf);
    return;
  }
  if (existing === true) return;
  const child = existing ?? new Map();
  mask.set(head, child);
  merge(child, rest, leaf);
}

/** Keeps only the masked fields; arrays are masked element by element. */
export function applyFieldMask(value: unknown, mask: FieldMask): unknown {
  if (mask.has("*")) return value;
  if (Array.isArray(value)) return value.map((item) => applyFieldMask(item, mask));
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of mask) {
    if (!(key in source)) continue;
    out[key] = sub === true ? source[key] : applyFieldMask(source[key], sub);
  }
  return out;
}

/** Dotted paths of a mask: `gridProperties(rowCount)` → `gridProperties.rowCount`. */
export function fieldPaths(mask: FieldMask, prefix = ""): string[] {
  const paths: string[] = [];
  for (const [key, sub] of mask) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (sub === true) paths.push(path);
    else paths.push(...fieldPaths(sub, path));
  }
  return paths;
}
