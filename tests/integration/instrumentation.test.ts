/**
 * The server's start-up check (instrumentation.ts): the environment is validated
 * there, once, and a bad one stops the server with every problem named; later
 * readers get what was validated, not a fresh read of process.env.
 * Each case runs register() in its own Node process, as `next start` does.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs register() with this environment, then `after` (code run in the same process). */
function start(vars: Record<string, string>, after = "") {
  // A .ts module outside an ES package comes in as CommonJS: its exports are on `default`.
  const script = `const load = async (file) => { const m = await import(file); return m.default ?? m; };
const { register } = await load(${JSON.stringify(path.join(ROOT, "instrumentation.ts"))});
await register();
${after}`;
  const result = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), ["--input-type=module", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30_000,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NEXT_RUNTIME: "nodejs", NODE_ENV: "test", ...vars },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("start-up", () => {
  it("stops the server on a bad environment, naming every problem in Chinese and English", () => {
    const run = start({ SIGN_IN_WINDOW_SECONDS: "abc", DUTYBOARD_TODAY: "2026/11/20" }, `console.log("started");`);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("started");
    expect(run.stderr).toContain("Invalid environment");
    expect(run.stderr).toContain("环境变量无效");
    expect(run.stderr.split("\n").filter((l) => l.includes("SIGN_IN_WINDOW_SECONDS"))).toHaveLength(2);
    expect(run.stderr.split("\n").filter((l) => l.includes("DUTYBOARD_TODAY"))).toHaveLength(2);
  });

  it("validates once: a variable changed after start is not read again", () => {
    const run = start(
      { SIGN_IN_WINDOW_SECONDS: "600", TABLE_SERVER_ROWS: "" },
      `const { env } = await load(${JSON.stringify(path.join(ROOT, "lib/env.ts"))});
process.env.SIGN_IN_WINDOW_SECONDS = "abc";
console.log(JSON.stringify({ window: env().SIGN_IN_WINDOW_SECONDS, rows: env().TABLE_SERVER_ROWS, emptied: "TABLE_SERVER_ROWS" in process.env }));`,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // An empty variable counts as unset: removed at start, so its default applies here and in libraries that read it themselves.
    expect(JSON.parse(run.stdout.trim().split("\n").at(-1)!)).toEqual({ window: 600, rows: 3000, emptied: false });
  });
});
