import "server-only";
import { chromium } from "playwright-core";
import { env } from "@/lib/env";
import { isServerless } from "@/lib/state/serverless";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];
const TIMEOUT_MS = 45_000;

export class MeetingPackError extends Error {}

/**
 * The Chromium that prints: Debian's (CHROMIUM_PATH) on a server, or on a
 * serverless host — which has no system browser — the build shipped in
 * @sparticuz/chromium, unpacked into this instance's /tmp on first use
 * (about 2 s; later renders in the instance reuse it). That build carries no
 * Chinese font: PACK_FONT (a file or https URL) is copied into /tmp/fonts,
 * which its fontconfig reads.
 */
async function browserToLaunch(): Promise<{ executablePath: string; args: string[]; env?: Record<string, string> }> {
  if (!isServerless()) return { executablePath: env().CHROMIUM_PATH, args: ARGS };
  const [{ default: serverless }, os, path] = await Promise.all([import("@sparticuz/chromium"), import("node:os"), import("node:path")]);
  serverless.setGraphicsMode = false;
  const executablePath = await serverless.executablePath();
  await installPackFont();
  // Its fonts.conf (unpacked into /tmp/fonts) reads /tmp/fonts, /var/task/fonts and /opt/fonts, not the system's.
  // The rest of the environment is passed on as it is: @sparticuz/chromium sets LD_LIBRARY_PATH there on the platform.
  const browserEnv = { ...(process.env as Record<string, string>), FONTCONFIG_PATH: path.join(os.tmpdir(), "fonts"), HOME: os.tmpdir() };
  return { executablePath, args: [...new Set([...serverless.args, ...ARGS])], env: browserEnv };
}

let fontInstalled: Promise<void> | undefined;
function installPackFont(): Promise<void> {
  const font = env().PACK_FONT;
  if (!font) return Promise.resolve();
  fontInstalled ??= (async () => {
    const [{ mkdir, writeFile, copyFile, access }, os, path] = await Promise.all([import("node:fs/promises"), import("node:os"), import("node:path")]);
    const dir = path.join(os.tmpdir(), "fonts");
    const target = path.join(dir, `pack-font${path.extname(new URL(font, "file:///").pathname) || ".ttf"}`);
    if (
      await access(target).then(
        () => true,
        () => false,
      )
    )
      return;
    await mkdir(dir, { recursive: true });
    if (/^https:\/\//u.test(font)) {
      const response = await fetch(font);
      if (!response.ok) throw new MeetingPackError(`PACK_FONT answered ${response.status}`);
      await writeFile(target, Buffer.from(await response.arrayBuffer()));
    } else {
      await copyFile(/*turbopackIgnore: true*/ font, target);
    }
  })();
  fontInstalled.catch(() => {
    fontInstalled = undefined;
  });
  return fontInstalled;
}

/** One browser at a time: a second click waits rather than starting another Chromium. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Prints the screen's print view (one slide per A4-landscape page) to PDF in headless
 * Chromium, as the person who asked: their session cookies, or their screen-link token
 * already in `url`. The browser may load nothing but that one origin.
 */
export function renderMeetingPack(url: URL, cookies: { name: string; value: string }[]): Promise<Buffer> {
  return renderPagePdf(url, cookies, '[data-testid="screen-print"]');
}

/**
 * The one PDF entry point (the meeting pack, and any other printed page):
 * opens `url` as the caller, waits for `readySelector` and the fonts, and
 * prints it with the page's own CSS page size.
 */
export function renderPagePdf(url: URL, cookies: { name: string; value: string }[], readySelector: string): Promise<Buffer> {
  const run = queue.then(() => render(url, cookies, readySelector));
  queue = run.catch(() => undefined);
  return run;
}

async function render(url: URL, cookies: { name: string; value: string }[], readySelector: string): Promise<Buffer> {
  const browser = await chromium.launch({ ...(await browserToLaunch()), headless: true, timeout: TIMEOUT_MS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    if (cookies.length > 0) await context.addCookies(cookies.map((c) => ({ ...c, url: url.origin })));
    await context.route("**/*", (route) => (new URL(route.request().url()).origin === url.origin ? route.continue() : route.abort()));
    const page = await context.newPage();
    const response = await page.goto(url.href, { waitUntil: "load", timeout: TIMEOUT_MS });
    if (!response?.ok()) throw new MeetingPackError(`print view answered ${response?.status() ?? "nothing"}`);
    await page.locator(readySelector).waitFor({ timeout: TIMEOUT_MS });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return await page.pdf({ preferCSSPageSize: true, printBackground: true });
  } finally {
    await browser.close();
  }
}
