/**
 * `tsx scripts/sheets-dev.ts [--port 8555] [--id dutyboard-dev] [--year YYYY] [--today YYYY-MM-DD] [--latency-ms N] [--quota-per-minute N]`
 *
 * Local Google Sheets for development: starts the Sheets API emulator, creates a
 * spreadsheet with a fixed ID, writes the sample data into it through GoogleStore
 * (the path the app itself writes through), prints the environment to run the
 * app against it, and keeps running until Ctrl+C. Data lives in memory only.
 */
import { parseArgs } from "node:util";
import { env } from "../lib/env";
import { GoogleStore } from "../lib/sheets/google-store";
import { generateSampleData } from "../seeds/generate";
import { resolveSeedDates } from "../seeds/seed";
import { startSheetsEmulator } from "./sheets-emulator/server";

const USAGE = "用法：tsx scripts/sheets-dev.ts [--port 8555] [--id dutyboard-dev] [--year YYYY] [--today YYYY-MM-DD] [--latency-ms N] [--quota-per-minute N]";

function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${flag} 应为不小于 0 的整数：${value}\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8555" },
      id: { type: "string", default: "dutyboard-dev" },
      year: { type: "string" },
      today: { type: "string" },
      "latency-ms": { type: "string" },
      // Google's real limit is 60 reads and 60 writes per minute per service account.
      "quota-per-minute": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const spreadsheetId = values.id ?? "dutyboard-dev";
  const emulator = await startSheetsEmulator({
    port: numberFlag(values.port, "--port") ?? 8555,
    host: "127.0.0.1",
    latencyMs: numberFlag(values["latency-ms"], "--latency-ms") ?? 0,
    quotaPerMinute: numberFlag(values["quota-per-minute"], "--quota-per-minute") ?? null,
  });
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);

  emulator.loadSpreadsheet({
    spreadsheetId,
    title: "DutyBoard 党建责任落实看板（本地模拟）",
    timeZone: env().APP_TIME_ZONE,
    sheets: [{ title: "工作表1" }],
  });
  const { year, today } = resolveSeedDates({
    ...(values.year !== undefined && { year: Number(values.year) }),
    ...(values.today !== undefined && { today: values.today }),
  });
  const tabs = generateSampleData({ year, today });
  const store = new GoogleStore({ spreadsheetId, emulatorHost: emulator.host });
  await store.create(tabs);
  const raw = await store.readAll();

  const hostEnv = `SHEETS_BACKEND=google SHEETS_EMULATOR_HOST=${emulator.host} GOOGLE_SHEETS_ID=${spreadsheetId}`;
  console.log(
    [
      `Sheets API 模拟器已启动：${emulator.url}`,
      `表格「${spreadsheetId}」已写入 ${year} 年度示例数据（截至 ${today}）：`,
      ...tabs.map((t) => {
        const protectedTab = raw.tabs.find((r) => r.title === t.spec.title)?.protected;
        return `  ${t.spec.title}  ${t.rows.length} 行${protectedTab ? "（受保护）" : ""}`;
      }),
      "",
      "用以下环境变量启动应用（或写入 .env.local）：",
      `  ${hostEnv}`,
      `例如：${hostEnv} npm run dev`,
      "",
      `请求统计：curl ${emulator.url}/__emulator/stats　数据只在内存中，按 Ctrl+C 结束。`,
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(`启动表格模拟器失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
