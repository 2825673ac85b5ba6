import type { Columns } from "../schema/columns";
import { TABS, type TabSpec } from "../schema/tabs";

export interface CellChange {
  /** The column's Chinese header (the JSON key when the tab does not know it). */
  column: string;
  before: string | null;
  after: string | null;
}

function parseObject(json: string | undefined): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const shown = (v: unknown): string | null => (v === undefined || v === null || v === "" ? null : String(v));

/**
 * An 操作日志 row's 变更前 / 变更后 as one line per changed cell, in the tab's Chinese
 * column names: a new row lists what it was given, an update only what differs.
 * null when either side is not a JSON object (shown as written).
 */
export function auditChanges(tabTitle: string | undefined, beforeJson: string | undefined, afterJson: string | undefined): CellChange[] | null {
  const before = parseObject(beforeJson);
  const after = parseObject(afterJson);
  if ((beforeJson && !before) || (afterJson && !after)) return null;
  const spec = (TABS as readonly TabSpec<Columns>[]).find((t) => t.title === tabTitle);
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys
    .filter((k) => shown(before?.[k]) !== shown(after?.[k]))
    .map((k) => ({ column: spec?.columns[k]?.header ?? k, before: shown(before?.[k]), after: shown(after?.[k]) }));
}
