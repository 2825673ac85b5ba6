/**
 * Quota economy: many viewers refreshing the overview against Google Sheets
 * with a real-world round trip, DutyBoard against the tutorial pattern.
 *
 *   npx next build && npx tsx bench/quota-economy.ts [--viewers 100] [--seconds 60] [--think-ms 10000] [--latency-ms 300]
 *
 * Both sides read the same spreadsheet on the Sheets API emulator (loopback,
 * `latencyMs` added to every API call), one after the other in this run. Each
 * viewer loads `GET /` (the page's HTML, signed in as admin; scripts and
 * styles not counted), waits `think-ms` on average, and loads it again.
 * DutyBoard runs as `next start` with SHEETS_BACKEND=google; the baseline is
 * bench/support/naive-baseline-server.ts (full `googleapis`, one values.get
 * per tab per view, no cache). Sheets requests are the emulator's own count.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import os from "node:os";
import { startGoogleApp } from "./support/google-app";
import { googleapisVersion, requireGoogleapisDir } from "./support/googleapis-baseline";
import { percentile, table } from "./support/stats";
import { processTreeCpuMs, runViewers, type ViewersResult } from "./support/viewers";

export interface QuotaOptions {
  viewers?: number;
  seconds?: number;
  thinkMs?: number;
  latencyMs?: number;
}

interface Side {
  name: string;
  result: ViewersResult;
  requests: Record<string, number>;
  reads: number;
  /** The server's own CPU time per view (ms), the emulator's excluded. */
  cpuPerView?: number;
}

/** The page must show the article's figures: a view that does not is a failure, however fast. */
function showsFigures(_status: number, body: string): string | undefined {
  for (const [id, value] of [
    ["visits", "584"],
    ["suggestions", "337"],
    ["solved", "185"],
  ] as const) {
    if (!new RegExp(`data-testid="card-${id}-value"[^>]*>${value}<`, "u").test(body)) return `card-${id}-value is not ${value}`;
  }
  return undefined;
}

export async function quotaEconomy(options: QuotaOptions = {}) {
  const viewers = options.viewers ?? 100;
  const seconds = options.seconds ?? 60;
  const thinkMs = options.thinkMs ?? 10_000;
  const latencyMs = options.latencyMs ?? 300;
  requireGoogleapisDir();

  const google = await startGoogleApp({ name: "quota-economy", latencyMs });
  const sides: Side[] = [];
  try {
    const baseline = await google.startBaseline();
    const run = async (name: string, url: string, headers: Record<string, string>, pid: number | undefined) => {
      // One view first, so the run starts from a running server rather than a cold one.
      const warm = await fetch(`${url}/`, { headers });
      if (warm.status !== 200) throw new Error(`${name}: GET / answered ${warm.status}`);
      await warm.text();
      google.emulator.resetStats();
      const cpuBefore = pid === undefined ? undefined : processTreeCpuMs(pid);
      const result = await runViewers({ url: `${url}/`, viewers, seconds, thinkMs, headers, check: showsFigures });
      const cpuAfter = pid === undefined ? undefined : processTreeCpuMs(pid);
      const { byMethod, read } = google.emulator.stats().requests;
      const cpuPerView = cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / Math.max(1, result.views);
      sides.push({ name, result, requests: byMethod, reads: read, ...(cpuPerView !== undefined && { cpuPerView }) });
    };
    await run("DutyBoard (next start, SHEETS_BACKEND=google)", google.app.url, google.headers, google.app.process.pid);
    await run(`naive baseline (googleapis ${googleapisVersion()}, values.get per tab per view)`, baseline.url, {}, baseline.process.pid);
  } finally {
    await google.stop();
  }

  const [ours, base] = sides as [Side, Side];
  const perView = (s: Side) => s.reads / Math.max(1, s.result.views);
  const windows = seconds / 30;
  const rows = sides.map((s) => [
    s.name,
    String(s.result.views),
    (s.result.views / (s.result.elapsedMs / 1000)).toFixed(1),
    String(s.result.failures),
    Object.entries(s.requests)
      .map(([m, n]) => `${m.replace("spreadsheets.", "")} ${n}`)
      .join(", ") || "none",
    String(s.reads),
    perView(s).toFixed(4),
    (s.reads / (seconds / 60)).toFixed(0),
    percentile(s.result.latencies, 50).toFixed(0),
    percentile(s.result.latencies, 95).toFixed(0),
    s.cpuPerView === undefined ? "—" : s.cpuPerView.toFixed(0),
  ]);
  const ratio = perView(base) / Math.max(perView(ours), Number.EPSILON);
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

  console.log(
    `Quota economy: ${viewers} viewers × ${seconds} s, GET / every ${thinkMs / 1000} s on average, Sheets API latency ${latencyMs} ms ` +
      `(loopback emulator), ${os.cpus().length} CPUs, load average ${load}\n`,
  );
  console.log(
    table(
      ["side", "views", "views/s", "failed", "Sheets requests", "reads", "reads per view", "reads per minute", "p50 ms", "p95 ms", "server CPU ms per view"],
      rows,
    ),
  );
  console.log(
    `\nReads per view: baseline ${perView(base).toFixed(2)}, DutyBoard ${perView(ours).toFixed(4)} — ${ratio.toFixed(0)}× fewer. ` +
      `DutyBoard made ${ours.reads} reads in ${seconds} s = ${(ours.reads / windows).toFixed(2)} per 30 s freshness window (target ≤ 1 plus the 5-minute metadata read); ` +
      `p50 ${percentile(ours.result.latencies, 50).toFixed(0)} ms (target < 100 ms). ` +
      `Google's default quota is 60 reads per minute per user: the baseline asked for ${(base.reads / (seconds / 60)).toFixed(0)}.`,
  );
  if (ours.result.failureSamples.length + base.result.failureSamples.length > 0) {
    console.log(`Failure samples: DutyBoard ${JSON.stringify(ours.result.failureSamples)}; baseline ${JSON.stringify(base.result.failureSamples)}`);
  }
  return {
    viewers,
    seconds,
    thinkMs,
    latencyMs,
    sides: sides.map((s) => ({
      name: s.name,
      views: s.result.views,
      failures: s.result.failures,
      reads: s.reads,
      requests: s.requests,
      p50: percentile(s.result.latencies, 50),
      p95: percentile(s.result.latencies, 95),
      cpuPerView: s.cpuPerView,
    })),
    readsPerViewRatio: ratio,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { viewers: { type: "string" }, seconds: { type: "string" }, "think-ms": { type: "string" }, "latency-ms": { type: "string" } },
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  quotaEconomy({
    ...(values.viewers !== undefined && { viewers: num(values.viewers) }),
    ...(values.seconds !== undefined && { seconds: num(values.seconds) }),
    ...(values["think-ms"] !== undefined && { thinkMs: num(values["think-ms"]) }),
    ...(values["latency-ms"] !== undefined && { latencyMs: num(values["latency-ms"]) }),
  }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
