import "server-only";
import type { LoadedDataset } from "./dataset";

/**
 * What a view derives from one parse of the workbook and does not depend on the request —
 * the years present, a year's rows, its figures — kept until the next parse (a WeakMap on the
 * parse's visits array, which a stale copy of the dataset shares): at 100k visits rebuilding
 * them took most of a page's time. Keys name everything else the value depends on (year, today,
 * the viewer's scope). Callers must not change what they get. On globalThis: Next loads this
 * module once per route bundle, and the pages and the table route should share one copy.
 */
const derived: WeakMap<object, Map<string, unknown>> = ((globalThis as { __dutyboardPerParse?: WeakMap<object, Map<string, unknown>> }).__dutyboardPerParse ??=
  new WeakMap());

export function perParse<T>(dataset: LoadedDataset, key: string, make: () => T): T {
  let values = derived.get(dataset.visits);
  if (!values) {
    values = new Map();
    derived.set(dataset.visits, values);
  }
  if (values.has(key)) return values.get(key) as T;
  const value = make();
  values.set(key, value);
  return value;
}
