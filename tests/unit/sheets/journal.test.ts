/**
 * The write journal on its own, on real files: lines appended and folded by
 * ID, status changes as new lines, one winner per claim, several processes
 * appending at once, and day files past the window archived without losing
 * an unsettled entry.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Journal, journalDirOf, type JournalEntry } from "@/lib/sheets/journal";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "journal-unit-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(over: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id: `e-${Math.random().toString(36).slice(2)}`,
    at: new Date().toISOString(),
    login: "zhang",
    tab: "任务",
    rowId: "RW-2026-001",
    kind: "update",
    action: "更新任务进度",
    before: { progress: 10, doneOn: new Date("2026-03-05T00:00:00.000Z") },
    after: { progress: 60, doneOn: null },
    input: { progress: 60, doneOn: null },
    status: "written",
    ...over,
  };
}

describe("the write journal", () => {
  it("sits beside the workbook, named after it", () => {
    expect(journalDirOf("/srv/data/dutyboard.xlsx")).toBe("/srv/data/.dutyboard.xlsx.journal");
  });

  it("reads back what was appended, dates as dates, and the latest status of each entry", () => {
    const journal = new Journal(path.join(dir, "basic"));
    const a = entry();
    const b = entry({ kind: "append", rowId: "ZF-2026-009", before: null, status: "pending" });
    journal.append(a);
    journal.append(b);
    journal.setStatus({ id: a.id, status: "conflict", workbook: { progress: 35, doneOn: null } });
    journal.setStatus({ id: b.id, status: "applied" });

    const records = journal.read();
    expect(records.map((r) => [r.id, r.status])).toEqual([
      [a.id, "conflict"],
      [b.id, "applied"],
    ]);
    expect(records[0]!.before!.doneOn).toEqual(new Date("2026-03-05T00:00:00.000Z"));
    expect(records[0]!.workbook).toEqual({ progress: 35, doneOn: null });
  });

  it("gives a pending entry to the first claim only", () => {
    const where = path.join(dir, "claim");
    const first = new Journal(where);
    const second = new Journal(where); // another process
    const e = entry({ status: "pending" });
    first.append(e);
    expect(first.claim(e.id, "p1")?.claim).toBe("p1");
    expect(second.claim(e.id, "p2")).toBeUndefined();
    // Released (the workbook still held): claimable again.
    first.setStatus({ id: e.id, status: "pending" });
    expect(second.claim(e.id, "p2")?.claim).toBe("p2");
    second.setStatus({ id: e.id, status: "applied" });
    expect(first.claim(e.id, "p3")).toBeUndefined();
  });

  it("when two processes both saw it pending and both appended a claim, the first line wins for both", () => {
    const where = path.join(dir, "claim-race");
    const first = new Journal(where);
    const second = new Journal(where);
    const e = entry({ status: "pending" });
    first.append(e);
    first.setStatus({ id: e.id, status: "claimed", claim: "p1" });
    second.setStatus({ id: e.id, status: "claimed", claim: "p2" });
    expect(first.read()[0]).toMatchObject({ status: "claimed", claim: "p1" });
    expect(second.read()[0]).toMatchObject({ status: "claimed", claim: "p1" });
  });

  it("lets a claim left by a process that died be taken over once it is stale", () => {
    const where = path.join(dir, "claim-stale");
    const journal = new Journal(where);
    const e = entry({ status: "pending" });
    journal.append(e);
    journal.setStatus({ id: e.id, status: "claimed", claim: "dead", at: new Date(Date.now() - 10 * 60_000).toISOString() });
    expect(journal.claim(e.id, "alive")?.claim).toBe("alive");
  });

  it("keeps every line whole when several processes append at once", async () => {
    const where = path.join(dir, "processes");
    const script = path.join(dir, "append-many.ts");
    await writeFile(
      script,
      `import { Journal } from ${JSON.stringify(path.resolve("lib/sheets/journal.ts"))};
const j = new Journal(process.argv[2]);
for (let i = 0; i < 150; i++) j.append({ id: process.argv[3] + "-" + i, at: new Date().toISOString(), login: "x", tab: "走访", rowId: "R" + i, kind: "append", action: "新增走访", before: null, after: { summary: "很长的内容".repeat(400 + i) }, input: {}, status: "written" });
`,
    );
    const run = promisify(execFile);
    await Promise.all(["a", "b", "c"].map((name) => run(path.resolve("node_modules/.bin/tsx"), [script, where, name])));
    const files = await readdir(where);
    const lines = (await Promise.all(files.map((f) => readFile(path.join(where, f), "utf8")))).join("").split("\n").filter(Boolean);
    expect(lines).toHaveLength(450);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(new Journal(where).read()).toHaveLength(450);
  });

  it("archives day files past the window, carrying unsettled entries into today's", async () => {
    const where = path.join(dir, "compact");
    const journal = new Journal(where, { windowDays: 7 });
    const old = new Date(Date.now() - 20 * 86_400_000).toISOString();
    const settled = entry({ at: old, status: "written" });
    const waiting = entry({ at: old, status: "pending" });
    const disputed = entry({ at: old, status: "written" });
    const oldFile = path.join(where, `${old.slice(0, 10)}.jsonl`);
    await import("node:fs/promises").then((fs) => fs.mkdir(where, { recursive: true }));
    const lines = [
      { t: "entry", ...settled },
      { t: "entry", ...waiting },
      { t: "entry", ...disputed },
      { t: "status", id: disputed.id, at: old, status: "conflict", workbook: { progress: 99 } },
    ];
    await writeFile(oldFile, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);

    expect(journal.compact().archived).toEqual([path.basename(oldFile)]);
    expect(await readdir(path.join(where, "archive"))).toEqual([path.basename(oldFile)]);
    const kept = journal.read();
    expect(kept.map((r) => [r.id, r.status]).sort()).toEqual(
      [
        [waiting.id, "pending"],
        [disputed.id, "conflict"],
      ].sort(),
    );
    expect(kept.find((r) => r.id === disputed.id)!.workbook).toEqual({ progress: 99 });
    // Nothing left to archive a second time.
    expect(journal.compact().archived).toEqual([]);
  });

  it("is set aside whole when the workbook is replaced by a new one, so nothing is replayed into it", () => {
    const where = path.join(dir, "aside");
    const journal = new Journal(where);
    journal.append(entry());
    const moved = journal.setAside();
    expect(moved).toMatch(/aside\.replaced-/u);
    expect(journal.read()).toEqual([]);
    expect(new Journal(moved!).read()).toHaveLength(1);
    expect(journal.setAside()).toBeUndefined();
  });

  it("skips a line torn by a crash and keeps the rest", async () => {
    const where = path.join(dir, "torn");
    const journal = new Journal(where);
    const e = entry();
    journal.append(e);
    const [file] = await readdir(where);
    await writeFile(path.join(where, file!), `${await readFile(path.join(where, file!), "utf8")}{"t":"entry","id":"half`);
    expect(journal.read().map((r) => r.id)).toEqual([e.id]);
  });
});
