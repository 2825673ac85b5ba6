/**
 * Soak on the local workbook: a person edits it in LibreOffice (real, headless,
 * saving .xlsx) — typing in cells, inserting and deleting rows, sorting, and
 * changing a progress a form is open on — while the app keeps updating tasks
 * and recording visits from several writers. While LibreOffice has the file
 * open the app is refused (its lock file) and tries again later, as a person
 * pressing 保存 again would. Afterwards every intended write is present
 * exactly once in the right row and every hand edit survived or was reported
 * to the user as a conflict.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendRow, updateRow, type AppendOutcome, type UpdateOutcome } from "@/lib/data/writes";
import { newRowId } from "@/lib/forms/ids";
import { formText } from "@/lib/forms/values";
import { columnLetter } from "@/lib/schema/cells";
import { findHeaderRow, isHeaderMap } from "@/lib/schema/header";
import { tasksTab, visitsTab } from "@/lib/schema/tabs";
import { parseWorkbook } from "@/lib/schema/workbook";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { editWithLibreOffice, libreOfficeAvailable, LIBREOFFICE_PACKAGES, type HandEdit } from "../support/libreoffice";
import { depsFor, seededWorkbook, sleep } from "./writes-support";

const LIBREOFFICE_RUNS = 3;

let dir: string;

beforeAll(async () => {
  if (!libreOfficeAvailable()) throw new Error(`This soak edits the workbook with real LibreOffice: apt-get install -y ${LIBREOFFICE_PACKAGES}`);
  dir = await mkdtemp(path.join(os.tmpdir(), "dutyboard-soak-"));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const rand = (n: number) => Math.floor(Math.random() * n);
const pick = <T,>(xs: readonly T[]): T => xs[rand(xs.length)]!;

describe("soak: LibreOffice and the app on one workbook", () => {
  it("keeps every intended write exactly once and every hand edit, or says why not", async () => {
    const { file } = await seededWorkbook(dir, "soak.xlsx", 5);
    const observer = new XlsxStore(file, { backups: 0 });
    const initial = parseWorkbook(await observer.readAll());
    const tasks = initial.tasks;
    const contested = tasks.slice(0, 8).map((t) => t.id);
    const appTasks = tasks.slice(8, 38).map((t) => t.id);

    const expected = new Map<string, Map<string, string>>();
    const expect_ = (id: string, header: string, value: string) => {
      if (!expected.has(id)) expected.set(id, new Map());
      expected.get(id)!.set(header, value);
    };
    const known = new Map(tasks.map((t) => [t.id, { progress: formText(t.progress), status: formText(t.status), doneOn: formText(t.doneOn), notes: formText(t.notes) }]));
    const handRows = new Map<string, { deleted: boolean; values: Record<string, string> }>();
    const appended = new Map<string, { cadre: string; suggestions: number }>();
    const failures: string[] = [];
    const count = { updates: 0, keptMine: 0, appends: 0, conflicts: 0, tookTheirs: 0, lockedRefusals: 0, busyRefusals: 0, libreOfficeRuns: 0, libreOfficeMs: 0, handEdits: 0 };
    const started = Date.now();
    /** What happened when, to tell a lost write's story if there is one. */
    const timeline: string[] = [];
    const mark = (what: string) => timeline.push(`${String(Date.now() - started).padStart(6)} ${what}`);
    let stop = false;

    /** Sends one submission until the workbook is free: a person pressing 保存 again after being told it is open. */
    async function untilFree<T extends UpdateOutcome | AppendOutcome>(send: () => Promise<T>): Promise<T> {
      for (;;) {
        const outcome = await send();
        if (outcome.ok || (outcome.reason !== "locked" && outcome.reason !== "busy")) return outcome;
        if (outcome.reason === "locked") count.lockedRefusals++;
        else count.busyRefusals++;
        if (outcome.reason === "locked" && !outcome.message.startsWith("工作簿正在被")) failures.push(`locked message: ${outcome.message}`);
        await sleep(300 + rand(400));
      }
    }

    // ---- The app: several writers, each with its own store, as separate server processes would have.
    async function updater(name: string, own: string[]) {
      const store = new XlsxStore(file, { backups: 5 });
      for (let n = 0; !stop; n++) {
        const id = own[n % own.length]!;
        const seen = known.get(id)!;
        const progress = String((Number(seen.progress || 0) + 1 + rand(30)) % 100);
        const notes = `${name}#${n}`;
        const outcome = await untilFree(() =>
          updateRow(
            { login: name },
            tasksTab,
            id,
            { values: { progress: Number(progress), notes }, seen },
            { action: "更新任务进度", stamp: { updatedBy: name } },
            depsFor(store, { auditWaitMs: 30_000 }),
          ),
        );
        if (!outcome.ok) {
          failures.push(`${name} ${id}: ${outcome.reason} ${outcome.message}`);
          continue;
        }
        count.updates++;
        mark(`${name} wrote ${id} ${progress} ${notes}`);
        known.set(id, { ...seen, progress, notes });
        expect_(id, "进度", progress);
        expect_(id, "备注", notes);
        await sleep(100 + rand(300));
      }
    }

    async function appender() {
      const store = new XlsxStore(file, { backups: 5 });
      for (let n = 0; !stop; n++) {
        const id = newRowId("visits", 2026);
        const row = { id, date: { date: "2026-11-12" }, cadre: `走访干部${n}`, tier: "科级", unit: "经棚镇", contactPoint: "幸福村", suggestions: n % 5, solved: n % 2 };
        for (let send = 0; send < (n % 4 === 0 ? 2 : 1); send++) {
          const outcome = await untilFree(() => appendRow({ login: "appender" }, visitsTab, row, { action: "新增走访" }, depsFor(store, { auditWaitMs: 30_000 })));
          if (!outcome.ok) failures.push(`append ${id}: ${outcome.reason}`);
          else if (!outcome.repeated) {
            count.appends++;
            appended.set(id, { cadre: row.cadre, suggestions: row.suggestions });
          }
        }
        await sleep(200 + rand(400));
      }
    }

    // ---- The person, in LibreOffice: a few sittings, each opening the file, editing, saving.
    async function person() {
      const formStore = new XlsxStore(file, { backups: 5 });
      let h = 0;
      for (let run = 0; run < LIBREOFFICE_RUNS; run++) {
        await sleep(1_500 + rand(1_500));
        const raw = await observer.readAll();
        const tab = raw.tabs.find((t) => t.title === "任务")!;
        const header = findHeaderRow(tasksTab, tab.rows);
        if (!isHeaderMap(header)) throw new Error("no header");
        const letter = (key: keyof typeof tasksTab.columns) => columnLetter(header.index[key]!);
        const ledger = columnLetter(header.width); // the person's own column, right of the table
        const rowOf = new Map(tab.rows.filter((r) => r.row > header.row).map((r) => [String(r.cells[header.index.id!] ?? ""), r.row]));
        const edits: HandEdit[] = [];
        if (run === 0) edits.push({ sheet: "任务", op: "set", cell: `${ledger}${header.row}`, value: "台账备注" });
        const ledgerColumn = run === 0 ? ledger : columnLetter(header.width - 1);

        // Forms opened on two contested tasks before the person saves another progress into them.
        const forms = contested.slice((run * 2) % contested.length, ((run * 2) % contested.length) + 2).map((id) => ({ id, seen: known.get(id)! }));
        for (const f of forms) {
          const theirs = String((Number(f.seen.progress || 0) + 13) % 100);
          edits.push({ sheet: "任务", op: "set", cell: `${letter("progress")}${rowOf.get(f.id)}`, value: Number(theirs) });
          expect_(f.id, "进度", theirs);
          Object.assign(f, { theirs });
        }
        for (let i = 0; i < 3; i++) {
          const id = pick(tasks).id;
          const value = `手记${h++}`;
          edits.push({ sheet: "任务", op: "set", cell: `${ledgerColumn}${rowOf.get(id)}`, value });
          expect_(id, "台账备注", value);
        }
        const ownerOf = pick(appTasks);
        const owner = `责任人${h++}`;
        edits.push({ sheet: "任务", op: "set", cell: `${letter("owner")}${rowOf.get(ownerOf)}`, value: owner });
        expect_(ownerOf, "责任人", owner);
        // Delete a row typed in an earlier sitting, insert a new one, then sort the table.
        const alive = [...handRows].filter(([, r]) => !r.deleted).map(([id]) => id);
        if (alive.length > 0 && run % 2 === 1) {
          const gone = pick(alive);
          edits.push({ sheet: "任务", op: "deleteRows", at: rowOf.get(gone)! });
          handRows.get(gone)!.deleted = true;
        }
        const newId = `H-LO-${run}`;
        const values: Record<string, string> = { id: newId, keyTask: "引领从严治党", title: `手工新增${newId}`, leadUnit: "经棚镇", due: "2026-12-31", progress: "5", notes: `手工${newId}` };
        const line = Array.from({ length: header.width }, (_, c) => {
          const key = Object.entries(header.index).find(([, i]) => i === c)?.[0];
          const v = key ? values[key] : undefined;
          return v === undefined ? null : key === "progress" ? Number(v) : v;
        });
        edits.push({ sheet: "任务", op: "insertRows", before: header.row + 1 + rand(tasks.length), values: [line] });
        handRows.set(newId, { deleted: false, values });
        edits.push({ sheet: "任务", op: "sort", fromRow: header.row + 1, column: pick([letter("title"), letter("due"), letter("id")]), descending: Math.random() < 0.5 });

        const t0 = Date.now();
        mark(`LibreOffice ${run} starts`);
        await editWithLibreOffice(file, edits, { timeoutMs: 60_000 });
        mark(`LibreOffice ${run} saved`);
        count.libreOfficeMs += Date.now() - t0;
        count.libreOfficeRuns++;
        count.handEdits += edits.length;

        // The forms opened before that save are sent now: each must come back as a conflict.
        for (const [i, f] of (forms as (typeof forms[number] & { theirs: string })[]).entries()) {
          const mine = String((Number(f.seen.progress || 0) + 50) % 100);
          const send = (seen: typeof f.seen) =>
            untilFree(() => updateRow({ login: "form" }, tasksTab, f.id, { values: { progress: Number(mine) }, seen }, { action: "更新任务进度" }, depsFor(formStore, { auditWaitMs: 30_000 })));
          const first = await send(f.seen);
          if (first.ok || first.reason !== "conflict") {
            failures.push(`form ${f.id}: expected a conflict, got ${JSON.stringify(first)}`);
            continue;
          }
          count.conflicts++;
          if (formText(first.current.progress) !== f.theirs) failures.push(`form ${f.id}: conflict showed ${String(first.current.progress)}, LibreOffice saved ${f.theirs}`);
          if (i === 0) {
            const again = await send({ ...f.seen, progress: f.theirs });
            if (!again.ok) failures.push(`form ${f.id}: keep mine failed: ${again.reason}`);
            else {
              count.keptMine++;
              known.set(f.id, { ...f.seen, progress: mine });
              expect_(f.id, "进度", mine);
            }
          } else {
            count.tookTheirs++;
            known.set(f.id, { ...f.seen, progress: f.theirs });
          }
        }
      }
      await sleep(1_500);
    }

    const guarded = (name: string, run: () => Promise<void>) => run().catch((e: unknown) => void failures.push(`${name} threw: ${String(e)}`));
    const personDone = guarded("person", person).finally(() => {
      stop = true;
    });
    await Promise.all([
      personDone,
      guarded("甲", () => updater("甲", appTasks.slice(0, 10))),
      guarded("乙", () => updater("乙", appTasks.slice(10, 20))),
      guarded("appender", appender),
    ]);
    const duration = Date.now() - started;

    // ---- Afterwards.
    const raw = await new XlsxStore(file).readAll();
    const tab = raw.tabs.find((t) => t.title === "任务")!;
    const header = findHeaderRow(tasksTab, tab.rows);
    if (!isHeaderMap(header)) throw new Error("no header");
    const headerCells = tab.rows.find((r) => r.row === header.row)!.cells.map((c) => String(c ?? ""));
    const data = tab.rows.filter((r) => r.row > header.row);
    const idAt = header.index.id!;
    const rowsOf = (id: string) => data.filter((r) => String(r.cells[idAt] ?? "") === id);
    const dataset = parseWorkbook(raw);
    const typed = new Map(dataset.tasks.map((t) => [t.id, t]));
    const cell = (id: string, label: string): string => {
      const key = Object.entries(tasksTab.columns).find(([, c]) => c.header === label)?.[0];
      if (key) return formText((typed.get(id) as Record<string, unknown> | undefined)?.[key]);
      return formText(rowsOf(id)[0]?.cells[headerCells.indexOf(label)] ?? null);
    };

    const check = (ok: boolean, what: string) => void (ok || failures.push(what));
    for (const t of tasks) check(rowsOf(t.id).length === 1, `${t.id}: ${rowsOf(t.id).length} rows`);
    for (const [id, r] of handRows) check(rowsOf(id).length === (r.deleted ? 0 : 1), `${id}: ${rowsOf(id).length} rows, deleted ${r.deleted}`);
    check(data.length === tasks.length + [...handRows.values()].filter((r) => !r.deleted).length, `任务 has ${data.length} rows`);
    for (const [id, cells] of expected) {
      for (const [label, value] of cells) check(cell(id, label) === value, `${id} ${label}: expected ${value}, found ${cell(id, label)}`);
    }
    for (const [id, r] of handRows) {
      if (r.deleted) continue;
      const t = typed.get(id);
      check(Boolean(t && t.title === r.values.title && t.due === r.values.due && t.progress === 5), `${id}: typed by hand, found ${JSON.stringify(t)}`);
    }
    for (const [id, v] of appended) {
      const found = dataset.visits.filter((x) => x.id === id);
      check(found.length === 1 && found[0]!.cadre === v.cadre && (found[0]!.suggestions ?? 0) === v.suggestions, `visit ${id}: ${JSON.stringify(found)}`);
    }
    check(dataset.visits.length === 584 + appended.size, `走访 has ${dataset.visits.length} rows`);
    // One log row per write, written in the same save as the write.
    const logged = (action: string) => dataset.audit.filter((a) => a.action === action);
    check(logged("更新任务进度").length === count.updates + count.keptMine, `更新任务进度 logged ${logged("更新任务进度").length} times for ${count.updates + count.keptMine} writes`);
    check(logged("新增走访").length === count.appends, `新增走访 logged ${logged("新增走访").length} times for ${count.appends} rows`);
    for (const [id] of appended) check(logged("新增走访").some((a) => a.rowId === id), `visit ${id} not logged`);
    check(dataset.problems.filter((p) => p.severity === "error").length === 0, `problems: ${JSON.stringify(dataset.problems.filter((p) => p.severity === "error"))}`);
    // No lock of anyone's left behind; the earlier versions kept.
    check((await readdir(dir)).filter((f) => f.includes("lock") || f.endsWith(".tmp")).length === 0, `left behind: ${(await readdir(dir)).join(", ")}`);
    check(existsSync(path.join(dir, ".backups")), "no backups");

    console.log(`SOAK xlsx ${JSON.stringify({ durationMs: duration, ...count, failures: failures.slice(0, 30) })}`);
    if (failures.length) console.log(`SOAK xlsx timeline:\n${timeline.join("\n")}`);
    expect(failures).toEqual([]);
    expect(count.libreOfficeRuns).toBe(LIBREOFFICE_RUNS);
    expect(count.conflicts).toBe(LIBREOFFICE_RUNS * 2);
    // As many as fit around the LibreOffice sittings: dozens on an idle machine, fewer on a loaded one.
    expect(count.updates + count.appends).toBeGreaterThanOrEqual(12);
  }, 150_000);
});
