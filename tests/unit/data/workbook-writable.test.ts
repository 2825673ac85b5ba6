/** /api/health is not ok while the web cannot save: the workbook or its directory is not writable. */
import { spawnSync } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const WORKER = path.resolve("tests/support/workbook-writable-worker.ts");
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dutyboard-writable-"));
  await chmod(dir, 0o755);
  return async () => {
    // Read-only directories must be writable again to be removed.
    for (const sub of ["read-only-dir", "read-only-file", "writable"]) await chmod(path.join(dir, sub), 0o777).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
});

/** Asks as an unprivileged user (root may write anything, so the check would say nothing). */
function askAsServer(dataFile: string): unknown {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const run = spawnSync(process.execPath, ["--import", "tsx", WORKER], {
    env: { ...process.env, DATA_FILE: dataFile, SHEETS_BACKEND: "xlsx" },
    encoding: "utf8",
    ...asNobody,
  });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout);
}

async function workbookIn(name: string, dirMode: number, fileMode: number): Promise<string> {
  const sub = path.join(dir, name);
  await mkdir(sub);
  const file = path.join(sub, "dutyboard.xlsx");
  await writeFile(file, "x");
  await chmod(file, fileMode);
  await chmod(sub, dirMode);
  return file;
}

describe("whether the workbook can be written", () => {
  it("is a fault when the file or its directory is read-only, and none when both are writable", async () => {
    expect(askAsServer(await workbookIn("read-only-dir", 0o555, 0o666))).toEqual({ code: "workbook-not-writable" });
    expect(askAsServer(await workbookIn("read-only-file", 0o777, 0o444))).toEqual({ code: "workbook-not-writable" });
    expect(askAsServer(await workbookIn("writable", 0o777, 0o666))).toBeNull();
  });
});
