/**
 * `tsx seeds/seed.ts [--year YYYY] [--today YYYY-MM-DD] [--file PATH] [--backend xlsx|google] [--force]`
 *
 * Writes a full year of sample data to the configured spreadsheet. Refuses to
 * replace an existing workbook unless --force, so staff's real data is never lost
 * by a stray command.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { todayIn } from "../lib/clock";
import { assertIsoDate } from "../lib/domain/dates";
import { env } from "../lib/env";
import { getStore } from "../lib/sheets";
import { Journal, journalDirOf } from "../lib/sheets/journal";
import { usersTab, visitsTab, meetingsTab } from "../lib/schema/tabs";
import { isoDate, maxDate, minDate } from "./calendar";
import type { TabContent } from "../lib/sheets/store";
import { generateSampleData } from "./generate";
import { createDemoAccounts, demoLoginsLine } from "../lib/auth/demo-accounts";

export interface SeedOptions {
  /** Defaults to the year of `today`. */
  year?: number;
  /** Defaults to DUTYBOARD_TODAY, else the current date in APP_TIME_ZONE; clamped into `year`. */
  today?: string;
  /** Workbook path for the xlsx backend; defaults to DATA_FILE. */
  file?: string;
  backend?: "xlsx" | "google";
  /** Replace an existing workbook. */
  force?: boolean;
  /** Print nothing. */
  quiet?: boolean;
  /** Also create the demo's local accounts (one per role, a known password) in ACCOUNTS_FILE. */
  demoAccounts?: boolean;
}

export interface SeedResult {
  /** Where the data went: the workbook's absolute path, or the Google spreadsheet. */
  target: string;
  year: number;
  today: string;
  tabs: { title: string; rows: number }[];
  /** True when the 用户 tab was read back protected. */
  usersProtected: boolean;
  /** True when the demo's local accounts were created. */
  demoAccounts?: boolean;
}

/** An existing workbook and no --force: the one refusal the CLI expects. */
export class WorkbookExistsError extends Error {
  constructor(readonly target: string) {
    super(`工作簿已存在：${target}\n未做任何修改。如确需用示例数据覆盖它，请加 --force 重新运行（原文件会被替换）。`);
    this.name = "WorkbookExistsError";
  }
}

/** The year and as-of date the sample is generated for: today clamped into the year. */
export function resolveSeedDates(opts: Pick<SeedOptions, "year" | "today">, now: Date = new Date()): { year: number; today: string } {
  const e = env();
  const actual = opts.today ?? e.DUTYBOARD_TODAY ?? todayIn(e.APP_TIME_ZONE, now);
  assertIsoDate(actual);
  const year = opts.year ?? Number(actual.slice(0, 4));
  const today = minDate(isoDate(year, 12, 31), maxDate(isoDate(year, 1, 1), actual));
  return { year, today };
}

function sumOf(tab: TabContent | undefined, key: string): number {
  return (tab?.rows ?? []).reduce((s, r) => s + (typeof r[key] === "number" ? (r[key] as number) : 0), 0);
}

function report(result: SeedResult, tabs: readonly TabContent[]) {
  const visits = tabs.find((t) => t.spec.key === visitsTab.key);
  const meetings = tabs.find((t) => t.spec.key === meetingsTab.key);
  const meetingCount = (kind: string) => (meetings?.rows ?? []).filter((r) => r.kind === kind).length;
  const width = Math.max(...result.tabs.map((t) => t.title.length));
  const lines = [
    `已写入示例数据（${result.year} 年度，截至 ${result.today}）：${result.target}`,
    ...result.tabs.map((t) => `  ${t.title}${"　".repeat(width - t.title.length)}  ${String(t.rows).padStart(4)} 行`),
    `走访 ${visits?.rows.length ?? 0} 次 · 意见建议 ${sumOf(visits, "suggestions")} 条 · 解决问题 ${sumOf(visits, "solved")} 个`,
    `会议：专题常委会 ${meetingCount("专题常委会")} 次 · 领导小组工作例会 ${meetingCount("领导小组工作例会")} 次 · 办公室协调推进会 ${meetingCount("办公室协调推进会")} 次`,
    result.demoAccounts
      ? demoLoginsLine()
      : "演示账号：admin（管理员）· leader（领导）· unit（单位：经棚镇）· viewer（查看）（加 --demo-accounts 可建立它们的本地密码）",
  ];
  if (!result.usersProtected) {
    lines.push("注意：「用户」表尚未设保护。请在 WPS / Excel 中对该工作表设置“保护工作表”，以免他人修改角色。");
  }
  console.log(lines.join("\n"));
}

/** Generates the sample and writes it through the store. Throws WorkbookExistsError rather than overwrite. */
export async function seedWorkbook(opts: SeedOptions = {}): Promise<SeedResult> {
  const { year, today } = resolveSeedDates(opts);
  const backend = opts.backend ?? env().SHEETS_BACKEND;
  const target = backend === "google" ? `Google 表格 ${env().GOOGLE_SHEETS_ID ?? ""}`.trim() : path.resolve(opts.file ?? env().DATA_FILE);
  const store = await getStore({ backend, ...(opts.file !== undefined && { file: opts.file }) });
  if (!opts.force && (await store.version()) !== undefined) throw new WorkbookExistsError(target);

  const tabs = generateSampleData({ year, today });
  await store.create(tabs, { force: opts.force ?? false });
  // A new workbook: the old one's write journal must not be replayed into it.
  if (backend !== "google") new Journal(journalDirOf(target)).setAside();

  const raw = await store.readAll();
  const users = raw.tabs.find((t) => t.title === usersTab.title);
  const result: SeedResult = {
    target,
    year,
    today,
    tabs: tabs.map((t) => ({ title: t.spec.title, rows: t.rows.length })),
    usersProtected: users?.protected === true,
  };
  if (opts.demoAccounts) {
    await createDemoAccounts();
    result.demoAccounts = true;
  }
  if (!opts.quiet) report(result, tabs);
  return result;
}

const USAGE = "用法：tsx seeds/seed.ts [--year YYYY] [--today YYYY-MM-DD] [--file 路径] [--backend xlsx|google] [--force] [--demo-accounts]";

/** Parses the command line; a usage error is returned as a message, not thrown. */
export function parseSeedArgs(argv: readonly string[]): { ok: true; options: SeedOptions } | { ok: false; message: string; help?: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        year: { type: "string" },
        today: { type: "string" },
        file: { type: "string" },
        backend: { type: "string" },
        force: { type: "boolean", default: false },
        "demo-accounts": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return { ok: false, message: `${e instanceof Error ? e.message : String(e)}\n${USAGE}` };
  }
  if (values.help) return { ok: false, message: USAGE, help: true };
  const options: SeedOptions = { force: values.force };
  if (values["demo-accounts"]) options.demoAccounts = true;
  if (values.year !== undefined) {
    const year = Number(values.year);
    if (!/^\d{4}$/u.test(values.year) || year < 2000 || year > 2100) return { ok: false, message: `--year 应为 2000–2100 之间的四位年份：${values.year}` };
    options.year = year;
  }
  if (values.today !== undefined) {
    try {
      options.today = assertIsoDate(values.today);
    } catch {
      return { ok: false, message: `--today 应为 YYYY-MM-DD 格式的日期：${values.today}` };
    }
  }
  if (values.backend !== undefined) {
    if (values.backend !== "xlsx" && values.backend !== "google") return { ok: false, message: `--backend 只能是 xlsx 或 google：${values.backend}` };
    options.backend = values.backend;
  }
  if (values.file !== undefined) options.file = values.file;
  return { ok: true, options };
}

async function main() {
  const parsed = parseSeedArgs(process.argv.slice(2));
  if (!parsed.ok) {
    (parsed.help ? console.log : console.error)(parsed.message);
    process.exit(parsed.help ? 0 : 1);
  }
  try {
    await seedWorkbook(parsed.options);
  } catch (e) {
    console.error(e instanceof WorkbookExistsError ? e.message : `写入示例数据失败：${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void main();
}
