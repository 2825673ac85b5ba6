/**
 * `npm run demo`, step one, in plain Node because tsx may not be installed yet:
 * install the dependencies when package-lock.json changed since the last
 * install, then hand over to scripts/demo.ts (which builds when the sources
 * changed, seeds if needed and starts). `--reinstall` and `--rebuild` force
 * either step.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureInstalled } from "./demo-steps.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);

try {
  await ensureInstalled({ root, force: args.includes("--reinstall") });
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}

// No telemetry notice in the demo; DUTYBOARD_TELEMETRY=1 leaves Next's own setting alone.
const env = { ...process.env };
if (env.DUTYBOARD_TELEMETRY !== "1") env.NEXT_TELEMETRY_DISABLED = "1";

const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "scripts/demo.ts"), ...args], {
  cwd: root,
  stdio: "inherit",
  env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
