import { spawn } from "node:child_process";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..");

/**
 * Runs a TypeScript file in a fresh Node process (through tsx's loader, without
 * npx's start-up) and resolves with its stdout; stderr passes through. Rejects
 * when the process fails.
 */
export function runTypeScript(file: string, args: readonly string[] = [], opts: { inheritStdout?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...args], {
      cwd: REPO_ROOT,
      stdio: ["ignore", opts.inheritStdout ? "inherit" : "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.relative(REPO_ROOT, file)} ${args.join(" ")} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}
