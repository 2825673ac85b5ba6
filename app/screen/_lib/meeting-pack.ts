import "server-only";
import { chromium } from "playwright-core";
import { env } from "@/lib/env";

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];
const TIMEOUT_MS = 45_000;

export class MeetingPackError extends Error {}

/** One browser at a time: a second click waits rather than starting another Chromium. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Prints the screen's print view (one slide per A4-landscape page) to PDF in headless
 * Chromium, as the person who asked: their session cookies, or their screen-link token
 * already in `url`. The browser may load nothing but that one origin.
 */
export function renderMeetingPack(url: URL, cookies: { name: string; value: string }[]): Promise<Buffer> {
  const run = queue.then(() => render(url, cookies));
  queue = run.catch(() => undefined);
  return run;
}

async function render(url: URL, cookies: { name: string; value: string }[]): Promise<Buffer> {
  const browser = await chromium.launch({ executablePath: env().CHROMIUM_PATH, args: ARGS, headless: true, timeout: TIMEOUT_MS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    if (cookies.length > 0) await context.addCookies(cookies.map((c) => ({ ...c, url: url.origin })));
    await context.route("**/*", (route) => (new URL(route.request().url()).origin === url.origin ? route.continue() : route.abort()));
    const page = await context.newPage();
    const response = await page.goto(url.href, { waitUntil: "load", timeout: TIMEOUT_MS });
    if (!response?.ok()) throw new MeetingPackError(`print view answered ${response?.status() ?? "nothing"}`);
    await page.locator('[data-testid="screen-print"]').waitFor({ timeout: TIMEOUT_MS });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return await page.pdf({ preferCSSPageSize: true, printBackground: true });
  } finally {
    await browser.close();
  }
}
