/**
 * A bounded load generator: a fixed number of viewers on loopback, each
 * loading one URL, reading the whole answer, waiting a while (a person looking
 * at the page), and loading it again, until the time is up. Keep-alive
 * connections, one per viewer, as browsers keep theirs.
 */
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";

export interface ViewersOptions {
  /** http://127.0.0.1:PORT/path: loopback only. */
  url: string;
  viewers: number;
  seconds: number;
  /** Mean pause between one answer and the next request of the same viewer; each pause is uniform in [0.5, 1.5] × this. */
  thinkMs: number;
  headers?: Record<string, string>;
  /** Called with each answer's body; a string returned is counted as a wrong answer (e.g. figures missing). */
  check?: (status: number, body: string) => string | undefined;
}

export interface ViewersResult {
  views: number;
  /** Answers with a status other than 200, or failing `check`, or no answer. */
  failures: number;
  failureSamples: string[];
  /** Milliseconds from sending the request to the last byte of the answer, per view. */
  latencies: number[];
  elapsedMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function assertLoopback(url: URL) {
  if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost") throw new Error(`the load generator only talks to loopback, not ${url.host}`);
}

function getOnce(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("no answer within 60 s")));
    req.on("error", (error: NodeJS.ErrnoException) => {
      // The server closed an idle keep-alive connection as we reused it: a browser sends again, so do we.
      if (req.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE")) reject(new RetryOnFreshSocket());
      else reject(error);
    });
  });
}

class RetryOnFreshSocket extends Error {}

async function get(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  try {
    return await getOnce(agent, url, headers);
  } catch (error) {
    if (!(error instanceof RetryOnFreshSocket)) throw error;
    return getOnce(agent, url, headers);
  }
}

export async function runViewers(options: ViewersOptions): Promise<ViewersResult> {
  const url = new URL(options.url);
  assertLoopback(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.viewers });
  const result: ViewersResult = { views: 0, failures: 0, failureSamples: [], latencies: [], elapsedMs: 0 };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const fail = (why: string) => {
    result.failures++;
    if (result.failureSamples.length < 5) result.failureSamples.push(why);
  };
  const think = () => options.thinkMs * (0.5 + Math.random());

  const viewer = async () => {
    // Viewers arrive spread over the first pause, not all in the same millisecond.
    await sleep(Math.random() * options.thinkMs);
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const { status, body } = await get(agent, url, { ...options.headers });
        result.latencies.push(performance.now() - t0);
        result.views++;
        const wrong = status !== 200 ? `HTTP ${status}` : options.check?.(status, body);
        if (wrong) fail(wrong);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
      const pause = Math.min(think(), deadline - performance.now());
      if (pause > 0) await sleep(pause);
    }
  };
  await Promise.all(Array.from({ length: options.viewers }, viewer));
  result.elapsedMs = performance.now() - started;
  agent.destroy();
  return result;
}

/**
 * CPU time (user + system, ms) used so far by a process and its descendants,
 * from /proc (Linux); undefined elsewhere. Unlike latency, it does not grow
 * when other work on the machine keeps the server waiting for a CPU.
 */
export function processTreeCpuMs(pid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/u.test(e));
  } catch {
    return undefined;
  }
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const e of entries) {
    try {
      const text = readFileSync(`/proc/${e}/stat`, "utf8");
      // Fields after the command name, which may itself hold spaces and parentheses.
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(e), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  if (!stats.has(pid)) return undefined;
  let ticks = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.pop()!;
    ticks += stats.get(p)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === p) queue.push(child);
  }
  // USER_HZ is 100 on Linux.
  return ticks * 10;
}
