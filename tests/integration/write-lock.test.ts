/**
 * The workbook's write lock (lib/sheets/file-lock.ts, proper-lockfile): real
 * processes contending for it never hold it together, and a holder that takes
 * longer than the stale time is not robbed while its heartbeat runs.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCK_STALE_MS, lockPathOf, withFileLock } from "@/lib/sheets/file-lock";

const worker = path.resolve("tests/integration/lock-worker.ts");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "write-lock-"));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

type Held = { enter: number; leave: number; compromised: boolean };

describe("the workbook write lock", () => {
  it("is held by one of three processes at a time", async () => {
    const file = path.join(dir, "three.xlsx");
    await writeFile(file, "");
    const run = promisify(execFile);
    const launch = () => run(process.execPath, ["--import", "tsx", worker, file, "6", "40"], { cwd: process.cwd(), timeout: 110_000 });
    const outputs = await Promise.all([launch(), launch(), launch()]);
    const runs = outputs.map((o) => JSON.parse(o.stdout) as { pid: number; held: Held[] });
    expect(new Set(runs.map((r) => r.pid)).size).toBe(3);
    const intervals = runs.flatMap((r) => r.held).sort((a, b) => a.enter - b.enter);
    expect(intervals).toHaveLength(18);
    for (let i = 1; i < intervals.length; i++) expect(intervals[i]!.enter).toBeGreaterThanOrEqual(intervals[i - 1]!.leave);
    expect(intervals.some((h) => h.compromised)).toBe(false);
    expect(existsSync(lockPathOf(file))).toBe(false);
  }, 120_000);

  it("is not taken as stale from a holder slower than the stale time while its heartbeat runs", async () => {
    const file = path.join(dir, "slow.xlsx");
    await writeFile(file, "");
    const holdMs = 40_000;
    expect(holdMs).toBeGreaterThan(LOCK_STALE_MS);
    const child = spawn(process.execPath, ["--import", "tsx", worker, file, "1", String(holdMs)], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await new Promise<void>((resolve) => child.stderr.on("data", (d: Buffer) => d.toString().includes("entered") && resolve()));

    let entered = 0;
    await withFileLock(file, async () => void (entered = Date.now()), 90_000);
    expect(await exited).toBe(0);
    const slow = (JSON.parse(stdout) as { held: Held[] }).held[0]!;
    expect(slow.leave - slow.enter).toBeGreaterThanOrEqual(holdMs);
    expect(slow.compromised).toBe(false);
    // This process waited the whole 40 s out rather than taking the lock at 30 s.
    expect(entered).toBeGreaterThanOrEqual(slow.leave);
  }, 120_000);
});
