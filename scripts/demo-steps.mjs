/**
 * What `npm run demo` does before the server starts, in plain Node (it runs
 * before the dependencies are installed): install only when package-lock.json
 * changed since the last install, build only when the sources changed since
 * the last build, and say which.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The install stamp: the hash of package-lock.json that node_modules was installed from. */
export const INSTALL_STAMP = "node_modules/.dutyboard-install";
/** The build stamp, inside .next so that a wiped or half-done build has none. */
export const BUILD_STAMP = ".next/dutyboard-build-sources";
/** What the production build is made from. */
export const BUILD_INPUTS = [
  "app",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];

function sha256(data) {
  return createHash("sha256").update(data).digest("hex");
}

function readStamp(file) {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
}

function filesUnder(root, rel) {
  const full = path.join(root, rel);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [rel];
  return readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(root, path.posix.join(rel, name)));
}

/** One hash over the build inputs' names and contents. */
export function sourcesHash(root) {
  const hash = createHash("sha256");
  for (const rel of BUILD_INPUTS.flatMap((input) => filesUnder(root, input))) {
    hash.update(`${rel}\0`);
    hash.update(readFileSync(path.join(root, rel)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/**
 * Whether to run `npm ci`: "absent" (no node_modules or no stamp), "changed"
 * (package-lock.json differs from the last install) or "same".
 */
export function installDecision(root) {
  const lock = sha256(readFileSync(path.join(root, "package-lock.json")));
  const stamp = existsSync(path.join(root, "node_modules")) ? readStamp(path.join(root, INSTALL_STAMP)) : undefined;
  return { kind: stamp === undefined ? "absent" : stamp === lock ? "same" : "changed", hash: lock };
}

/** Whether to run `next build`: "absent" (no build or no stamp), "changed" or "same". */
export function buildDecision(root) {
  const sources = sourcesHash(root);
  const built = existsSync(path.join(root, ".next/BUILD_ID")) ? readStamp(path.join(root, BUILD_STAMP)) : undefined;
  return { kind: built === undefined ? "absent" : built === sources ? "same" : "changed", hash: sources };
}

export const MESSAGES = {
  install: {
    absent: "正在安装依赖（npm ci）…",
    changed: "package-lock.json 已变化，正在重新安装依赖（npm ci）…",
    forced: "按要求重新安装依赖（npm ci）…",
    same: "依赖未变，跳过安装",
  },
  build: {
    absent: "正在构建看板（约一分钟）…",
    changed: "源码已变化，正在重新构建看板（约一分钟）…",
    forced: "按要求重新构建看板（约一分钟）…",
    same: "源码未变，跳过构建",
  },
};

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/gu;

/**
 * Lines of Next's output a demo user cannot act on: the experimental-feature
 * notice (authInterrupts is what makes 403 pages real 403s; nothing to do about it).
 */
export function isNoise(line) {
  const plain = line.replace(ANSI, "");
  return /Experiments \(use with caution\)/u.test(plain) || /^\s*\S\s+authInterrupts\b/u.test(plain);
}

/** Runs a command, passing its output through without the noise; resolves to its exit code. */
export function runQuietly(command, args, { cwd, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["inherit", "pipe", "pipe"] });
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let rest = "";
      stream.on("data", (chunk) => {
        const lines = (rest + chunk.toString()).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) if (!isNoise(line)) out.write(`${line}\n`);
      });
      stream.on("end", () => {
        if (rest && !isNoise(rest)) out.write(rest);
      });
    }
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/** `npm ci` unless package-lock.json is what node_modules was installed from. */
export async function ensureInstalled({ root, force = false, log = console.log, npm = process.env.npm_execpath }) {
  const decision = installDecision(root);
  if (decision.kind === "same" && !force) {
    log(MESSAGES.install.same);
    return { ran: false };
  }
  log(force ? MESSAGES.install.forced : MESSAGES.install[decision.kind]);
  // Under `npm run`, npm_execpath is npm's own CLI script; otherwise npm on PATH.
  const [command, args] = npm && /\.[cm]?js$/u.test(npm) ? [process.execPath, [npm]] : ["npm", []];
  const code = await runQuietly(command, [...args, "ci", "--no-audit", "--no-fund"], { cwd: root });
  if (code !== 0) throw new Error(`npm ci 失败（退出码 ${code}）`);
  writeFileSync(path.join(root, INSTALL_STAMP), `${decision.hash}\n`);
  return { ran: true };
}

/** `next build` unless the sources are those of the last successful build. */
export async function ensureBuilt({ root, force = false, log = console.log, env = process.env }) {
  const decision = buildDecision(root);
  if (decision.kind === "same" && !force) {
    log(MESSAGES.build.same);
    return { ran: false };
  }
  log(force ? MESSAGES.build.forced : MESSAGES.build[decision.kind]);
  const code = await runQuietly(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, env });
  if (code !== 0) throw new Error(`构建失败（退出码 ${code}）`);
  writeFileSync(path.join(root, BUILD_STAMP), `${decision.hash}\n`);
  return { ran: true };
}
