/**
 * The headline figures of the meeting screen and their change since the last meeting's
 * snapshot: which way is good news, and how a change is toned.
 */
import { round } from "../numbers";
import type { Figures } from "../summary";
import type { FiguresLike } from "./snapshots";

export type HeadlineKey = "donePercent" | "done" | "overdue" | "red" | "yellow" | "visits" | "suggestions" | "solved" | "solveRate" | "meetings";

interface HeadlineDef {
  key: HeadlineKey;
  /** Which way is good news: a rise in overdue tasks is shown as bad. */
  better: "up" | "down";
  /** percent values are 0–100 and their change is in percentage points. */
  kind: "count" | "percent";
  value(f: FiguresLike): number | null;
}

const sumOf = (record: Record<string, number> | undefined) => (record ? Object.values(record).reduce((a, b) => a + b, 0) : null);

const HEADLINE: readonly HeadlineDef[] = [
  { key: "donePercent", better: "up", kind: "percent", value: (f) => f.tasks?.donePercent ?? null },
  { key: "done", better: "up", kind: "count", value: (f) => f.tasks?.done ?? null },
  { key: "overdue", better: "down", kind: "count", value: (f) => f.tasks?.overdue ?? null },
  { key: "red", better: "down", kind: "count", value: (f) => f.tasks?.red ?? null },
  { key: "yellow", better: "down", kind: "count", value: (f) => f.tasks?.yellow ?? null },
  { key: "visits", better: "up", kind: "count", value: (f) => f.visits?.count ?? null },
  { key: "suggestions", better: "up", kind: "count", value: (f) => f.visits?.suggestions ?? null },
  { key: "solved", better: "up", kind: "count", value: (f) => f.visits?.solved ?? null },
  {
    key: "solveRate",
    better: "up",
    kind: "percent",
    value: (f) => (f.visits?.solveRate === null || f.visits?.solveRate === undefined ? null : round(f.visits.solveRate * 100, 2)),
  },
  { key: "meetings", better: "up", kind: "count", value: (f) => sumOf(f.meetings) },
];

export interface HeadlineFigure {
  key: HeadlineKey;
  value: number | null;
  /** value − the baseline's value; null when there is no baseline or either side is missing. */
  delta: number | null;
  better: "up" | "down";
  kind: "count" | "percent";
}

/** The headline figures with their change since `previous` (the baseline's figures). */
export function headlineFigures(current: Figures, previous?: FiguresLike): HeadlineFigure[] {
  return HEADLINE.map((def) => {
    const value = def.value(current);
    const before = previous ? def.value(previous) : null;
    const delta = value === null || before === null ? null : round(value - before, def.kind === "percent" ? 2 : 0);
    return { key: def.key, value, delta, better: def.better, kind: def.kind };
  });
}

/** Whether a change is good news, bad news, or no change. */
export function deltaTone(figure: Pick<HeadlineFigure, "delta" | "better">): "good" | "bad" | "flat" {
  if (figure.delta === null || figure.delta === 0) return "flat";
  return figure.delta > 0 === (figure.better === "up") ? "good" : "bad";
}
