import { a1, type RawWorkbook } from "./cells";
import { matchesTabTitle, type HeaderMap } from "./header";
import { parseTab } from "./parse-tab";
import { problem, type Problem } from "./problems";
import { readSettings, type Settings } from "./settings";
import { matchVisitsToRoster } from "./roster";
import {
  accountabilityTab,
  cadresTab,
  type Cadre,
  appraisalsTab,
  auditTab,
  ballotCodesTab,
  ballotsTab,
  lettersTab,
  meetingsTab,
  scoresTab,
  settingsTab,
  snapshotsTab,
  remindersTab,
  tasksTab,
  unitsTab,
  usersTab,
  visitsTab,
  type Accountability,
  type Appraisal,
  type Ballot,
  type BallotCode,
  type Letter,
  type AuditEntry,
  type Meeting,
  type ReminderRecord,
  type Score,
  type SettingRow,
  type Snapshot,
  type Task,
  type Unit,
  type User,
  type Visit,
} from "./tabs";
import type { Columns } from "./columns";
import type { TabSpec } from "./tabs";

/** Everything the app knows from one read of the spreadsheet, typed and checked. */
export interface Dataset {
  units: Unit[];
  tasks: Task[];
  visits: Visit[];
  meetings: Meeting[];
  scores: Score[];
  accountability: Accountability[];
  users: User[];
  settings: Settings;
  /** The 设置 rows as written (with their 说明), for the admin page. */
  settingRows: SettingRow[];
  audit: AuditEntry[];
  snapshots: Snapshot[];
  /** 提醒记录, in sheet order; its absence is said on /admin/reminders, not as a data problem. */
  reminders: { rows: ReminderRecord[]; usable: boolean };
  /** The 干部 roster (empty when the spreadsheet has no such tab). */
  cadres: Cadre[];
  /** The evaluation system: 责任状, 测评, 测评票, 测评码. */
  letters: Letter[];
  appraisals: Appraisal[];
  ballots: Ballot[];
  ballotCodes: BallotCode[];
  problems: Problem[];
  /** Tab titles as found in the spreadsheet, by tab key. */
  tabTitles: Record<string, string>;
  source: RawWorkbook["source"];
  readAt: string;
  changedAt?: string;
  /** The spreadsheet's own time zone (Google only): it decides app-written times there. */
  timeZone?: string;
}

export function findRawTab<C extends Columns>(raw: RawWorkbook, spec: TabSpec<C>) {
  return raw.tabs.find((t) => matchesTabTitle(spec, t.title));
}

function cellLink(raw: RawWorkbook, gid: number | undefined, cell: string | undefined): string | undefined {
  if (!raw.url || gid === undefined) return undefined;
  return cell ? `${raw.url}#gid=${gid}&range=${cell}` : `${raw.url}#gid=${gid}`;
}

/**
 * Maps a 单位编号 to its 单位名称 (names pass through); a name wins over an ID that
 * happens to equal another unit's name.
 */
function canonicalUnitName(units: readonly Pick<Unit, "id" | "name">[]): (unit: string) => string {
  const names = new Set(units.map((u) => u.name));
  const byId = new Map(units.map((u) => [u.id, u.name]));
  return (unit) => (names.has(unit) ? unit : (byId.get(unit) ?? unit));
}

/** Parses every tab, then checks what only the whole workbook can tell (unknown units, task references). */
export function parseWorkbook(raw: RawWorkbook): Dataset {
  const problems: Problem[] = [];
  const tabTitles: Record<string, string> = {};

  function read<C extends Columns>(spec: TabSpec<C>) {
    const rawTab = findRawTab(raw, spec);
    tabTitles[spec.key] = rawTab?.title ?? spec.title;
    const parsed = parseTab(spec, rawTab);
    for (const p of parsed.problems) problems.push({ ...p, ...(rawTab && { link: cellLink(raw, rawTab.gid, p.cell) }) });
    return parsed;
  }

  const unitsParsed = read(unitsTab);
  const tasksParsed = read(tasksTab);
  const visitsParsed = read(visitsTab);
  const meetings = read(meetingsTab).rows;
  const scoresParsed = read(scoresTab);
  const accountabilityParsed = read(accountabilityTab);
  const users = read(usersTab);
  const settingsParsed = read(settingsTab);
  const audit = read(auditTab).rows;
  const snapshots = read(snapshotsTab).rows;
  const cadresParsed = read(cadresTab);
  const lettersParsed = read(lettersTab);
  const appraisals = read(appraisalsTab).rows;
  const ballots = read(ballotsTab).rows;
  const ballotCodes = read(ballotCodesTab).rows;
  const units = unitsParsed.rows;

  const { settings, problems: settingProblems } = readSettings(settingsParsed, tabTitles.settings ?? settingsTab.title);
  problems.push(...settingProblems);

  const rawUsers = findRawTab(raw, usersTab);
  if (rawUsers && rawUsers.protected === false) {
    problems.push(problem({ tab: rawUsers.title, code: "users-unprotected", params: { tab: rawUsers.title }, severity: "warning" }));
  }

  const at = (tabKey: string, fallbackTitle: string, header: HeaderMap | undefined, key: string, row: number) => {
    const index = header?.index[key];
    const cell = index !== undefined ? a1(index, row) : undefined;
    const gid = raw.tabs.find((t) => t.title === tabTitles[tabKey])?.gid;
    return { tab: tabTitles[tabKey] ?? fallbackTitle, row, column: header?.names[key], cell, link: cellLink(raw, gid, cell) };
  };

  // Unit names must match the 单位 tab, or a unit's figures silently split in two.
  if (units.length > 0) {
    const known = new Set(units.flatMap((u) => [u.name, u.id]));
    const check = (tabKey: string, fallbackTitle: string, header: HeaderMap | undefined, rows: { _row: number; id: string }[], key: string) => {
      for (const row of rows) {
        const value = (row as Record<string, unknown>)[key];
        const names = Array.isArray(value) ? (value as string[]) : typeof value === "string" ? [value] : [];
        for (const name of names.filter((n) => !known.has(n))) {
          const where = at(tabKey, fallbackTitle, header, key, row._row);
          problems.push({
            ...problem({ ...where, value: names.join("、"), code: "unknown-unit", params: { unit: name }, severity: "warning", rowId: row.id, units: [name] }),
            link: where.link,
          });
        }
      }
    };
    check("tasks", tasksTab.title, tasksParsed.header, tasksParsed.rows, "leadUnit");
    check("tasks", tasksTab.title, tasksParsed.header, tasksParsed.rows, "partnerUnits");
    check("visits", visitsTab.title, visitsParsed.header, visitsParsed.rows, "unit");
    check("scores", scoresTab.title, scoresParsed.header, scoresParsed.rows, "unit");
    check("accountability", accountabilityTab.title, accountabilityParsed.header, accountabilityParsed.rows, "unit");
    check("cadres", cadresTab.title, cadresParsed.header, cadresParsed.rows, "unit");
    check("letters", lettersTab.title, lettersParsed.header, lettersParsed.rows, "unit");
  }

  // One name per unit from here on: a 单位 cell may hold the unit's ID or its name.
  const unitName = canonicalUnitName(units);
  const canonical = <R extends { _written?: Partial<Record<string, string>> }>(rows: R[], keys: readonly string[]) => {
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      for (const key of keys) {
        const value = record[key];
        if (typeof value === "string" && unitName(value) !== value) {
          record[key] = unitName(value);
          row._written = { ...row._written, [key]: value };
        } else if (Array.isArray(value)) record[key] = (value as string[]).map(unitName);
      }
    }
  };
  canonical(tasksParsed.rows, ["leadUnit", "partnerUnits"]);
  canonical(visitsParsed.rows, ["unit"]);
  canonical(scoresParsed.rows, ["unit"]);
  canonical(accountabilityParsed.rows, ["unit"]);
  canonical(users.rows, ["unit"]);
  canonical(cadresParsed.rows, ["unit"]);

  // A visit by someone not on the roster still counts; the roster is where coverage comes from, so say so.
  if (cadresParsed.usable && cadresParsed.rows.length > 0) {
    for (const v of matchVisitsToRoster(cadresParsed.rows, visitsParsed.rows).unmatched) {
      const where = at("visits", visitsTab.title, visitsParsed.header, "cadre", v._row);
      problems.push({
        ...problem({
          ...where,
          value: v.cadre,
          code: "unknown-cadre",
          params: { cadre: v.cadre, unit: v.unit },
          severity: "warning",
          rowId: v.id,
          units: [v.unit],
        }),
        link: where.link,
      });
    }
  }
  canonical(lettersParsed.rows, ["unit"]);
  canonical(appraisals, ["units"]);

  // A unit user without a unit could see nothing sensible: refused until fixed.
  const unitless = users.rows.filter((u) => u.role === "单位" && !u.unit);
  for (const u of unitless) {
    const where = at("users", usersTab.title, users.header, "unit", u._row);
    problems.push({ ...problem({ ...where, column: where.column ?? "所属单位", value: "", code: "unit-required", rowId: u.login }), link: where.link });
  }

  return {
    units,
    tasks: tasksParsed.rows,
    visits: visitsParsed.rows,
    meetings,
    scores: scoresParsed.rows,
    accountability: accountabilityParsed.rows,
    users: users.rows.filter((u) => !unitless.includes(u)),
    settings,
    settingRows: settingsParsed.rows,
    audit,
    snapshots,
    reminders: (({ rows, usable }) => ({ rows, usable }))(parseTab(remindersTab, findRawTab(raw, remindersTab))),
    cadres: cadresParsed.rows,
    letters: lettersParsed.rows,
    appraisals,
    ballots,
    ballotCodes,
    problems,
    tabTitles,
    source: raw.source,
    readAt: raw.readAt,
    ...(raw.changedAt && { changedAt: raw.changedAt }),
    ...(raw.timeZone && { timeZone: raw.timeZone }),
  };
}
