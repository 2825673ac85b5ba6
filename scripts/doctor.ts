/**
 * The workbook doctor: reads the spreadsheet, prints a year's headline
 * figures and every problem. Staff run it before sharing a workbook.
 *
 *   npm run doctor -- [--file PATH] [--year YYYY] [--json] [--strict]
 */
import { parseArgs } from "node:util";
import { todayIn } from "../lib/clock";
import { summarize } from "../lib/domain/summary";
import { env } from "../lib/env";
import { parseWorkbook } from "../lib/schema/workbook";
import { getStore } from "../lib/sheets";
import type { Problem } from "../lib/schema/problems";

function usage(): never {
  console.error("用法：npm run doctor -- [--file 工作簿路径] [--year 年度] [--json] [--strict]");
  process.exit(2);
}

function printReport(summary: ReturnType<typeof summarize>, problems: Problem[], source: string) {
  const { year, figures: f } = summary;
  const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);
  console.log(`数据来源：${source}`);
  console.log(`\n${year} 年度主要指标`);
  console.log(
    `  任务：共 ${f.tasks.total} 项，已完成 ${f.tasks.done}，逾期 ${f.tasks.overdue}；红灯 ${f.tasks.red}、黄灯 ${f.tasks.yellow}、绿灯 ${f.tasks.green}`,
  );
  console.log(`  走访：${f.visits.count} 次，意见建议 ${f.visits.suggestions} 条，解决问题 ${f.visits.solved} 个，解决率 ${pct(f.visits.solveRate)}`);
  console.log(
    `  会议：${Object.entries(f.meetings)
      .map(([k, n]) => `${k} ${n}`)
      .join("，")}`,
  );
  const required = f.meetingsRequired.filter((m) => m.required !== null);
  if (required.length > 0) console.log(`  应开/实开：${required.map((m) => `${m.kind} ${m.required}/${m.held}`).join("，")}`);
  if (f.coverage) {
    const c = (x: { met: number; active: number; rate: number | null }) => `${x.met}/${x.active}（${pct(x.rate)}）`;
    console.log(`  走访覆盖率：本月 ${c(f.coverage.month)}，本季度 ${c(f.coverage.quarter)}`);
  }
  if (f.scores && f.scores.units > 0) {
    const grades = Object.entries(f.scores.grades)
      .map(([g, n]) => `${g} ${n}`)
      .join("，");
    console.log(`  考核：${f.scores.units} 个单位，平均分 ${f.scores.average ?? "—"}；${grades}；未完成 ${f.scores.incomplete}`);
  }
  const unknown = Object.entries(summary.unknown).filter(([, n]) => n > 0);
  if (unknown.length > 0) console.log(`  待核实：${unknown.map(([k, n]) => `${k} ${n}`).join("，")}`);
  const errors = problems.filter((p) => p.severity === "error");
  console.log(`\n数据问题：${errors.length} 个错误，${problems.length - errors.length} 个警告`);
  for (const p of problems) {
    const where = [p.tab, p.cell ?? "", p.column ? `「${p.column}」` : ""].filter(Boolean).join(" ");
    const value = p.value === undefined ? "" : `（当前值：${p.value === "" ? "空" : p.value}）`;
    console.log(`  [${p.severity === "error" ? "错误" : "警告"}] ${where}${value}：${p.message}`);
  }
}

async function main() {
  let args;
  try {
    args = parseArgs({
      options: { file: { type: "string" }, year: { type: "string" }, json: { type: "boolean" }, strict: { type: "boolean" } },
    }).values;
  } catch {
    usage();
  }
  const year = args.year === undefined ? undefined : Number(args.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) usage();

  const store = await getStore(args.file ? { backend: "xlsx", file: args.file } : {});
  const dataset = parseWorkbook(await store.readAll());
  const e = env();
  const today = e.DUTYBOARD_TODAY ?? todayIn(e.APP_TIME_ZONE);
  const summary = summarize(dataset, { year, today });

  if (args.json) {
    process.stdout.write(
      `${JSON.stringify({ year: summary.year, figures: summary.figures, coverage: summary.figures.coverage, unknown: summary.unknown, problems: dataset.problems }, null, 2)}\n`,
    );
  } else {
    printReport(summary, dataset.problems, args.file ?? (e.SHEETS_BACKEND === "google" ? "Google 表格" : e.DATA_FILE));
  }
  if (args.strict && dataset.problems.some((p) => p.severity === "error")) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
