/**
 * Meeting-screen soak: hundreds of slide rotations and polls in Debian's Chromium, the
 * figures changing on disk as they go, with the page's JS heap (after forced GC), DOM
 * nodes and event listeners measured at the start, along the way and at the end. A
 * screen left running through a meeting (hours at 15 s a slide) must not grow.
 *
 *   npx next build   # once: the soak runs the production build
 *   npx tsx bench/screen-soak.ts [--rotations 1000] [--rotate-ms 200] [--poll-ms 1000] [--edit-every-s 15]
 *
 * It seeds its own workbook in .tmp/bench/screen-soak, starts `next start` on it, opens
 * the screen through a meeting-screen link (as the meeting-room PC does) and speeds the
 * show up through the screen's test hook (window.__DUTYBOARD_SCREEN__).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import ExcelJS from "exceljs";
import { chromium, type CDPSession, type Page } from "playwright-core";
import { createScreenLink, screenLinksFile } from "../lib/auth/screen-links";
import { screenLinkKey } from "../lib/auth/secret";
import { seedWorkbook } from "../seeds/seed";

const REPO_ROOT = path.resolve(import.meta.dirname, "..");

const { values: args } = parseArgs({
  options: {
    rotations: { type: "string", default: "1000" },
    "rotate-ms": { type: "string", default: "200" },
    "poll-ms": { type: "string", default: "1000" },
    "edit-every-s": { type: "string", default: "15" },
    port: { type: "string", default: "3157" },
  },
});
const ROTATIONS = Number(args.rotations);
const ROTATE_MS = Number(args["rotate-ms"]);
const POLL_MS = Number(args["poll-ms"]);
const EDIT_EVERY_MS = Number(args["edit-every-s"]) * 1000;
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const DIR = path.join(REPO_ROOT, ".tmp/bench/screen-soak");
const DATA_FILE = path.join(DIR, "dutyboard.xlsx");
const ACCOUNTS_FILE = path.join(DIR, "accounts.json");

const log = (s: string) => process.stderr.write(`${s}\n`);

async function startServer(secret: string): Promise<ChildProcess> {
  const next = path.join(REPO_ROOT, "node_modules/next/dist/bin/next");
  const child = spawn(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", String(PORT)], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATA_FILE, ACCOUNTS_FILE, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: BASE, DUTYBOARD_TODAY: "2026-11-20", PORT: String(PORT) },
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill("SIGTERM");
  throw new Error("next start did not come up (run `npx next build` first)");
}

/** A staff member's edit: the first visit's 意见建议数, so the figures (and the payload's version) change. */
async function editSuggestions(value: number) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(DATA_FILE);
  const ws = wb.getWorksheet("走访");
  if (!ws) throw new Error("no 走访 tab");
  let col = 0;
  ws.getRow(1).eachCell((cell, c) => {
    if (String(cell.value).trim() === "意见建议数") col = c;
  });
  ws.getRow(2).getCell(col).value = value;
  const tmp = `${DATA_FILE}.tmp`;
  await wb.xlsx.writeFile(tmp);
  await rename(tmp, DATA_FILE);
}

interface Sample {
  label: string;
  rotations: number;
  polls: number;
  heapMB: number;
  nodes: number;
  listeners: number;
}

async function sample(page: Page, cdp: CDPSession, label: string, polls: number): Promise<Sample> {
  // Twice: the first pass can leave garbage reachable only from finalisers.
  await page.evaluate(() => (globalThis as unknown as { gc: () => void }).gc());
  await page.evaluate(() => (globalThis as unknown as { gc: () => void }).gc());
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
  const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? Number.NaN;
  const rotations = await page.evaluate(() => (window as unknown as { __rotations: number }).__rotations);
  return { label, rotations, polls, heapMB: m("JSHeapUsedSize") / 2 ** 20, nodes: m("Nodes"), listeners: m("JSEventListeners") };
}

async function main() {
  await rm(DIR, { recursive: true, force: true });
  await mkdir(DIR, { recursive: true });
  await seedWorkbook({ file: DATA_FILE, year: 2026, today: "2026-11-20", force: true, quiet: true });
  const secret = randomBytes(32).toString("base64url");
  const { token } = await createScreenLink({ days: 1, note: "soak", createdBy: "bench" }, { key: screenLinkKey(secret), file: screenLinksFile(ACCOUNTS_FILE) });

  const server = await startServer(secret);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--js-flags=--expose-gc",
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.addInitScript(
      (pace) => {
        (window as unknown as { __DUTYBOARD_SCREEN__: unknown }).__DUTYBOARD_SCREEN__ = pace;
        (window as unknown as { __rotations: number }).__rotations = 0;
        // Counts slide changes from outside the app, so the app needs no benchmark code.
        new MutationObserver((records) => {
          for (const r of records) if (r.attributeName === "data-slide-index") (window as unknown as { __rotations: number }).__rotations += 1;
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-slide-index"] });
      },
      { rotateMs: ROTATE_MS, pollMs: POLL_MS },
    );
    let polls = 0;
    let pollFailures = 0;
    page.on("response", (r) => {
      if (new URL(r.url()).pathname !== "/api/screen") return;
      polls += 1;
      if (!r.ok()) pollFailures += 1;
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const started = Date.now();
    await page.goto(`${BASE}/screen?token=${encodeURIComponent(token)}`);
    await page.locator('[data-testid="screen"][data-ready="true"]').waitFor({ timeout: 30_000 });

    const rotations = () => page.evaluate(() => (window as unknown as { __rotations: number }).__rotations);
    const until = async (n: number) => {
      let lastEdit = Date.now();
      let edits = 0;
      while ((await rotations()) < n) {
        if (EDIT_EVERY_MS > 0 && Date.now() - lastEdit >= EDIT_EVERY_MS) {
          edits += 1;
          await editSuggestions(edits % 2 === 0 ? 3 : 7);
          lastEdit = Date.now();
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    };

    // Warm-up: three passes through every slide and ten polls, so JIT code, fonts and React's
    // pools exist before the first measurement.
    const slideCount = Number(await page.getByTestId("screen").getAttribute("data-slide-count"));
    await until(slideCount * 3);
    while (polls < 10) await new Promise((r) => setTimeout(r, 250));
    const samples = [await sample(page, cdp, "start (after warm-up)", polls)];
    const checkpoints = [0.25, 0.5, 0.75, 1].map((f) => Math.round(samples[0]!.rotations + ROTATIONS * f));
    for (const [i, at] of checkpoints.entries()) {
      log(`… waiting for rotation ${at}`);
      await until(at);
      samples.push(await sample(page, cdp, i === checkpoints.length - 1 ? "end" : `${(i + 1) * 25}%`, polls));
    }
    const seconds = (Date.now() - started) / 1000;
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const version = await page.getByTestId("screen").getAttribute("data-version");

    console.log(
      `Meeting-screen soak: ${ROTATIONS} rotations at ${ROTATE_MS} ms, polls every ${POLL_MS} ms, a sheet edit every ${EDIT_EVERY_MS / 1000} s; 1920×1080, Chromium ${browser.version()}, ${seconds.toFixed(0)} s.`,
    );
    console.log("");
    console.log("| point | rotations | polls | JS heap used (MB, after GC) | DOM nodes | JS event listeners |");
    console.log("|---|---:|---:|---:|---:|---:|");
    for (const s of samples) console.log(`| ${s.label} | ${s.rotations} | ${s.polls} | ${s.heapMB.toFixed(2)} | ${s.nodes} | ${s.listeners} |`);
    console.log("");
    const growth = last.heapMB - first.heapMB;
    console.log(
      `Heap growth start → end: ${growth >= 0 ? "+" : ""}${growth.toFixed(2)} MB (${((growth / first.heapMB) * 100).toFixed(1)}%) over ${last.rotations - first.rotations} rotations and ${last.polls - first.polls} polls; failed polls: ${pollFailures}; last payload version ${version}.`,
    );
  } finally {
    await browser.close();
    server.kill("SIGTERM");
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
