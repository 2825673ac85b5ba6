import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSeedArgs } from "@/seeds/seed";

const TSX = path.resolve("node_modules/tsx/dist/cli.mjs");

function seedCli(...args: string[]) {
  const run = spawnSync(process.execPath, [TSX, "seeds/seed.ts", ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dutyboard-seed-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("tsx seeds/seed.ts", () => {
  it("writes the workbook and says what it wrote, then refuses to overwrite it without --force", () => {
    const file = path.join(dir, "cli.xlsx");
    const first = seedCli("--year", "2026", "--today", "2026-11-20", "--file", file);
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(first.stdout).toContain(file);
    expect(first.stdout).toMatch(/走访\s+584 行/u);
    expect(first.stdout).toContain("走访 584 次 · 意见建议 337 条 · 解决问题 185 个");
    expect(first.stdout).toContain("专题常委会 3 次 · 领导小组工作例会 2 次 · 办公室协调推进会 2 次");

    const again = seedCli("--today", "2026-11-20", "--file", file);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("工作簿已存在");
    expect(again.stderr).toContain("--force");

    const forced = seedCli("--today", "2026-11-21", "--file", file, "--force");
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("截至 2026-11-21");
  });

  it("exits 1 with the usage on a bad option", () => {
    const bad = seedCli("--today", "2026-13-01", "--file", path.join(dir, "never.xlsx"));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--today");
    expect(existsSync(path.join(dir, "never.xlsx"))).toBe(false);
  });
});

describe("parseSeedArgs", () => {
  it("reads every option", () => {
    expect(parseSeedArgs(["--year", "2025", "--today", "2025-06-01", "--file", "x.xlsx", "--backend", "xlsx", "--force"])).toEqual({
      ok: true,
      options: { year: 2025, today: "2025-06-01", file: "x.xlsx", backend: "xlsx", force: true },
    });
    expect(parseSeedArgs([])).toEqual({ ok: true, options: { force: false } });
  });

  it("rejects what it cannot use, with a message in Chinese", () => {
    for (const args of [["--year", "26"], ["--today", "2026/02/10"], ["--backend", "csv"], ["--colour"], ["extra"]]) {
      const parsed = parseSeedArgs(args);
      expect(parsed.ok, args.join(" ")).toBe(false);
    }
    expect(parseSeedArgs(["--backend", "csv"])).toMatchObject({ ok: false, message: expect.stringContaining("只能是 xlsx 或 google") });
  });
});
