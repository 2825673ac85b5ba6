/**
 * The parsed workbook kept on disk beside it (lib/sheets/snapshot-disk.ts):
 * a restarted store reads the same tabs as the plain reader without reading
 * the workbook, a snapshot of another version of the file is never served,
 * and one that cannot be read is read past.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tasksTab } from "@/lib/schema/tabs";
import { diskKeyNow, diskSnapshotPathOf, readDiskSnapshot, writeDiskSnapshot } from "@/lib/sheets/snapshot-disk";
import { readWorkbookFast } from "@/lib/sheets/xlsx-fast-reader";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { sampleData, sleep } from "./writes-support";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "snapshot-disk-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The snapshot is written just after the answer: wait until it holds this version of the file. */
async function snapshotFor(file: string) {
  const key = (await diskKeyNow(file))!;
  for (let i = 0; i < 200; i++) {
    const tabs = await readDiskSnapshot(file, key);
    if (tabs) return tabs;
    await sleep(25);
  }
  throw new Error("no snapshot written");
}

describe("on-disk snapshot of the parsed workbook", () => {
  it("gives a restarted store the same tabs as the plain reader, and follows every write", async () => {
    const file = path.join(dir, "book.xlsx");
    const store = new XlsxStore(file, { backups: 0, diskSnapshot: 0 });
    await store.create(sampleData());
    const plain = await readWorkbookFast(file);
    expect((await store.readAll()).tabs).toEqual(plain);
    expect(await snapshotFor(file)).toEqual(plain);

    // A restart: a new store reads the snapshot, the same tabs.
    expect((await new XlsxStore(file, { diskSnapshot: 0 }).readAll()).tabs).toEqual(plain);

    // A write: the snapshot kept after it is the new file's, as the plain reader reads it.
    const task = (await readWorkbookFast(file)).find((t) => t.title === tasksTab.title)!;
    const id = String(task.rows.find((r) => String(r.cells[0] ?? "").startsWith("RW-"))!.cells[0]);
    expect(await store.updateById(tasksTab, id, { notes: "快照之后的修改" })).toMatchObject({ ok: true });
    const after = await readWorkbookFast(file);
    expect(after).not.toEqual(plain);
    expect(await snapshotFor(file)).toEqual(after);
    expect((await new XlsxStore(file, { diskSnapshot: 0 }).readAll()).tabs).toEqual(after);
  });

  it("is used only for the version of the file it was made from", async () => {
    const file = path.join(dir, "versions.xlsx");
    const store = new XlsxStore(file, { backups: 0, diskSnapshot: 0 });
    await store.create(sampleData());
    const plain = await readWorkbookFast(file);
    // A snapshot made for this very version is what a restarted store serves (it does not read the workbook)…
    const marked = plain.map((t, i) => (i === 0 ? { ...t, title: `${t.title}（快照）` } : t));
    await writeDiskSnapshot(file, (await diskKeyNow(file))!, marked);
    expect((await new XlsxStore(file, { diskSnapshot: 0 }).readAll()).tabs).toEqual(marked);

    // …and once the file changes (an office save), that snapshot is read past: the file is read again.
    const before = await stat(file);
    await new XlsxStore(file, { backups: 0, diskSnapshot: false }).create(sampleData().slice(1), { force: true });
    expect((await stat(file)).mtimeMs).not.toBe(before.mtimeMs);
    expect((await new XlsxStore(file, { diskSnapshot: 0 }).readAll()).tabs).toEqual(await readWorkbookFast(file));
  });

  it("reads the workbook when the snapshot is torn or foreign", async () => {
    const file = path.join(dir, "torn.xlsx");
    await new XlsxStore(file, { backups: 0, diskSnapshot: false }).create(sampleData());
    await mkdir(path.dirname(diskSnapshotPathOf(file)), { recursive: true });
    await writeFile(diskSnapshotPathOf(file), "not a snapshot");
    expect((await new XlsxStore(file, { diskSnapshot: 0 }).readAll()).tabs).toEqual(await readWorkbookFast(file));
  });
});
