/**
 * `npm run lint` is worth something only if it fails: the project's own lint
 * configs, copied with a tiny fixture tree into a temporary folder (the real
 * tree is never touched), pass while the fixture is clean and fail — naming
 * the rule — on a layering breach (dependency-cruiser), a dead export (knip)
 * and unformatted code (Biome).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "node_modules/.bin");
const run = promisify(execFile);
const ROOT_PACKAGE = readFileSync(path.join(ROOT, "package.json"), "utf8");

let dir: string;

async function put(file: string, text: string) {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

/** A lint tool's exit code and everything it printed, run in the fixture folder with the project's config. */
async function tool(name: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(path.join(BIN, name), args, { cwd: dir, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

// The same three tools, with the same arguments as package.json's lint script (minus the folders the fixture lacks).
const LINT = "biome check . && depcruise lib scripts --config .dependency-cruiser.cjs && knip";
const biome = () => tool("biome", ["check", "--vcs-enabled=false", "."]);
const depcruise = () => tool("depcruise", ["lib", "scripts", "--config", ".dependency-cruiser.cjs"]);
const knip = () => tool("knip", ["--no-progress"]);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dutyboard-lint-"));
  for (const config of ["biome.jsonc", ".dependency-cruiser.cjs", "knip.jsonc", "tsconfig.json"])
    await copyFile(path.join(ROOT, config), path.join(dir, config));
  await symlink(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  // The lint tools as the project lists them, so knip's plugins know their configs as the real tree's do.
  const devDependencies = Object.fromEntries(
    ["@biomejs/biome", "dependency-cruiser", "knip"].map((name) => [
      name,
      (JSON.parse(ROOT_PACKAGE) as { devDependencies: Record<string, string> }).devDependencies[name],
    ]),
  );
  await put("package.json", `${JSON.stringify({ name: "lint-fixture", private: true, type: "module", scripts: { lint: LINT }, devDependencies }, null, 2)}\n`);
  // A clean little house: schema → domain → data, entered by one script.
  await put("lib/schema/cells.ts", 'export function cellText(value: unknown): string {\n  return String(value ?? "");\n}\n');
  await put(
    "lib/domain/light.ts",
    'import { cellText } from "../schema/cells";\n\nexport function light(progress: unknown): string {\n  return cellText(progress) === "100" ? "green" : "red";\n}\n',
  );
  await put("lib/data/view.ts", 'import { light } from "../domain/light";\n\nexport const viewOf = (progress: unknown) => ({ light: light(progress) });\n');
  await put("scripts/main.ts", 'import { viewOf } from "../lib/data/view";\n\nconsole.log(viewOf(100));\n');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("npm run lint fails on what it promises to catch", () => {
  it("passes the clean fixture with the project's configs", async () => {
    for (const result of await Promise.all([biome(), depcruise(), knip()])) expect(result.code, result.output).toBe(0);
  });

  it("fails on a layering breach, naming the rule (dependency-cruiser)", async () => {
    // The domain reaching up into the data layer.
    await put("lib/domain/reach-up.ts", 'import { viewOf } from "../data/view";\n\nexport const lightOf = (p: unknown) => viewOf(p).light;\n');
    await put("scripts/uses-reach-up.ts", 'import { lightOf } from "../lib/domain/reach-up";\n\nconsole.log(lightOf(1));\n');
    const result = await depcruise();
    await rm(path.join(dir, "lib/domain/reach-up.ts"));
    await rm(path.join(dir, "scripts/uses-reach-up.ts"));
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/domain-is-pure/u);
    expect(result.output).toMatch(/lib\/domain\/reach-up\.ts/u);
  });

  it("fails on a dead export, naming it (knip)", async () => {
    await put(
      "lib/schema/cells.ts",
      'export function cellText(value: unknown): string {\n  return String(value ?? "");\n}\n\nexport function neverCalled(): number {\n  return 1;\n}\n',
    );
    const result = await knip();
    await put("lib/schema/cells.ts", 'export function cellText(value: unknown): string {\n  return String(value ?? "");\n}\n');
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Unused exports/u);
    expect(result.output).toMatch(/neverCalled/u);
  });

  it("fails on unformatted code, naming the file (Biome)", async () => {
    await put("lib/schema/ugly.ts", "export const  answer =  {a:1,  b :2}\n");
    await put("scripts/uses-ugly.ts", 'import { answer } from "../lib/schema/ugly";\n\nconsole.log(answer);\n');
    const result = await biome();
    await rm(path.join(dir, "lib/schema/ugly.ts"));
    await rm(path.join(dir, "scripts/uses-ugly.ts"));
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/format/iu);
    expect(result.output).toMatch(/lib\/schema\/ugly\.ts/u);
  });
});
