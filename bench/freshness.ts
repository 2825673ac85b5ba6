/**
 * Freshness: how long a hand edit in the spreadsheet takes to reach the
 * dashboard, without the edit webhook (bounded by 设置 freshness.seconds) and
 * with it (the Apps Script onEdit trigger calling POST /api/revalidate).
 *
 *   npx next build && npx tsx bench/freshness.ts [--window 10] [--plain 3] [--webhook 4] [--latency-ms 300]
 *
 * `--window` sets 设置 freshness.seconds (by a hand edit, read at once through
 * the webhook) before the trials: 10 s keeps the run near two minutes; 30 is
 * the default the app ships with.
 *
 * A trial changes one visit's 意见建议数 through the emulator's hand-edit
 * switch (as a person in the browser would), then polls GET /api/summary every
 * 100 ms until the suggestions total shows it. The delay runs from the edit to
 * the first answer showing it. Trials follow one another, so each starts at
 * whatever point of the cache window the previous one left.
 *
 * The last webhook trial is followed, one second later, by a second edit and a
 * second webhook call: forced reads are rate-limited (one per 5 s), and that
 * measures what happens to an edit made just after another.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { cellOf, REVALIDATE_SECRET, settingCell, startGoogleApp, type GoogleApp } from "./support/google-app";
import { median, table } from "./support/stats";

export interface FreshnessOptions {
  /** 设置 freshness.seconds during the trials. */
  window?: number;
  plain?: number;
  webhook?: number;
  latencyMs?: number;
}

interface Trial {
  kind: "no webhook" | "webhook" | "webhook, 1 s after another";
  delayMs: number;
  refreshed?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Forced reads are refused for 5 s after one (lib/sheets/snapshot-cache.ts). */
const FORCED_READ_INTERVAL_MS = 5_000;
const GIVE_UP_MS = 150_000;

async function suggestions(google: GoogleApp): Promise<number> {
  const res = await fetch(`${google.app.url}/api/summary`, { headers: google.headers });
  if (res.status !== 200) throw new Error(`/api/summary answered ${res.status}`);
  return ((await res.json()) as { figures: { visits: { suggestions: number } } }).figures.visits.suggestions;
}

export async function freshness(options: FreshnessOptions = {}) {
  const window = options.window ?? 10;
  const plainTrials = options.plain ?? 3;
  const webhookTrials = Math.max(1, options.webhook ?? 4);
  const google = await startGoogleApp({ name: "freshness", latencyMs: options.latencyMs ?? 300 });
  const trials: Trial[] = [];
  let lastWebhook = -Infinity;
  try {
    const { cell, value } = cellOf(google.emulator, google.spreadsheetId, "走访", "意见建议数");
    const original = Number(value);
    let shift = 0;

    const edit = () => {
      // Each edit moves the cell to a new value, so every trial changes the total.
      shift = shift === 0 ? 1 : shift + 1;
      const next = original + shift;
      const expected = total - (original + shift - 1) + next;
      google.emulator.edit(google.spreadsheetId, { sheet: "走访", op: "set", cell, value: next });
      return { at: performance.now(), expected };
    };
    const webhook = async () => {
      const wait = lastWebhook + FORCED_READ_INTERVAL_MS + 500 - performance.now();
      if (wait > 0) await sleep(wait);
      const { at, expected } = edit();
      lastWebhook = performance.now();
      const res = await fetch(`${google.app.url}/api/revalidate`, { method: "POST", headers: { authorization: `Bearer ${REVALIDATE_SECRET}` } });
      if (res.status !== 200) throw new Error(`/api/revalidate answered ${res.status}`);
      const { refreshed } = (await res.json()) as { refreshed: boolean };
      return { at, expected, refreshed };
    };
    if (window !== 30) {
      const setting = settingCell(google, "freshness.seconds");
      google.emulator.edit(google.spreadsheetId, { sheet: "设置", op: "set", cell: setting, value: String(window) });
      lastWebhook = performance.now();
      const res = await fetch(`${google.app.url}/api/revalidate`, { method: "POST", headers: { authorization: `Bearer ${REVALIDATE_SECRET}` } });
      if (!((await res.json()) as { refreshed?: boolean }).refreshed) throw new Error("could not apply freshness.seconds");
    }
    let total = await suggestions(google);

    const until = async (at: number, expected: number) => {
      for (;;) {
        const now = await suggestions(google);
        if (now === expected) {
          total = expected;
          return performance.now() - at;
        }
        if (performance.now() - at > GIVE_UP_MS) throw new Error(`the edit did not show within ${GIVE_UP_MS / 1000} s`);
        await sleep(100);
      }
    };

    for (let i = 0; i < plainTrials; i++) {
      const { at, expected } = edit();
      trials.push({ kind: "no webhook", delayMs: await until(at, expected) });
    }
    for (let i = 0; i < webhookTrials; i++) {
      const { at, expected, refreshed } = await webhook();
      trials.push({ kind: "webhook", delayMs: await until(at, expected), refreshed });
    }
    // An edit one second after the last one: its webhook call falls inside the forced-read interval.
    await sleep(1000);
    lastWebhook = -Infinity;
    const { at, expected, refreshed } = await webhook();
    trials.push({ kind: "webhook, 1 s after another", delayMs: await until(at, expected), refreshed });
  } finally {
    await google.stop();
  }

  const of = (kind: Trial["kind"]) => trials.filter((t) => t.kind === kind).map((t) => t.delayMs);
  const fmt = (ms: number) => (ms / 1000).toFixed(2);
  const rows = (["no webhook", "webhook", "webhook, 1 s after another"] as const).map((kind) => {
    const delays = of(kind);
    const refusals = trials.filter((t) => t.kind === kind && t.refreshed === false).length;
    return [
      kind,
      String(delays.length),
      delays.map(fmt).join(", "),
      fmt(median(delays)),
      fmt(Math.max(...delays)),
      kind === "no webhook" ? "—" : String(refusals),
    ];
  });
  console.log(`Freshness: hand edit → GET /api/summary shows it; 设置 freshness.seconds = ${window}, Sheets API latency ${options.latencyMs ?? 300} ms\n`);
  console.log(table(["trial", "n", "delays s", "median s", "max s", "webhook refused (rate limit)"], rows));
  console.log(
    `\nWithout the webhook: ${fmt(median(of("no webhook")))} s median, ${fmt(Math.max(...of("no webhook")))} s worst = ${(Math.max(...of("no webhook")) / 1000 / window).toFixed(2)} windows; ` +
      `with it: ${fmt(median(of("webhook")))} s median.`,
  );
  return { window, trials };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { window: { type: "string" }, plain: { type: "string" }, webhook: { type: "string" }, "latency-ms": { type: "string" } },
  });
  freshness({
    ...(values.window !== undefined && { window: Number(values.window) }),
    ...(values.plain !== undefined && { plain: Number(values.plain) }),
    ...(values.webhook !== undefined && { webhook: Number(values.webhook) }),
    ...(values["latency-ms"] !== undefined && { latencyMs: Number(values["latency-ms"]) }),
  }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
