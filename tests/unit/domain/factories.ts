import { DEFAULT_SETTINGS, type Settings } from "@/lib/schema/settings";
import type { Accountability, Meeting, Score, Task, Unit, Visit } from "@/lib/schema/tabs";
import type { SummaryInput } from "@/lib/domain/summary";

let next = 0;
const id = (prefix: string) => `${prefix}${++next}`;

export function task(fields: Partial<Task> & Pick<Task, "due">): Task {
  return { id: id("T"), keyTask: "引领深化学习", title: "事项", leadUnit: "旗委组织部", _row: 2, ...fields };
}

export function visit(fields: Partial<Visit> & Pick<Visit, "date">): Visit {
  return { id: id("V"), cadre: "王伟", unit: "经棚镇", contactPoint: "联系点", _row: 2, ...fields };
}

export function meeting(fields: Partial<Meeting> & Pick<Meeting, "date" | "kind">): Meeting {
  return { id: id("M"), _row: 2, ...fields };
}

export function score(unit: string, method: Score["method"], value: number, year = 2026): Score {
  return { id: id("S"), year, unit, method, score: value, _row: 2 };
}

/** All four methods at the same score. */
export function fullScores(unit: string, value: number, year = 2026): Score[] {
  return (["拉练抽查", "日常督查", "年末检查", "述职评议"] as const).map((m) => score(unit, m, value, year));
}

export function accountability(unit: string, date: string, fields: Partial<Accountability> = {}): Accountability {
  return { id: id("W"), date, unit, reason: "落实不力", _row: 2, ...fields };
}

export function unit(idValue: string, name: string): Unit {
  return { id: idValue, name, _row: 2 };
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...structuredClone(DEFAULT_SETTINGS), ...overrides };
}

export function dataset(fields: Partial<SummaryInput> = {}): SummaryInput {
  return { units: [], tasks: [], visits: [], meetings: [], scores: [], accountability: [], settings: settings(), ...fields };
}
