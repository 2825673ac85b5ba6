/**
 * `npm run demo` restarts in seconds: it installs only when package-lock.json
 * changed since the last install and builds only when the sources changed
 * since the last build. The real steps run in a scratch project whose `npm`
 * and `next` are stand-ins that record each run.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MESSAGES, buildDecision, ensureBuilt, ensureInstalled, installDecision, isNoise } from "../../scripts/demo-steps.mjs";

let root: string;

/** How many times the stand-in ran with this command. */
function runs(command: "ci" | "build"): number {
  const file = path.join(root, "runs.log");
  return existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l === command).length
    : 0;
}

function write(rel: string, text: string) {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "dutyboard-demo-"));
  write("package.json", '{"name":"scratch"}\n');
  write("package-lock.json", '{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.0"}}}\n');
  write("app/page.tsx", "export default function Page() { return null; }\n");
  write("lib/figures.ts", "export const answer = 42;\n");
  // npm ci: empties node_modules and puts next back, as the real one would.
  write(
    "fake-npm.js",
    `const fs = require("node:fs"), path = require("node:path");
     fs.appendFileSync(path.join(process.cwd(), "runs.log"), process.argv[2] + "\\n");
     fs.rmSync(path.join(process.cwd(), "node_modules"), { recursive: true, force: true });
     fs.mkdirSync(path.join(process.cwd(), "node_modules/next/dist/bin"), { recursive: true });
     fs.copyFileSync(path.join(process.cwd(), "fake-next.js"), path.join(process.cwd(), "node_modules/next/dist/bin/next"));`,
  );
  write(
    "fake-next.js",
    `const fs = require("node:fs"), path = require("node:path");
     fs.appendFileSync(path.join(process.cwd(), "runs.log"), process.argv[2] + "\\n");
     fs.mkdirSync(path.join(process.cwd(), ".next"), { recursive: true });
     fs.writeFileSync(path.join(process.cwd(), ".next/BUILD_ID"), "x");
     console.log("- Experiments (use with caution):");
     console.log("  ✓ authInterrupts");
     console.log("Compiled successfully");`,
  );
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

async function demoStart(): Promise<string[]> {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  await ensureInstalled({ root, log, npm: path.join(root, "fake-npm.js") });
  await ensureBuilt({ root, log });
  return lines;
}

describe("npm run demo: install and build only when needed", () => {
  it("installs and builds on a fresh clone, then a second start does neither and says so", async () => {
    expect(installDecision(root).kind).toBe("absent");
    expect(buildDecision(root).kind).toBe("absent");
    expect(await demoStart()).toEqual([MESSAGES.install.absent, MESSAGES.build.absent]);
    expect([runs("ci"), runs("build")]).toEqual([1, 1]);

    expect(await demoStart()).toEqual(["依赖未变，跳过安装", "源码未变，跳过构建"]);
    expect([runs("ci"), runs("build")]).toEqual([1, 1]);
  });

  it("rebuilds, without reinstalling, when a source file changed", async () => {
    await demoStart();
    write("lib/figures.ts", "export const answer = 43;\n");
    expect(await demoStart()).toEqual([MESSAGES.install.same, MESSAGES.build.changed]);
    expect([runs("ci"), runs("build")]).toEqual([1, 2]);
  });

  it("rebuilds when a source file is added, not when something outside the build changes", async () => {
    await demoStart();
    write("data/dutyboard.xlsx", "edited by hand");
    write("README.md", "# changed");
    expect(await demoStart()).toEqual([MESSAGES.install.same, MESSAGES.build.same]);
    write("app/visits/page.tsx", "export default function Visits() { return null; }\n");
    expect(await demoStart()).toEqual([MESSAGES.install.same, MESSAGES.build.changed]);
    expect(runs("build")).toBe(2);
  });

  it("reinstalls and rebuilds when package-lock.json changed", async () => {
    await demoStart();
    write("package-lock.json", '{"lockfileVersion":3,"packages":{"node_modules/a":{"version":"1.0.1"}}}\n');
    expect(installDecision(root).kind).toBe("changed");
    expect(await demoStart()).toEqual([MESSAGES.install.changed, MESSAGES.build.changed]);
    expect([runs("ci"), runs("build")]).toEqual([2, 2]);
  });

  it("builds again when the last build is gone or never finished (no stamp beside its BUILD_ID)", async () => {
    await demoStart();
    rmSync(path.join(root, ".next"), { recursive: true });
    expect(await demoStart()).toEqual([MESSAGES.install.same, MESSAGES.build.absent]);
    rmSync(path.join(root, ".next/dutyboard-build-sources"));
    expect(buildDecision(root).kind).toBe("absent");
  });

  it("installs when node_modules was deleted, even though nothing else changed", async () => {
    await demoStart();
    rmSync(path.join(root, "node_modules"), { recursive: true });
    expect(installDecision(root).kind).toBe("absent");
  });

  it("keeps Next's experimental-feature notice out of the demo's output, and nothing else", () => {
    expect(isNoise("\u001b[1m- Experiments (use with caution):\u001b[22m")).toBe(true);
    expect(isNoise("  \u001b[1m✓\u001b[22m authInterrupts")).toBe(true);
    expect(isNoise("✓ Ready in 312ms")).toBe(false);
    expect(isNoise("Error: authInterrupts is broken")).toBe(false);
  });
});
