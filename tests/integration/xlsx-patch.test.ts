/**
 * The workbook written part by part (lib/sheets/xlsx-patch.ts): a web write
 * changes only the worksheets it writes to and keeps everything else a person
 * put in the workbook byte for byte; it gives exactly what the old exceljs
 * path gave; it never renames over a file it did not read; and a value XML
 * cannot carry does not break the workbook.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CellValue, RawTab } from "@/lib/schema/cells";
import { auditTab, tasksTab, usersTab, visitsTab } from "@/lib/schema/tabs";
import type { RowInput } from "@/lib/sheets/store";
import { readWorkbookFast } from "@/lib/sheets/xlsx-fast-reader";
import { readWorkbookWhole, XlsxStore } from "@/lib/sheets/xlsx-store";
import { editWithLibreOffice, libreOfficeAvailable, LIBREOFFICE_PACKAGES } from "../support/libreoffice";
import { rowsOf, seededWorkbook } from "./writes-support";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "write-patch-"));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Every zip entry as stored: method, CRC and the compressed bytes, in file order. */
function zipEntries(bytes: Buffer): { name: string; method: number; crc: number; data: Buffer }[] {
  let eocd = bytes.length - 22;
  while (eocd >= 0 && bytes.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const entries: { name: string; method: number; crc: number; data: Buffer; offset: number }[] = [];
  for (let n = 0; n < count; n++) {
    const nameLength = bytes.readUInt16LE(at + 28);
    const name = bytes.toString("utf8", at + 46, at + 46 + nameLength);
    const offset = bytes.readUInt32LE(at + 42);
    const start = offset + 30 + bytes.readUInt16LE(offset + 26) + bytes.readUInt16LE(offset + 28);
    const data = bytes.subarray(start, start + bytes.readUInt32LE(at + 20));
    entries.push({ name, method: bytes.readUInt16LE(at + 10), crc: bytes.readUInt32LE(at + 16), data, offset });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries.sort((a, b) => a.offset - b.offset).map(({ name, method, crc, data }) => ({ name, method, crc, data }));
}

function entryText(bytes: Buffer, name: string): string {
  const entry = zipEntries(bytes).find((e) => e.name === name);
  if (!entry) throw new Error(`no ${name}`);
  return (entry.method === 8 ? inflateRawSync(entry.data) : entry.data).toString("utf8");
}

/** The worksheet part behind a tab title. */
function sheetPart(bytes: Buffer, title: string): string {
  const book = entryText(bytes, "xl/workbook.xml");
  const rels = entryText(bytes, "xl/_rels/workbook.xml.rels");
  const rId = new RegExp(`<sheet [^>]*name="${title}"[^>]*r:id="([^"]+)"`, "u").exec(book)?.[1];
  const target =
    new RegExp(`<Relationship [^>]*Id="${rId}"[^>]*Target="([^"]+)"`, "u").exec(rels)?.[1] ??
    new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${rId}"`, "u").exec(rels)?.[1];
  if (!target) throw new Error(`no part for ${title}`);
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
}

/** A small, repeatable random source, so a failing sequence can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Excel's sheet password: SHA-512 over salt and UTF-16LE password, then spun with the iteration number. */
function excelPasswordHash(password: string): string {
  const salt = Buffer.from("0123456789abcdef");
  let hash = createHash("sha512")
    .update(Buffer.concat([salt, Buffer.from(password, "utf16le")]))
    .digest();
  for (let i = 0; i < 1000; i++) {
    const n = Buffer.alloc(4);
    n.writeUInt32LE(i);
    hash = createHash("sha512")
      .update(Buffer.concat([hash, n]))
      .digest();
  }
  return `algorithmName="SHA-512" hashValue="${hash.toString("base64")}" saltValue="${salt.toString("base64")}" spinCount="1000"`;
}

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");

describe("a web write patches the workbook", () => {
  for (const savedBy of ["exceljs", "LibreOffice"] as const) {
    it(`gives the same results and the same workbook as the exceljs path, write after random write (saved by ${savedBy})`, async () => {
      const seeded = await seededWorkbook(dir, `diff-patch-${savedBy}.xlsx`);
      // A workbook a person last saved in LibreOffice: its own shared strings, styles and row attributes.
      if (savedBy === "LibreOffice") await editWithLibreOffice(seeded.file, [{ sheet: tasksTab.title, op: "set", cell: "Z1", value: null }]);
      const refFile = path.join(dir, `diff-exceljs-${savedBy}.xlsx`);
      const protectedBefore = (await readWorkbookFast(seeded.file)).map((t) => [t.title, t.protected]);
      expect(protectedBefore).toContainEqual([usersTab.title, true]);
      await copyFile(seeded.file, refFile);
      const patch = new XlsxStore(seeded.file, { backups: 0 });
      const ref = new XlsxStore(refFile, { backups: 0, writer: "exceljs" });

      const rand = random(20261207);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const taskIds = (await rowsOf(ref, tasksTab)).map((r) => String(r.cells.id));
      const appended: string[] = [];
      const texts = ["已完成初稿", "  前后有空格  ", "=SUM(A1:A3)", 'a & b < c > d "引号"', "换行\n第二行", "含\uFFFF非法\u0001字符", "😀 表情", ""];
      const logOf = (what: string) => ({
        spec: auditTab,
        rows: (r: unknown) => [{ at: { dateTime: "2026-11-20T08:00:00Z" }, login: "tester", action: what, after: JSON.stringify(r) }],
      });
      let idCounter = 0;
      const newId = () => `ZF-NEW-${String(++idCounter).padStart(3, "0")}`;

      const seen = new Set<string>();
      for (let step = 0; step < 40; step++) {
        const kind = pick(["update", "update", "update", "append", "append", "retry", "blankId", "duplicate"] as const);
        type Outcome =
          | Awaited<ReturnType<XlsxStore["updateById"]>>
          | Awaited<ReturnType<XlsxStore["append"]>>
          | Awaited<ReturnType<XlsxStore["assignMissingIds"]>>;
        let run: (s: XlsxStore) => Promise<Outcome>;
        if (kind === "update") {
          const id = rand() < 0.1 ? "RW-NOT-THERE" : pick(taskIds);
          const changes: RowInput = {};
          if (rand() < 0.7) changes.notes = pick(texts);
          if (rand() < 0.4) changes.progress = Math.floor(rand() * 101);
          if (rand() < 0.3) changes.doneOn = { date: `2026-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-15` };
          if (rand() < 0.3)
            changes.updatedAt = { dateTime: new Date(Date.UTC(2026, 10, 1 + Math.floor(rand() * 20), Math.floor(rand() * 24), 7, 9)).toISOString() };
          if (rand() < 0.2) changes.status = null;
          const current = (await rowsOf(ref, tasksTab)).find((r) => r.cells.id === id)?.cells;
          let expected: Record<string, CellValue> | undefined;
          if (current && rand() < 0.5) expected = { notes: rand() < 0.3 ? "别人刚改过的备注" : (current.notes ?? null) };
          run = (s) => s.updateById(tasksTab, id, changes, expected, logOf(`update ${id}`));
        } else if (kind === "append" || (kind === "retry" && appended.length === 0)) {
          const id = `ZF-DIFF-${String(step).padStart(3, "0")}`;
          appended.push(id);
          const cadre = pick(texts) || "张三";
          run = (s) =>
            s.append(
              visitsTab,
              [
                {
                  id,
                  date: { date: "2026-11-01" },
                  cadre,
                  unit: "经棚镇",
                  contactPoint: "幸福村",
                  suggestions: step,
                  solved: 0,
                  enteredAt: { dateTime: "2026-11-01T02:03:04Z" },
                },
              ],
              logOf(`append ${id}`),
            );
        } else if (kind === "retry") {
          const id = pick(appended);
          run = (s) => s.append(visitsTab, [{ id, date: { date: "2026-11-02" }, cadre: "重试", unit: "经棚镇", contactPoint: "幸福村" }], logOf(`retry ${id}`));
        } else if (kind === "blankId") {
          // A row a person typed without an ID, then the IDs filled in.
          await Promise.all(
            [patch, ref].map((s) => s.append(visitsTab, [{ id: "", date: { date: "2026-11-03" }, cadre: "无编号", unit: "经棚镇", contactPoint: "幸福村" }])),
          );
          const start = idCounter;
          run = async (s) => {
            idCounter = start;
            return s.assignMissingIds(visitsTab, newId, logOf("assign"));
          };
        } else {
          // Two rows with one ID: the update must refuse rather than guess.
          const [a, b] = [pick(taskIds), pick(taskIds)];
          await Promise.all([patch, ref].map((s) => s.updateById(tasksTab, a, { id: b })));
          run = (s) => s.updateById(tasksTab, b, { notes: "不该写入" });
        }
        // The writer holds a read of the file, as a server does after a page load: its read after the write is
        // built from the cells it wrote, and must be what reading the file afresh gives.
        await patch.readAll();
        const [mine, theirs] = [await run(patch), await run(ref)];
        expect(mine, `step ${step} (${kind})`).toEqual(theirs);
        seen.add(mine.ok ? `ok:${kind}` : mine.reason);
        expect((await patch.readAll()).tabs, `cache after step ${step} (${kind})`).toEqual(await readWorkbookFast(seeded.file));
      }
      // A tab that is not there, and one whose header is not the spec's.
      const missingTab = { ...visitsTab, title: "不存在的表" };
      const wrongHeader = { ...visitsTab, title: tasksTab.title };
      for (const run of [
        (s: XlsxStore) => s.append(missingTab, [{ id: "ZF-X" }]),
        (s: XlsxStore) => s.updateById(wrongHeader, "ZF-X", { cadre: "x" }),
        (s: XlsxStore) => s.assignMissingIds(missingTab, newId),
      ]) {
        const [mine, theirs] = [await run(patch), await run(ref)];
        expect(mine).toEqual(theirs);
        seen.add(mine.ok ? "ok" : mine.reason);
      }
      // The sequence met every outcome the store can give a form.
      expect([...seen].sort()).toEqual(
        expect.arrayContaining(["conflict", "duplicate-id", "missing-header", "missing-tab", "not-found", "ok:append", "ok:blankId", "ok:retry", "ok:update"]),
      );

      // Every cell reads the same through both readers. Sheet protection is the one known difference: exceljs
      // drops LibreOffice's on 用户 (issue 11, item 4); the patched file keeps what the workbook had.
      const cellsOnly = (tabs: RawTab[]) => tabs.map(({ title, rows }) => ({ title, rows }));
      const [fastPatch, fastRef] = await Promise.all([readWorkbookFast(seeded.file), readWorkbookFast(refFile)]);
      expect(cellsOnly(fastPatch)).toEqual(cellsOnly(fastRef));
      const [wholePatch, wholeRef] = await Promise.all([readWorkbookWhole(seeded.file), readWorkbookWhole(refFile)]);
      expect(cellsOnly(wholePatch)).toEqual(cellsOnly(wholeRef));
      expect(fastPatch.map((t) => [t.title, t.protected])).toEqual(protectedBefore);
      expect(wholePatch.map((t) => [t.title, t.protected])).toEqual(protectedBefore);
      // The sequence did write: conflicts, refusals and landed writes alike.
      expect((await rowsOf(patch, auditTab)).length).toBeGreaterThan(10);
    }, 240_000);
  }

  it("keeps a chart, a text box, an image, a comment, custom properties and a password on 用户 byte for byte; LibreOffice opens the result", async () => {
    if (!libreOfficeAvailable()) throw new Error(`This test needs LibreOffice: apt-get install -y ${LIBREOFFICE_PACKAGES}`);
    const { file } = await seededWorkbook(dir, "decorated.xlsx");
    // An image through exceljs; the rest as a person adds it in LibreOffice, which then saves the file.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const image = wb.addImage({ buffer: PNG as unknown as ExcelJS.Buffer, extension: "png" });
    wb.getWorksheet(tasksTab.title)!.addImage(image, "R2:S4");
    await wb.xlsx.writeFile(file);
    await editWithLibreOffice(file, [
      { sheet: tasksTab.title, op: "comment", cell: "B3", text: "请核实牵头单位" },
      { sheet: tasksTab.title, op: "textBox", text: "本表由组织部维护" },
      { sheet: tasksTab.title, op: "chart", range: "A1:C8", name: "进度图" },
      { sheet: tasksTab.title, op: "customProperty", name: "来源", value: "党委办公室" },
      { sheet: usersTab.title, op: "protect" },
    ]);
    // LibreOffice exports its own password hash only as a bare sheet="true": the SHA-512 hash Excel writes goes in by hand.
    const zip = await JSZip.loadAsync(await readFile(file));
    const usersXmlPart = sheetPart(await readFile(file), usersTab.title);
    const usersXml = await zip.file(usersXmlPart)!.async("string");
    zip.file(
      usersXmlPart,
      usersXml.replace(/<sheetProtection [^>]*\/>/u, `<sheetProtection ${excelPasswordHash("mima-2026")} sheet="1" objects="1" scenarios="1"/>`),
    );
    await writeFile(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));

    const before = await readFile(file);
    const names = zipEntries(before).map((e) => e.name);
    const tasksPart = sheetPart(before, tasksTab.title);
    const usersPart = sheetPart(before, usersTab.title);
    // What the person added is all in the file LibreOffice saved.
    expect(names.some((n) => /^xl\/charts\/chart\d+\.xml$/u.test(n))).toBe(true);
    expect(names.some((n) => /^xl\/media\//u.test(n))).toBe(true);
    expect(names.some((n) => /^xl\/comments\d*\.xml$/u.test(n))).toBe(true);
    expect(
      names
        .filter((n) => /^xl\/drawings\/drawing\d+\.xml$/u.test(n))
        .map((n) => entryText(before, n))
        .join(""),
    ).toContain("本表由组织部维护");
    expect(entryText(before, "docProps/custom.xml")).toContain("党委办公室");
    expect(entryText(before, usersPart)).toMatch(/<sheetProtection [^>]*hashValue="/u);

    const store = new XlsxStore(file, { backups: 0 });
    const taskId = String((await rowsOf(store, tasksTab))[0]!.cells.id);
    const log = { spec: auditTab, rows: () => [{ at: { dateTime: "2026-11-20T08:00:00Z" }, login: "tester", action: "web write" }] };
    expect((await store.updateById(tasksTab, taskId, { notes: "网页写入的备注", progress: 55 }, undefined, log)).ok).toBe(true);
    expect(
      (await store.append(visitsTab, [{ id: "ZF-PATCH-0001", date: { date: "2026-11-05" }, cadre: "李四", unit: "经棚镇", contactPoint: "幸福村" }], log)).ok,
    ).toBe(true);

    const after = await readFile(file);
    const changed = new Set([tasksPart, sheetPart(before, visitsTab.title), sheetPart(before, auditTab.title), "xl/styles.xml"]);
    const old = zipEntries(before);
    const now = zipEntries(after);
    expect(now.map((e) => e.name)).toEqual(old.map((e) => e.name));
    for (const [i, entry] of old.entries()) {
      if (changed.has(entry.name)) continue;
      expect({ name: now[i]!.name, method: now[i]!.method, crc: now[i]!.crc }).toEqual({ name: entry.name, method: entry.method, crc: entry.crc });
      expect(now[i]!.data.equals(entry.data), entry.name).toBe(true);
    }
    // The rewritten 任务 sheet still points at its drawing and its comments.
    const tasksXml = entryText(after, tasksPart);
    expect(tasksXml).toMatch(/<drawing r:id="/u);
    expect(tasksXml).toMatch(/<legacyDrawing r:id="/u);
    expect(entryText(after, usersPart)).toBe(entryText(before, usersPart));

    // LibreOffice opens the written file and sees both writes.
    const out = path.join(dir, "csv");
    await mkdir(out, { recursive: true });
    const converted = spawnSync(
      "/usr/bin/soffice",
      [
        `-env:UserInstallation=file://${path.join(dir, "lo-profile")}`,
        "--headless",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        "--outdir",
        out,
        file,
      ],
      { timeout: 120_000, encoding: "utf8" },
    );
    expect(converted.status, converted.stderr).toBe(0);
    const csv = await Promise.all((await readdir(out)).map((f) => readFile(path.join(out, f), "utf8")));
    expect(csv.some((text) => text.includes("ZF-PATCH-0001"))).toBe(true);
    expect(csv.some((text) => text.includes("网页写入的备注"))).toBe(true);
  }, 240_000);

  it("keeps its read equal to a fresh read without reading rewritten worksheets back, except where a cell may depend on others", async () => {
    const { file } = await seededWorkbook(dir, "derived.xlsx");
    const tasks = await rowsOf(new XlsxStore(file, { backups: 0 }), tasksTab);
    const [withFormula, withDate, withPercent, other] = tasks;
    // Saved by LibreOffice (its shared strings and styles), with a formula, a date and a percentage beside three
    // tasks, and a hyperlink on 走访记录, where a cell may read as its link's address.
    await editWithLibreOffice(file, [
      { sheet: tasksTab.title, op: "set", cell: `Z${withFormula!.row}`, value: "=1+1" },
      { sheet: tasksTab.title, op: "set", cell: `Z${withDate!.row}`, value: "2026/3/5" },
      { sheet: tasksTab.title, op: "set", cell: `Z${withPercent!.row}`, value: "60%" },
      { sheet: visitsTab.title, op: "link", cell: "Z1", text: "走访记录", url: "https://example.org/visits" },
    ]);
    const store = new XlsxStore(file, { backups: 0 });
    const log = { spec: auditTab, rows: () => [{ at: { dateTime: "2026-11-20T08:00:00Z" }, login: "tester", action: "derived" }] };
    const tabOf = (tabs: RawTab[], title: string) => tabs.find((t) => t.title === title)!;
    const steps: [string, () => Promise<{ ok: boolean }>][] = [
      [
        "text, number and date on the formula's row",
        () =>
          store.updateById(tasksTab, String(withFormula!.cells.id), { notes: "新备注 & <b>", progress: 55, doneOn: { date: "2026-11-15" } }, undefined, log),
      ],
      [
        "a cleared cell before others",
        () => store.updateById(tasksTab, String(withDate!.cells.id), { status: null, updatedAt: { dateTime: "2026-11-20T01:02:03Z" } }, undefined, log),
      ],
      ["a cleared last cell", () => store.updateById(tasksTab, String(withPercent!.cells.id), { notes: "" }, undefined, log)],
      [
        "one cell written three times in one save",
        async () => {
          const id = String(other!.cells.id);
          const results = await Promise.all(["一", "二", "三"].map((n) => store.updateById(tasksTab, id, { notes: n }, undefined, log)));
          return { ok: results.every((r) => r.ok) };
        },
      ],
      [
        "a new row on a tab with a hyperlink",
        () => store.append(visitsTab, [{ id: "ZF-DERIVED-1", date: { date: "2026-11-01" }, cadre: "张三", unit: "经棚镇", contactPoint: "幸福村" }], log),
      ],
    ];
    for (const [what, write] of steps) {
      const before = await store.readAll();
      expect((await write()).ok, what).toBe(true);
      const after = await store.readAll();
      expect(after.tabs, what).toEqual(await readWorkbookFast(file));
      if (what.includes("hyperlink")) {
        // Read back whole: its rows are new objects.
        expect(tabOf(after.tabs, visitsTab.title).rows[0]).not.toBe(tabOf(before.tabs, visitsTab.title).rows[0]);
      } else {
        // Built from the cached read: a row the write did not touch is the very row read before.
        expect(tabOf(after.tabs, tasksTab.title).rows[0], what).toBe(tabOf(before.tabs, tasksTab.title).rows[0]);
      }
    }
    expect((await rowsOf(new XlsxStore(file, { backups: 0 }), tasksTab)).find((r) => r.cells.id === other!.cells.id)?.cells.notes).toBe("三");
  }, 120_000);

  it("starts again from a file someone saved between its read and its rename: both edits stay", async () => {
    const { file } = await seededWorkbook(dir, "identity.xlsx");
    const [mineId, theirsId] = (await rowsOf(new XlsxStore(file, { backups: 0 }), tasksTab)).map((r) => String(r.cells.id));
    let saves = 0;
    const store = new XlsxStore(file, {
      backups: 0,
      // A person's office save lands the moment before the app's rename.
      beforeReplace: async (f) => {
        if (saves++ > 0) return;
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(f);
        const ws = wb.getWorksheet(tasksTab.title)!;
        ws.eachRow((row) => {
          if (row.getCell(1).value === theirsId) row.getCell(Object.keys(tasksTab.columns).indexOf("notes") + 1).value = "办公软件里保存的备注";
        });
        await wb.xlsx.writeFile(`${f}.person`);
        renameSync(`${f}.person`, f);
      },
    });
    const result = await store.updateById(tasksTab, mineId!, { notes: "网页保存的备注" });
    expect(result.ok).toBe(true);
    expect(saves).toBe(2);
    const rows = await rowsOf(new XlsxStore(file, { backups: 0 }), tasksTab);
    expect(rows.find((r) => r.cells.id === mineId)?.cells.notes).toBe("网页保存的备注");
    expect(rows.find((r) => r.cells.id === theirsId)?.cells.notes).toBe("办公软件里保存的备注");
  }, 60_000);

  it("gives up as busy, writing nothing, when the file keeps changing under it", async () => {
    const { file } = await seededWorkbook(dir, "restless.xlsx");
    const [id] = (await rowsOf(new XlsxStore(file, { backups: 0 }), tasksTab)).map((r) => String(r.cells.id));
    const store = new XlsxStore(file, {
      backups: 0,
      beforeReplace: (f) => {
        // Same bytes, new file: the identity differs, and nothing the person saved may be overwritten.
        const bytes = readFileSync(f);
        writeFileSync(`${f}.person`, bytes);
        renameSync(`${f}.person`, f);
      },
    });
    await expect(store.updateById(tasksTab, id!, { notes: "不会写入" })).rejects.toMatchObject({ name: "DutyError", code: "write.kept-changing" });
    const rows = await rowsOf(new XlsxStore(file, { backups: 0 }), tasksTab);
    expect(rows.find((r) => r.cells.id === id)?.cells.notes).not.toBe("不会写入");
    expect((await readdir(dir)).filter((f) => f.startsWith("restless.xlsx.") && f.endsWith(".tmp"))).toEqual([]);
  }, 60_000);

  it("removes the temporary copies dead writers left, and keeps a live writer's", async () => {
    const { file, store } = await seededWorkbook(dir, "leftovers.xlsx");
    const dead = `${file}.999999.1700000000000.tmp`;
    const live = `${file}.${process.ppid}.${Date.now()}.tmp`;
    await writeFile(dead, "half a workbook");
    await writeFile(live, "a workbook being written");
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(dead, old, old);
    const [id] = (await rowsOf(store, tasksTab)).map((r) => String(r.cells.id));
    expect((await store.updateById(tasksTab, id!, { notes: "清理之后" })).ok).toBe(true);
    await expect(stat(dead)).rejects.toThrow();
    expect((await stat(live)).isFile()).toBe(true);
  }, 60_000);

  it("writes among cells that carry no address (placed by counting) without moving them", async () => {
    const { file } = await seededWorkbook(dir, "unaddressed.xlsx");
    const zip = await JSZip.loadAsync(await readFile(file));
    const part = sheetPart(await readFile(file), tasksTab.title);
    zip.file(part, (await zip.file(part)!.async("string")).replace(/<c r="[A-Z]+\d+"/gu, "<c"));
    await writeFile(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const before = await readWorkbookFast(file);
    const store = new XlsxStore(file, { backups: 0 });
    const target = (await rowsOf(store, tasksTab))[3]!;
    const result = await store.updateById(tasksTab, String(target.cells.id), { notes: "无地址的格" });
    expect(result.ok).toBe(true);
    // Exactly one cell differs, in the row and column meant; every other cell of every tab where it was.
    const after = await readWorkbookFast(file);
    const cells = (tabs: RawTab[]) => tabs.flatMap((t) => t.rows.flatMap((r) => r.cells.map((v, c) => ({ at: `${t.title}!${r.row}:${c}`, v }))));
    const was = new Map(cells(before).map((x) => [x.at, x.v]));
    const changed = cells(after).filter((x) => was.get(x.at) !== x.v && !(x.v instanceof Date));
    expect(changed).toEqual([{ at: expect.stringMatching(new RegExp(`^${tasksTab.title}!${target.row}:`, "u")), v: "无地址的格" }]);
  }, 60_000);

  it("keeps text that looks like an Excel escape as typed (the exceljs path turned _x0041_ into A)", async () => {
    const { file, store } = await seededWorkbook(dir, "escape.xlsx");
    const [id] = (await rowsOf(store, tasksTab)).map((r) => String(r.cells.id));
    const result = await store.updateById(tasksTab, id!, { notes: "编号_x0041_备注" });
    expect(result.ok && result.after.notes).toBe("编号_x0041_备注");
    for (const tabs of [await readWorkbookFast(file), await readWorkbookWhole(file)]) {
      expect(tabs.some((t) => t.rows.some((r) => r.cells.includes("编号_x0041_备注")))).toBe(true);
    }
  }, 60_000);

  for (const writer of ["patch", "exceljs"] as const) {
    it(`strips U+FFFF and control characters (${writer}): the workbook still opens and the next write succeeds`, async () => {
      const { file } = await seededWorkbook(dir, `guard-${writer}.xlsx`);
      const store = new XlsxStore(file, { backups: 0, writer });
      const [a, b] = (await rowsOf(store, tasksTab)).map((r) => String(r.cells.id));
      const bad = `甲\uFFFF乙\uFFFE丙\u0001丁\uD800戊`;
      const first = await store.updateById(tasksTab, a!, { notes: bad });
      expect(first.ok && first.after.notes).toBe("甲乙丙丁戊");
      // Both readers still open the file...
      const whole = await readWorkbookWhole(file);
      expect(whole.some((t) => t.rows.some((r) => r.cells.includes("甲乙丙丁戊")))).toBe(true);
      expect((await readWorkbookFast(file)).length).toBe(whole.length);
      // ...and so does the next write.
      expect((await store.updateById(tasksTab, b!, { notes: "之后的写入" })).ok).toBe(true);
      expect((await rowsOf(store, tasksTab)).find((r) => r.cells.id === b)?.cells.notes).toBe("之后的写入");
    }, 60_000);
  }
});
