import { a1 } from "./cells";
import type { ParsedTab } from "./parse-tab";
import { problem, type Problem } from "./problems";
import { CADRE_TIERS, MEETING_KINDS, type CadreTier, type MeetingKind, type ScoreMethod, type SettingRow, type settingsTab } from "./tabs";
import { foldKey, parseBool, parseInteger, parseNumber } from "./values";

export type Grade = "好" | "较好" | "一般" | "差";

export interface Settings {
  weights: Record<ScoreMethod, number>;
  /** Lowest total for each grade above 差. */
  grades: { 好: number; 较好: number; 一般: number };
  /** The year shown by default; absent means the latest year present. */
  year?: number;
  rankingPublic: boolean;
  /** 设置 screen.ranking: a meeting-screen link shows the score ranking. */
  screenRanking: boolean;
  /** 设置 timezone (IANA): the zone app-written times are in; absent means the deployment's default. */
  timeZone?: string;
  rotateSeconds: number;
  freshnessSeconds: number;
  /** 设置 remind.daysBefore: a task is announced as due soon this many days before its 完成时限. */
  remindDaysBefore: number[];
  /** 设置 remind.staleDays: an open task not updated for this many days is announced as 久未更新. */
  remindStaleDays: number;
  /** 设置 visit.perQuarter.{干部层级}: visits each cadre of the tier owes per quarter (a roster row's 走访要求 overrides it). */
  visitsPerQuarter: Record<CadreTier, number>;
  /** 设置 meeting.required.{类型}: meetings of the kind to hold per year; absent means none required. */
  meetingsRequired: Partial<Record<MeetingKind, number>>;
  /** 述职评议 ballot scores per grade (设置 appraisal.好 …). */
  appraisal: Record<Grade, number>;
}

/** Visits per quarter when 设置 says nothing for a tier: one visit to a contact point each quarter. */
export const DEFAULT_VISITS_PER_QUARTER = 1;

export const DEFAULT_SETTINGS: Settings = {
  weights: { 拉练抽查: 20, 日常督查: 30, 年末检查: 30, 述职评议: 20 },
  grades: { 好: 90, 较好: 80, 一般: 70 },
  rankingPublic: false,
  screenRanking: true,
  rotateSeconds: 15,
  freshnessSeconds: 30,
  remindDaysBefore: [7, 3, 1],
  remindStaleDays: 30,
  visitsPerQuarter: Object.fromEntries(CADRE_TIERS.map((t) => [t.label, DEFAULT_VISITS_PER_QUARTER])) as Record<CadreTier, number>,
  meetingsRequired: {},
  appraisal: { 好: 100, 较好: 85, 一般: 70, 差: 50 },
};

/** What a setting's value must be, as parameters (lib/schema/problems.ts `settingExpectation` words them). */
export type SettingExpectation = { expect: "bool" | "number" | "integer" | "timezone" | "days"; min?: number; max?: number };

interface SettingDef {
  expected: SettingExpectation;
  apply(s: Settings, value: string): boolean;
}

function boolSetting(set: (s: Settings, b: boolean) => void): SettingDef {
  return {
    expected: { expect: "bool" },
    apply(s, value) {
      const b = parseBool(value);
      if (!b.ok || b.value === undefined) return false;
      set(s, b.value);
      return true;
    },
  };
}

/** Whether the runtime knows an IANA zone name (Asia/Shanghai, UTC, …). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/u.test(name);
  } catch {
    return false;
  }
}

function numberSetting(min: number, max: number, set: (s: Settings, n: number) => void, integer = false): SettingDef {
  return {
    expected: { expect: integer ? "integer" : "number", min, max },
    apply(s, value) {
      const n = integer ? parseInteger(value, { min, max }) : parseNumber(value, { min, max });
      if (!n.ok || n.value === undefined) return false;
      set(s, n.value);
      return true;
    },
  };
}

const DEFS: Record<string, SettingDef> = {
  "weight.拉练抽查": numberSetting(0, 100, (s, n) => (s.weights.拉练抽查 = n)),
  "weight.日常督查": numberSetting(0, 100, (s, n) => (s.weights.日常督查 = n)),
  "weight.年末检查": numberSetting(0, 100, (s, n) => (s.weights.年末检查 = n)),
  "weight.述职评议": numberSetting(0, 100, (s, n) => (s.weights.述职评议 = n)),
  "grade.好": numberSetting(0, 100, (s, n) => (s.grades.好 = n)),
  "grade.较好": numberSetting(0, 100, (s, n) => (s.grades.较好 = n)),
  "grade.一般": numberSetting(0, 100, (s, n) => (s.grades.一般 = n)),
  year: numberSetting(2000, 2100, (s, n) => (s.year = n), true),
  "ranking.public": boolSetting((s, b) => (s.rankingPublic = b)),
  "screen.ranking": boolSetting((s, b) => (s.screenRanking = b)),
  timezone: {
    expected: { expect: "timezone" },
    apply(s, value) {
      const name = value.trim();
      if (!isTimeZone(name)) return false;
      s.timeZone = name;
      return true;
    },
  },
  "screen.rotateSeconds": numberSetting(3, 3600, (s, n) => (s.rotateSeconds = n), true),
  "freshness.seconds": numberSetting(5, 3600, (s, n) => (s.freshnessSeconds = n), true),
  "remind.daysBefore": {
    expected: { expect: "days", min: 0, max: 365 },
    apply(s, value) {
      const parts = value.split(/[,，、\s]+/u).filter(Boolean);
      const days = parts.map(Number);
      if (days.length === 0 || !days.every((d) => Number.isInteger(d) && d >= 0 && d <= 365)) return false;
      s.remindDaysBefore = [...new Set(days)].sort((a, b) => b - a);
      return true;
    },
  },
  "remind.staleDays": numberSetting(1, 365, (s, n) => (s.remindStaleDays = n), true),
  ...Object.fromEntries(CADRE_TIERS.map(({ label }) => [`visit.perQuarter.${label}`, numberSetting(0, 100, (s, n) => (s.visitsPerQuarter[label] = n), true)])),
  ...Object.fromEntries(
    MEETING_KINDS.map(({ label }) => [`meeting.required.${label}`, numberSetting(0, 366, (s, n) => (s.meetingsRequired[label] = n), true)]),
  ),
  "appraisal.好": numberSetting(0, 100, (s, n) => (s.appraisal.好 = n)),
  "appraisal.较好": numberSetting(0, 100, (s, n) => (s.appraisal.较好 = n)),
  "appraisal.一般": numberSetting(0, 100, (s, n) => (s.appraisal.一般 = n)),
  "appraisal.差": numberSetting(0, 100, (s, n) => (s.appraisal.差 = n)),
};

/** Every key the app reads from 设置, for the admin page's editor. */
export const KNOWN_SETTING_KEYS: readonly string[] = Object.keys(DEFS);

/** Why a value cannot be stored for a known key (the expected form, as parameters); undefined when it can. */
export function settingValueError(key: string, value: string): SettingExpectation | undefined {
  const def = DEFS[key];
  if (!def) return undefined;
  return def.apply(structuredClone(DEFAULT_SETTINGS), value) ? undefined : def.expected;
}

function fallbackOf(key: string): string {
  const d = DEFAULT_SETTINGS;
  const map: Record<string, unknown> = {
    "weight.拉练抽查": d.weights.拉练抽查,
    "weight.日常督查": d.weights.日常督查,
    "weight.年末检查": d.weights.年末检查,
    "weight.述职评议": d.weights.述职评议,
    "grade.好": d.grades.好,
    "grade.较好": d.grades.较好,
    "grade.一般": d.grades.一般,
    year: "最新年度",
    "ranking.public": "否",
    "screen.ranking": "是",
    timezone: "Asia/Shanghai",
    "screen.rotateSeconds": d.rotateSeconds,
    "freshness.seconds": d.freshnessSeconds,
    "remind.daysBefore": d.remindDaysBefore.join(","),
    "remind.staleDays": d.remindStaleDays,
    ...Object.fromEntries(CADRE_TIERS.map(({ label }) => [`visit.perQuarter.${label}`, d.visitsPerQuarter[label]])),
    ...Object.fromEntries(MEETING_KINDS.map(({ label }) => [`meeting.required.${label}`, "不要求"])),
    "appraisal.好": d.appraisal.好,
    "appraisal.较好": d.appraisal.较好,
    "appraisal.一般": d.appraisal.一般,
    "appraisal.差": d.appraisal.差,
  };
  return String(map[key] ?? "");
}

/** Settings from the 设置 tab over the defaults; a bad value keeps the default and is reported. */
export function readSettings(parsed: ParsedTab<typeof settingsTab.columns>, tabTitle: string): { settings: Settings; problems: Problem[] } {
  const settings: Settings = structuredClone(DEFAULT_SETTINGS);
  const problems: Problem[] = [];
  const byFolded = new Map(Object.keys(DEFS).map((k) => [foldKey(k), k]));
  for (const row of parsed.rows as SettingRow[]) {
    const key = byFolded.get(foldKey(row.key));
    const def = key ? DEFS[key] : undefined;
    if (!key || !def) continue; // unknown keys are the staff's own notes
    if (!def.apply(settings, row.value)) {
      const valueIndex = parsed.header?.index.value ?? 1;
      problems.push(
        problem({
          tab: tabTitle,
          row: row._row,
          column: parsed.header?.names.value,
          cell: a1(valueIndex, row._row),
          value: row.value,
          code: "bad-setting",
          rowId: row.key,
          params: { key, value: row.value, ...def.expected, fallback: fallbackOf(key) },
          severity: "warning",
        }),
      );
    }
  }
  return { settings, problems };
}
