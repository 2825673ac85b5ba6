/**
 * The common tutorial pattern, as the baseline of bench/quota-economy.ts: the
 * full `googleapis` package, one values.get per tab on every page view, no
 * cache. It renders the same figures with the app's own lib/schema and
 * lib/domain, so only the data access differs from DutyBoard's.
 *
 *   PORT=… SHEETS_EMULATOR_HOST=127.0.0.1:8555 GOOGLE_SHEETS_ID=… DUTYBOARD_TODAY=… npx tsx bench/support/naive-baseline-server.ts
 *
 * GET / answers a small HTML page with the headline cards (same test IDs as
 * the overview), GET /api/summary the same JSON as the app's.
 */
import http from "node:http";
import type { RawWorkbook } from "../../lib/schema/cells";
import { TABS } from "../../lib/schema/tabs";
import { parseWorkbook } from "../../lib/schema/workbook";
import { summarize } from "../../lib/domain/summary";
import { rawRowsFromWire } from "../../lib/sheets/google-cells";
import { loadGoogleapis } from "./googleapis-baseline";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const spreadsheetId = required("GOOGLE_SHEETS_ID");
const today = required("DUTYBOARD_TODAY");
const sheets = loadGoogleapis().google.sheets({ version: "v4", rootUrl: `http://${required("SHEETS_EMULATOR_HOST")}/` });

async function readWorkbook(): Promise<RawWorkbook> {
  const tabs = await Promise.all(
    TABS.map(async (spec) => {
      const { data } = await sheets.spreadsheets.values.get({
        spreadsheetId,
        range: spec.title,
        valueRenderOption: "UNFORMATTED_VALUE",
        dateTimeRenderOption: "SERIAL_NUMBER",
      });
      return { title: spec.title, rows: rawRowsFromWire(data.values) };
    }),
  );
  return { source: "google", tabs, readAt: new Date().toISOString() };
}

const escape = (s: string) => s.replace(/[&<>"]/gu, (c) => `&#${c.charCodeAt(0)};`);

async function overviewHtml(): Promise<string> {
  const { year, figures: f } = summarize(parseWorkbook(await readWorkbook()), { today });
  const cards: [string, string, string | number][] = [
    ["tasks", "任务", f.tasks.total],
    ["overdue", "逾期", f.tasks.overdue],
    ["lights", "红 / 黄 / 绿", `${f.tasks.red} / ${f.tasks.yellow} / ${f.tasks.green}`],
    ["visits", "走访", f.visits.count],
    ["suggestions", "意见建议", f.visits.suggestions],
    ["solved", "解决问题", f.visits.solved],
  ];
  const meetings = Object.entries(f.meetings).map(([kind, n]) => `<li data-testid="meetings-${escape(kind)}">${escape(kind)} ${n}</li>`);
  return [
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${year} 年度总览</title></head><body><main>`,
    `<h1>${year} 年度总览</h1>`,
    ...cards.map(([key, label, value]) => `<div><span>${label}</span> <strong data-testid="card-${key}-value">${escape(String(value))}</strong></div>`),
    `<ul>${meetings.join("")}</ul>`,
    "</main></body></html>",
  ].join("\n");
}

const server = http.createServer((req, res) => {
  const send = (status: number, type: string, body: string) => {
    res.writeHead(status, { "content-type": `${type}; charset=utf-8`, "cache-control": "no-store" });
    res.end(body);
  };
  const path = new URL(req.url ?? "/", "http://baseline.invalid").pathname;
  const answer =
    path === "/"
      ? overviewHtml().then((html) => send(200, "text/html", html))
      : path === "/api/summary"
        ? readWorkbook().then((raw) => {
            const { year, figures } = summarize(parseWorkbook(raw), { today });
            send(200, "application/json", JSON.stringify({ year, figures }));
          })
        : path === "/api/health"
          ? Promise.resolve(send(200, "application/json", '{"ok":true}'))
          : Promise.resolve(send(404, "text/plain", "not found"));
  answer.catch((error: unknown) => send(502, "text/plain", error instanceof Error ? error.message : String(error)));
});
server.keepAliveTimeout = 65_000;
server.listen(Number(required("PORT")), "127.0.0.1", () => console.log(`naive baseline on http://127.0.0.1:${required("PORT")}`));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.close(() => process.exit(0)));
