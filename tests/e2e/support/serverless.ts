/**
 * DutyBoard run as a serverless platform runs it: each instance is the
 * production build started under bubblewrap with the whole disk read-only
 * (the code, node_modules and `.next` included), a private empty /tmp, no
 * system Chromium and no system fonts; several instances behind a
 * round-robin front that sends each request to the next one; instances
 * restarted at will (a cold start: a new /tmp). Shared state lives in a real
 * redis-server and the data in the Sheets API emulator, both on loopback, on
 * ports the system picks. Local accounts come from ACCOUNTS_JSON.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { exportAccountsJson } from "../../../lib/auth/accounts";
import { createDemoAccounts } from "../../../lib/auth/demo-accounts";
import { GoogleStore } from "../../../lib/sheets/google-store";
import { startSheetsEmulator, type SheetsEmulator } from "../../../scripts/sheets-emulator/server";
import { generateSampleData } from "../../../seeds/generate";
import { startRedis, type RunningRedis } from "../../support/redis-server";

export const SERVERLESS_DIR = path.resolve(".tmp/e2e-serverless");
/** The CJK font the deployment ships for the meeting pack (PACK_FONT); the instances see no system font. */
const FONT_DIR = "/usr/share/fonts/opentype/noto";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Instance {
  port: number;
  child: ChildProcess;
  /** Milliseconds from spawn to the first answer of /api/health. */
  coldStartMs: number;
}

export class ServerlessRun {
  readonly instances: (Instance | undefined)[] = [];
  private next = 0;
  /** Which instance answered each request, in order (index into `instances`). */
  readonly served: number[] = [];

  private constructor(
    readonly emulator: SheetsEmulator,
    readonly redis: RunningRedis,
    private readonly front: Server,
    readonly baseUrl: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(opts: { instances: number; env?: Record<string, string> }): Promise<ServerlessRun> {
    await rm(SERVERLESS_DIR, { recursive: true, force: true });
    await mkdir(SERVERLESS_DIR, { recursive: true });
    const emulator = await startSheetsEmulator({ host: "127.0.0.1", port: 0 });
    const spreadsheetId = `dutyboard-serverless-${Date.now().toString(36)}`;
    emulator.loadSpreadsheet({ spreadsheetId, title: "DutyBoard serverless", timeZone: "Asia/Shanghai", sheets: [{ title: "工作表1" }] });
    const data = generateSampleData({ year: 2026, today: "2026-11-20" });
    // This month's meeting snapshot is already in the sheet (as after the month's first overview),
    // so a cold start reads the sheet and writes nothing: the reads per window count only reads.
    const snapshots = data.find((t) => t.spec.key === "snapshots")!.rows;
    snapshots.push({ ...snapshots.at(-1)!, id: "KZ-20261120-1", date: "2026-11-20" });
    await new GoogleStore({ spreadsheetId, emulatorHost: emulator.host }).create(data);
    emulator.resetStats();
    const redis = await startRedis();

    const accountsFile = path.join(SERVERLESS_DIR, "accounts.json");
    await createDemoAccounts({ file: accountsFile, hashParams: { N: 1024, r: 8, p: 1 } });
    const accountsJson = await exportAccountsJson(accountsFile);

    let run: ServerlessRun | undefined;
    const front = createServer((req, res) => run!.forward(req, res));
    await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;

    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: "/tmp",
      NODE_ENV: "production",
      DUTYBOARD_READONLY: "1",
      SHEETS_BACKEND: "google",
      SHEETS_EMULATOR_HOST: emulator.host,
      GOOGLE_SHEETS_ID: spreadsheetId,
      REDIS_URL: redis.url,
      ACCOUNTS_JSON: accountsJson,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: baseUrl,
      DUTYBOARD_TODAY: "2026-11-20",
      PACK_FONT: path.join("/opt/pack-fonts", "NotoSansCJK-Regular.ttc"),
      ...opts.env,
    };
    run = new ServerlessRun(emulator, redis, front, baseUrl, env);
    await Promise.all(Array.from({ length: opts.instances }, (_, i) => run!.startInstance(i)));
    return run;
  }

  /** Starts (or restarts) instance `i`: a fresh sandbox, a fresh /tmp. */
  async startInstance(i: number): Promise<Instance> {
    await this.stopInstance(i);
    const port = await freePort();
    const next = path.resolve("node_modules/next/dist/bin/next");
    const args = [
      "--ro-bind",
      "/",
      "/",
      "--dev",
      "/dev",
      "--proc",
      "/proc",
      // A private, empty /tmp: the only place an instance may write.
      "--tmpfs",
      "/tmp",
      // A checkout that itself lives under /tmp (a CI clone, say) stays visible, read-only.
      ...(process.cwd().startsWith("/tmp/") ? ["--ro-bind", process.cwd(), process.cwd()] : []),
      // No system browser and no system fonts, as on the platform.
      "--tmpfs",
      "/usr/lib/chromium",
      "--tmpfs",
      "/usr/share/fonts",
      "--tmpfs",
      "/opt",
      "--ro-bind",
      FONT_DIR,
      "/opt/pack-fonts",
      "--die-with-parent",
      "--chdir",
      process.cwd(),
      process.execPath,
      next,
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(port),
    ];
    const started = Date.now();
    const child = spawn("bwrap", args, { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-8_000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", (chunk: Buffer) => {
      keep(chunk);
      process.stderr.write(`[instance ${i}] ${chunk.toString()}`);
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`instance ${i} exited with ${child.exitCode}:\n${log}`);
      if (Date.now() > deadline) {
        child.kill("SIGTERM");
        throw new Error(`instance ${i} did not answer:\n${log}`);
      }
      try {
        await fetch(`http://127.0.0.1:${port}/api/health`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const instance = { port, child, coldStartMs: Date.now() - started };
    this.instances[i] = instance;
    return instance;
  }

  async stopInstance(i: number): Promise<void> {
    const instance = this.instances[i];
    this.instances[i] = undefined;
    if (!instance || instance.child.exitCode !== null) return;
    const exited = new Promise((r) => instance.child.once("exit", r));
    instance.child.kill("SIGTERM");
    await exited;
  }

  /** Restarts every instance (all at once, as a platform scales to zero and back): the next requests meet cold instances. */
  async restartAll(): Promise<void> {
    await Promise.all(this.instances.map((_, i) => this.startInstance(i)));
  }

  /** Round robin over the running instances. */
  private forward(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) {
    const live = this.instances.map((inst, i) => ({ inst, i })).filter((x) => x.inst);
    if (live.length === 0) {
      res.writeHead(503).end("no instance");
      return;
    }
    const { inst, i } = live[this.next++ % live.length]!;
    this.served.push(i);
    const upstream = httpRequest({ host: "127.0.0.1", port: inst!.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on("error", (e) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(upstream);
  }

  /** Counts spreadsheet reads from zero again. */
  resetReads(): void {
    this.emulator.resetStats();
  }

  /** batchGet requests the emulator has answered since the last reset: spreadsheet reads. */
  reads(): number {
    return this.emulator.stats().requests.byMethod["spreadsheets.values.batchGet"] ?? 0;
  }

  async stop(): Promise<void> {
    for (let i = 0; i < this.instances.length; i++) await this.stopInstance(i);
    this.front.closeAllConnections();
    await new Promise((r) => this.front.close(r));
    await this.redis.stop();
    await this.emulator.close();
  }
}

/** One function of `.vercel/output`: its unzipped size (its own files and every file it maps in) and its config. */
export interface VercelFunction {
  name: string;
  bytes: number;
  files: string[];
  memory?: number;
  maxDuration?: number;
}

/**
 * `vercel build` (the CLI in node_modules, offline) on the `next build`
 * output already in `.next` — the project's build command is a no-op, so the
 * app is not built twice — and the functions it made.
 */
export async function vercelBuild(): Promise<VercelFunction[]> {
  const { execFileSync } = await import("node:child_process");
  const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = await import("node:fs");
  await mkdir(".vercel", { recursive: true });
  writeFileSync(
    ".vercel/project.json",
    `${JSON.stringify({ projectId: "local", orgId: "local", settings: { framework: "nextjs", buildCommand: "true", installCommand: "true", outputDirectory: ".next" } })}\n`,
  );
  execFileSync(path.resolve("node_modules/.bin/vercel"), ["build", "--yes"], {
    env: { ...process.env, VERCEL_TELEMETRY_DISABLED: "1" },
    stdio: "pipe",
    timeout: 240_000,
  });
  const root = path.resolve(".vercel/output/functions");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) e.name.endsWith(".func") ? found.push(p) : walk(p);
    }
  };
  walk(root);
  const sizeOf = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => {
      const p = path.join(dir, e.name);
      return sum + (e.isDirectory() ? sizeOf(p) : e.isFile() ? statSync(p).size : 0);
    }, 0);
  return found.map((dir) => {
    const config = JSON.parse(readFileSync(path.join(dir, ".vc-config.json"), "utf8")) as {
      memory?: number;
      maxDuration?: number;
      filePathMap?: Record<string, string>;
    };
    const mapped = [...new Set(Object.values(config.filePathMap ?? {}))];
    const bytes = sizeOf(dir) + mapped.reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
    return { name: path.relative(root, dir), bytes, files: Object.keys(config.filePathMap ?? {}), memory: config.memory, maxDuration: config.maxDuration };
  });
}
