/**
 * `npx tsx bench/big-table.ts [--visits 100000] [--tasks 10000] [--port 4754] [--samples 7]`
 * (after `npx next build`): /visits and /tasks in Chromium on a big workbook
 * (bench/workbook-fixtures.ts), the old client path (every row of the year sent to the
 * browser: TABLE_SERVER_ROWS set above the row count) beside the server path (the
 * default threshold: one page, filtered, sorted and searched on the server), one
 * `next start` after the other in the same run, signed in as admin:
 * - ready: navigation start → the first table row and the row count on screen;
 * - JS heap: the page's used JS heap after a forced garbage collection;
 * - keystroke → rows: one edit of the search box (Playwright's fill) → the row count changed
 *   (polled every animation frame); for the server path this includes the 120 ms debounce
 *   before the URL write, and is also shown without it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFile, mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page, type Request } from "playwright-core";
import { DEMO_PASSWORD } from "../lib/auth/demo-accounts";
import { prepareE2eAuth } from "../tests/e2e/support/auth-server";
import { REPO_ROOT } from "./child-process";
import { isUpToDate, workbookPath, writeBenchWorkbook } from "./workbook-fixtures";

const { values } = parseArgs({
  options: {
    visits: { type: "string", default: "100000" },
    tasks: { type: "string", default: "10000" },
    port: { type: "string", default: "4754" },
    samples: { type: "string", default: "7" },
  },
});
const PORT = values.port;
const BASE = `http://127.0.0.1:${PORT}`;
const DEBOUNCE_MS = 120;

async function startServer(dir: string, threshold: number): Promise<ChildProcess> {
  const authEnv = await prepareE2eAuth({ accountsFile: path.join(dir, "accounts.json"), baseUrl: BASE });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...authEnv,
    DATA_FILE: path.join(dir, "dutyboard.xlsx"),
    DUTYBOARD_TODAY: "2026-11-20",
    PORT,
    TABLE_SERVER_ROWS: String(threshold),
  };
  delete env.OIDC_ISSUER;
  const child = spawn(process.execPath, [path.join(REPO_ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", PORT], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 240; i++) {
    try {
      await fetch(`${BASE}/api/health`);
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  child.kill("SIGTERM");
  throw new Error("next start did not answer");
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");

interface Figures {
  ready: number;
  heapMb: number;
  keystroke: number;
  bytes: number;
}

async function measure(page: Page, route: string, words: readonly string[]): Promise<Figures> {
  const sizes: Promise<number>[] = [];
  const onFinished = (r: Request) => {
    if (r.url().startsWith(BASE))
      sizes.push(
        r.sizes().then(
          (s) => s.responseBodySize + s.responseHeadersSize,
          () => 0,
        ),
      );
  };
  page.on("requestfinished", onFinished);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const started = performance.now();
  await page.goto(`${BASE}${route}`, { waitUntil: "commit" });
  await page.getByTestId("table-row").first().waitFor({ timeout: 120_000 });
  await page.getByTestId("row-count").first().waitFor();
  const ready = performance.now() - started;
  console.error(`${route}: ready ${Math.round(ready)} ms`);
  await page.waitForLoadState("networkidle").catch(() => undefined);
  const bytes = (await Promise.all(sizes.splice(0))).reduce((a, b) => a + b, 0);
  await cdp.send("HeapProfiler.collectGarbage");
  const metrics = (await cdp.send("Performance.getMetrics")).metrics;
  const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
  const times: number[] = [];
  for (let i = 0; i < Number(values.samples); i++) {
    const word = words[i % words.length]!;
    const before = await page.getByTestId("row-count").first().getAttribute("data-count");
    const t0 = performance.now();
    await page.getByTestId("table-search").fill(word);
    const ms = await page
      .waitForFunction((b) => document.querySelector<HTMLElement>('[data-testid="row-count"]')?.dataset.count !== b, before, {
        polling: "raf",
        timeout: 30_000,
      })
      .then(
        () => performance.now() - t0,
        () => Number.NaN,
      );
    console.error(`${route} "${word}": ${Math.round(ms)} ms`);
    if (Number.isFinite(ms)) times.push(ms);
    await page.waitForTimeout(300);
  }
  page.off("requestfinished", onFinished);
  await cdp.detach();
  return { ready, heapMb: heap / 1024 / 1024, keystroke: median(times), bytes };
}

async function run(file: string, label: string, threshold: number, pages: { route: string; words: string[] }[]): Promise<Map<string, Figures>> {
  const dir = path.join(REPO_ROOT, ".tmp/bench", `big-table-${label}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await copyFile(file, path.join(dir, "dutyboard.xlsx"));
  const server = await startServer(dir, threshold);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const out = new Map<string, Figures>();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${BASE}/login`);
    await page.getByLabel("账号", { exact: true }).fill("admin");
    await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    // The first request pays the workbook read: not part of any figure.
    await fetch(`${BASE}/api/health`);
    for (const p of pages) {
      await page.goto(`${BASE}${p.route}`);
      await page.getByTestId("table-row").first().waitFor({ timeout: 180_000 });
      out.set(p.route, await measure(page, p.route, p.words));
    }
  } finally {
    await browser.close();
    await stop(server);
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

async function main() {
  const size = { visits: Number(values.visits), tasks: Number(values.tasks) };
  const file = workbookPath(size);
  if (!(await isUpToDate(file))) {
    console.error(`writing ${file} …`);
    await writeBenchWorkbook(size);
  }
  const pages = [
    { route: "/visits?year=2026", words: ["座谈", "", "经棚镇", ""] },
    { route: "/tasks?year=2026", words: ["经棚镇", "", "产业", ""] },
  ];
  const old = await run(file, "client", 10_000_000, pages);
  const now = await run(file, "server", 3000, pages);
  console.log(
    `${size.visits} visits, ${size.tasks} tasks; Chromium at 1440×900, signed in as admin; median of ${values.samples} keystrokes; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log("| page | path | ready ms | JS heap MB | load transfer KB | keystroke → rows ms (p50) |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: |");
  for (const p of pages) {
    const a = old.get(p.route)!;
    const b = now.get(p.route)!;
    console.log(`| \`${p.route}\` | old: client (every row) | ${fmt(a.ready)} | ${a.heapMb.toFixed(1)} | ${fmt(a.bytes / 1024)} | ${fmt(a.keystroke)} |`);
    console.log(
      `| \`${p.route}\` | new: server (one page) | ${fmt(b.ready)} | ${b.heapMb.toFixed(1)} | ${fmt(b.bytes / 1024)} | ${fmt(b.keystroke)} (${fmt(b.keystroke - DEBOUNCE_MS)} after the ${DEBOUNCE_MS} ms debounce) |`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
