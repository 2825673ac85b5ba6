/**
 * `npx tsx bench/overview-load.ts [--backend xlsx|google] [--port 4752]
 * [--emulator-port 4753] [--concurrency 20] [--rounds 5]` (after `npx next build`):
 * the overview under load on `next start` with the local workbook (the seeded
 * demo, through scripts/e2e-server.ts) or with Google Sheets against the Sheets
 * API emulator (the same sample year, scripts/e2e-google-server.ts) — signed in
 * as the leader: rounds of `--concurrency` simultaneous requests for `/` (the
 * whole streamed page read to its end) and for `/api/summary`, answer times
 * p50 / p95 / max. The first round after start-up is reported apart (it pays
 * the workbook read and the route's first compile of its code).
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO_PASSWORD } from "../lib/auth/demo-accounts";
import { REPO_ROOT } from "./child-process";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4752" },
    "emulator-port": { type: "string", default: "4753" },
    backend: { type: "string", default: "xlsx" },
    concurrency: { type: "string", default: "20" },
    rounds: { type: "string", default: "5" },
  },
});
const base = `http://127.0.0.1:${values.port}`;

function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
}
const header = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function signIn(login: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  cookiesOf(csrf, jar);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header(jar) },
    body: new URLSearchParams({ csrfToken, login, password: DEMO_PASSWORD, json: "true" }),
  });
  cookiesOf(res, jar);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${res.status})`);
  return header(jar);
}

async function timed(url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return performance.now() - started;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((xs.length * p) / 100) - 1)]!;
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");

async function waitReady() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/login`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "s23-h7-overview-"));
  const google = values.backend === "google";
  const server = spawn(process.execPath, ["--import", "tsx", google ? "scripts/e2e-google-server.ts" : "scripts/e2e-server.ts"], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PORT: values.port,
      E2E_GOOGLE_PORT: values.port,
      E2E_EMULATOR_PORT: values["emulator-port"],
      DATA_FILE: path.join(dir, "data/dutyboard.xlsx"),
      DUTYBOARD_TODAY: "2026-11-20",
      E2E_YEAR: "2026",
      E2E_OIDC_PORT: "",
    },
    detached: true,
  });
  try {
    await waitReady();
    const cookie = await signIn("leader");
    const n = Number(values.concurrency);
    console.log(
      `${values.backend}: ${n} simultaneous requests per round, signed in as leader, the demo's sample year, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
    console.log("| path | round | p50 ms | p95 ms | max ms |");
    console.log("| --- | --- | ---: | ---: | ---: |");
    for (const route of ["/", "/api/summary"]) {
      const later: number[] = [];
      for (let round = 0; round <= Number(values.rounds); round++) {
        const times = await Promise.all(Array.from({ length: n }, () => timed(`${base}${route}`, cookie)));
        if (round === 0) console.log(`| \`${route}\` | first (after start) | ${fmt(pct(times, 50))} | ${fmt(pct(times, 95))} | ${fmt(Math.max(...times))} |`);
        else later.push(...times);
      }
      console.log(`| \`${route}\` | next ${values.rounds} rounds | ${fmt(pct(later, 50))} | ${fmt(pct(later, 95))} | ${fmt(Math.max(...later))} |`);
    }
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
