/**
 * Soak on the local workbook: a person edits it in LibreOffice (real, headless,
 * saving .xlsx) — typing in cells, inserting and deleting rows, sorting, and
 * changing a progress a form is open on — while the app keeps updating tasks
 * and recording visits from several writers. While LibreOffice has the file
 * open the app is refused (its lock file) and tries again later, as a person
 * pressing 保存 again would. Afterwards every intended write is present
 * exactly once in the right row and every hand edit survived or was reported
 * to the user as a conflict.
 *
 * It runs as the app runs: every writer has the write journal (a write made
 * while LibreOffice holds the file is accepted as pending), and every page load
 * before a form is sent reconciles a fresh read with the journal as
 * loadDataset does — which is what puts back a write that a LibreOffice save
 * undid (it can open the file a few ms before its lock file exists, issue 11).
 * A write the journal lists as a conflict is the one exception to "every
 * write is in the file": the person's value is there, and the conflict says so.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { soakRandom } from "../support/soak-seed";
import { journalAt, journalConflicts, reconcile } from "@/lib/data/reconcile";
import { appendRow, updateRow, type AppendOutcome, type UpdateOutcome } from "@/lib/data/writes";
import { newRowId } from "@/lib/forms/ids";
import { formText } from "@/lib/forms/values";
import { columnLetter, type RawWorkbook } from "@/lib/schema/cells";
import { findHeaderRow, isHeaderMap } from "@/lib/schema/header";
import { tasksTab, visitsTab, type Task } from "@/lib/schema/tabs";
import { parseWorkbook, type Dataset } from "@/lib/schema/workbook";
import { UNSETTLED } from "@/lib/sheets/journal";
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

/** Set by each test from soakRandom (SOAK_SEED replays a failure). */
let random: () => number = () => {
  throw new Error("soakRandom() not called");
};
const rand = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

describe("soak: LibreOffice and the app on one workbook", () => {
  it("keeps every intended write exactly once and every hand edit, or says why not", async () => {
    random = soakRandom("tests/integration/soak-xlsx.test.ts").random;
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
    const known = new Map(
      tasks.map((t) => [t.id, { progress: formText(t.progress), status: formText(t.status), doneOn: formText(t.doneOn), notes: formText(t.notes) }]),
    );
    const handRows = new Map<string, { deleted: boolean; values: Record<string, string> }>();
    /** Every value the person typed into a cell the app also writes: `id\u0000label\u0000value`. */
    const typedByPerson = new Set<string>();
    const appended = new Map<string, { cadre: string; suggestions: number }>();
    const failures: string[] = [];
    const count = {
      updates: 0,
      keptMine: 0,
      appends: 0,
      pending: 0,
      conflicts: 0,
      tookTheirs: 0,
      lockedRefusals: 0,
      busyRefusals: 0,
      libreOfficeRuns: 0,
      libreOfficeMs: 0,
      handEdits: 0,
      pageLoads: 0,
    };
    const started = Date.now();
    /** What happened when, to tell a lost write's story if there is one. */
    const timeline: string[] = [];
    const mark = (what: string) => timeline.push(`${String(Date.now() - started).padStart(6)} ${what}`);
    let stop = false;

    // ---- The write journal, as the app keeps it beside the workbook (writes.ts defaultDeps: journalOf(store)).
    const journal = journalAt(file);
    /** What every reconcile did, by journal entry (an entry undone twice is re-applied twice). */
    const reconciled = { reapplied: new Set<string>(), applied: new Set<string>(), conflicts: new Set<string>(), reapplications: 0 };
    const noteReport = (who: string, report: Awaited<ReturnType<typeof reconcile>>) => {
      for (const id of report.reapplied) reconciled.reapplied.add(id);
      for (const id of report.applied) reconciled.applied.add(id);
      for (const id of report.conflicts) reconciled.conflicts.add(id);
      reconciled.reapplications += report.reapplied.length;
      if (report.reapplied.length + report.applied.length + report.conflicts.length > 0) {
        mark(
          `${who} reconciled: reapplied ${report.reapplied.length}, applied ${report.applied.length}, conflicts ${report.conflicts.length} ${report.conflicts.join(" ")}`,
        );
      }
    };
    /**
     * A page load as loadDataset does it: a fresh read, reconciled with the
     * journal by the app's own reconcile, read again when that wrote.
     */
    async function pageLoad(who: string, store: XlsxStore): Promise<Dataset> {
      count.pageLoads++;
      let raw: RawWorkbook = await store.readAll();
      const report = await reconcile(raw, { store, journal });
      noteReport(who, report);
      if (report.wrote) raw = await store.readAll();
      return parseWorkbook(raw);
    }
    const seenOf = (t: Task) => ({ progress: formText(t.progress), status: formText(t.status), doneOn: formText(t.doneOn), notes: formText(t.notes) });
    /** Whether a task has a journal entry not yet settled in the workbook (waiting for LibreOffice to close, or a conflict). */
    const unsettledOn = (id: string) => journal.read().some((r) => r.tab === tasksTab.title && r.rowId === id && UNSETTLED.has(r.status));
    /**
     * The form on one task, as a page load renders it: its values are what the
     * submission says was seen. The page must show every earlier write to that
     * task (a lost write shows here first), unless one still waits in the journal.
     */
    async function openForm(who: string, store: XlsxStore, id: string): Promise<ReturnType<typeof seenOf>> {
      const waiting = unsettledOn(id);
      const page = await pageLoad(who, store);
      const task = page.tasks.find((t) => t.id === id);
      const last = known.get(id)!;
      if (!task) {
        failures.push(`${who} ${id}: not on the page`);
        return last;
      }
      const seen = seenOf(task);
      if ((seen.progress !== last.progress || seen.notes !== last.notes) && !waiting && !unsettledOn(id)) {
        failures.push(`${who} ${id}: the page shows ${seen.progress}/${seen.notes}, the last write was ${last.progress}/${last.notes}`);
      }
      return seen;
    }

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
        const seen = await openForm(name, store, id);
        const progress = String((Number(seen.progress || 0) + 1 + rand(30)) % 100);
        const notes = `${name}#${n}`;
        const outcome = await untilFree(() =>
          updateRow(
            { login: name },
            tasksTab,
            id,
            { values: { progress: Number(progress), notes }, seen },
            { action: "更新任务进度", stamp: { updatedBy: name } },
            depsFor(store, { auditWaitMs: 30_000, journal }),
          ),
        );
        if (!outcome.ok) {
          failures.push(`${name} ${id}: ${outcome.reason} ${outcome.message}`);
          continue;
        }
        count.updates++;
        if (outcome.pending) count.pending++;
        mark(`${name} ${outcome.pending ? "queued" : "wrote"} ${id} ${progress} ${notes}`);
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
        const row = {
          id,
          date: { date: "2026-11-12" },
          cadre: `走访干部${n}`,
          tier: "科级",
          unit: "经棚镇",
          contactPoint: "幸福村",
          suggestions: n % 5,
          solved: n % 2,
        };
        await pageLoad("appender", store); // the new-visit form's page
        for (let send = 0; send < (n % 4 === 0 ? 2 : 1); send++) {
          const outcome = await untilFree(() =>
            appendRow({ login: "appender" }, visitsTab, row, { action: "新增走访" }, depsFor(store, { auditWaitMs: 30_000, journal })),
          );
          if (!outcome.ok) failures.push(`append ${id}: ${outcome.reason}`);
          else if (!outcome.repeated) {
            count.appends++;
            if (outcome.pending) count.pending++;
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
        const forms: { id: string; seen: ReturnType<typeof seenOf> }[] = [];
        for (const id of contested.slice((run * 2) % contested.length, ((run * 2) % contested.length) + 2))
          forms.push({ id, seen: await openForm("form", formStore, id) });
        for (const f of forms) {
          const theirs = String((Number(f.seen.progress || 0) + 13) % 100);
          edits.push({ sheet: "任务", op: "set", cell: `${letter("progress")}${rowOf.get(f.id)}`, value: Number(theirs) });
          expect_(f.id, "进度", theirs);
          typedByPerson.add(`${f.id}\u0000进度\u0000${theirs}`);
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
        const values: Record<string, string> = {
          id: newId,
          keyTask: "引领从严治党",
          title: `手工新增${newId}`,
          leadUnit: "经棚镇",
          due: "2026-12-31",
          progress: "5",
          notes: `手工${newId}`,
        };
        const line = Array.from({ length: header.width }, (_, c) => {
          const key = Object.entries(header.index).find(([, i]) => i === c)?.[0];
          const v = key ? values[key] : undefined;
          return v === undefined ? null : key === "progress" ? Number(v) : v;
        });
        edits.push({ sheet: "任务", op: "insertRows", before: header.row + 1 + rand(tasks.length), values: [line] });
        handRows.set(newId, { deleted: false, values });
        edits.push({
          sheet: "任务",
          op: "sort",
          fromRow: header.row + 1,
          column: pick([letter("title"), letter("due"), letter("id")]),
          descending: random() < 0.5,
        });

        const t0 = Date.now();
        mark(`LibreOffice ${run} starts`);
        await editWithLibreOffice(file, edits, { timeoutMs: 60_000 });
        mark(`LibreOffice ${run} saved`);
        count.libreOfficeMs += Date.now() - t0;
        count.libreOfficeRuns++;
        count.handEdits += edits.length;

        // The forms opened before that save are sent now: each must come back as a conflict.
        for (const [i, f] of (forms as ((typeof forms)[number] & { theirs: string })[]).entries()) {
          const mine = String((Number(f.seen.progress || 0) + 50) % 100);
          const send = (seen: typeof f.seen) =>
            untilFree(() =>
              updateRow(
                { login: "form" },
                tasksTab,
                f.id,
                { values: { progress: Number(mine) }, seen },
                { action: "更新任务进度" },
                depsFor(formStore, { auditWaitMs: 30_000, journal }),
              ),
            );
          const first = await send(f.seen);
          if (first.ok || first.reason !== "conflict") {
            failures.push(`form ${f.id}: expected a conflict, got ${JSON.stringify(first)}`);
            continue;
          }
          count.conflicts++;
          if (formText(first.current.progress) !== f.theirs)
            failures.push(`form ${f.id}: conflict showed ${String(first.current.progress)}, LibreOffice saved ${f.theirs}`);
          if (i === 0) {
            const again = await send({ ...f.seen, progress: f.theirs });
            if (!again.ok) failures.push(`form ${f.id}: keep mine failed: ${again.reason}`);
            else {
              count.keptMine++;
              if (again.pending) count.pending++;
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

    // ---- Afterwards: LibreOffice closed, a last page load reconciles until nothing more is written.
    const last = new XlsxStore(file);
    let raw = await last.readAll();
    for (let round = 0; ; round++) {
      const report = await reconcile(raw, { store: last, journal });
      noteReport("final", report);
      if (!report.wrote) break;
      raw = await last.readAll();
      if (round === 10) {
        failures.push("the final reconcile still writes after 10 rounds");
        break;
      }
    }
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

    // The journal: every acknowledged write is in it, and every one is settled — in the workbook, or listed as a conflict.
    const records = journal.read();
    const updateRecords = records.filter((r) => r.kind === "update" && r.action === "更新任务进度");
    const appendRecords = records.filter((r) => r.kind === "append" && r.action === "新增走访");
    check(
      records.length === updateRecords.length + appendRecords.length,
      `journal: ${records.length} entries, ${updateRecords.length} updates, ${appendRecords.length} appends`,
    );
    check(updateRecords.length === count.updates + count.keptMine, `journal has ${updateRecords.length} updates for ${count.updates + count.keptMine} writes`);
    check(appendRecords.length === count.appends, `journal has ${appendRecords.length} appends for ${count.appends} rows`);
    const conflictList = journalConflicts(journal);
    /** A conflict on a task whose cells are superseded by a later web write is settled as kept by reconcile itself. */
    const superseded = records.filter((r) => r.status === "kept" && r.by === "网页");
    for (const r of records) {
      check(
        ["written", "applied", "reapplied", "conflict"].includes(r.status) || superseded.includes(r),
        `journal ${r.id} ${r.rowId}: left ${r.status} ${r.detail ?? ""}`,
      );
    }
    check(
      conflictList.every((c) => c.kind === "update" && c.tab === tasksTab.title),
      `conflicts outside 任务 updates: ${JSON.stringify(conflictList)}`,
    );
    for (const r of records.filter((x) => x.status === "reapplied"))
      check(reconciled.reapplied.has(r.id), `journal ${r.id} reapplied, but no reconcile said so`);
    const labelOf = (key: string) => tasksTab.columns[key as keyof typeof tasksTab.columns]?.header ?? key;
    /** A conflict the journal lists on this cell: the web write's value set aside, the person's in the file. */
    const listedConflict = (id: string, label: string, value: string, found: string) =>
      conflictList.find(
        (c) =>
          c.rowId === id &&
          Object.keys(c.after).some((k) => labelOf(k) === label && formText(c.after[k]) === value && formText(c.workbook?.[k] ?? null) === found),
      );
    let conflictCells = 0;

    for (const t of tasks) check(rowsOf(t.id).length === 1, `${t.id}: ${rowsOf(t.id).length} rows`);
    for (const [id, r] of handRows) check(rowsOf(id).length === (r.deleted ? 0 : 1), `${id}: ${rowsOf(id).length} rows, deleted ${r.deleted}`);
    check(data.length === tasks.length + [...handRows.values()].filter((r) => !r.deleted).length, `任务 has ${data.length} rows`);
    for (const [id, cells] of expected) {
      for (const [label, value] of cells) {
        const found = cell(id, label);
        if (found !== value && listedConflict(id, label, value, found)) conflictCells++;
        else check(found === value, `${id} ${label}: expected ${value}, found ${found}`);
      }
    }
    // Each conflict listed: its row is there and holds, in every cell of the write, what the conflict says the workbook
    // holds; and where that differs from the web value, it is a value the person typed (not another web write's).
    for (const c of conflictList) {
      check(rowsOf(c.rowId).length === 1, `conflict ${c.id}: row ${c.rowId} has ${rowsOf(c.rowId).length} rows`);
      const differing = Object.keys(c.after).filter((k) => formText(c.workbook?.[k] ?? null) !== formText(c.after[k]));
      check(
        differing.length > 0 && differing.every((k) => typedByPerson.has(`${c.rowId}\u0000${labelOf(k)}\u0000${formText(c.workbook?.[k] ?? null)}`)),
        `conflict ${c.id} ${c.rowId}: the workbook's ${JSON.stringify(c.workbook)} is not what the person typed`,
      );
      for (const k of Object.keys(c.after)) {
        check(
          formText(c.workbook?.[k] ?? null) === cell(c.rowId, labelOf(k)),
          `conflict ${c.id} ${c.rowId} ${k}: listed ${formText(c.workbook?.[k] ?? null)}, file holds ${cell(c.rowId, labelOf(k))}`,
        );
      }
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
    // One log row per write, in the same save as the write: a write an office save undid lost its row with it, and
    // the re-write logs its own (reconcile's action text); one accepted while LibreOffice held the file is logged
    // when written (or, found already in the workbook, settled as applied by 表格 with nothing to log); a conflict is
    // not written, so not logged. Compared row ID by row ID, per kind of row.
    const variants = { written: "", applied: "（暂存后写入）", reapplied: "（被表格保存撤销，重新写入）" } as const;
    const alreadyThere = (r: (typeof records)[number]) => r.status === "applied" && r.by === "表格";
    // An entry closed as superseded by a later web write (kept by 网页) keeps the log row of how it last got into the
    // workbook — unless an office save undid it first (reconcile says 被表格保存撤销): its status lines tell which.
    const journalLines = (await readdir(journal.dir))
      .filter((f) => f.endsWith(".jsonl"))
      .flatMap((f) => readFileSync(path.join(journal.dir, f), "utf8").split("\n"))
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { t: string; id: string; status: string });
    const lastInFile = (id: string) => journalLines.filter((l) => l.id === id && ["written", "applied", "reapplied"].includes(l.status)).at(-1)?.status;
    const loggedAs = (r: (typeof records)[number]): string | undefined => {
      if (r.status in variants) return alreadyThere(r) ? undefined : r.status;
      if (superseded.includes(r) && !r.detail?.startsWith("被表格保存撤销")) return lastInFile(r.id);
      return undefined;
    };
    const logged = (action: string) => dataset.audit.filter((a) => a.action === action);
    const sortedIds = (ids: (string | undefined)[]) =>
      ids
        .map((x) => x ?? "")
        .sort()
        .join(",");
    for (const [action, recs] of [
      ["更新任务进度", updateRecords],
      ["新增走访", appendRecords],
    ] as const) {
      for (const [status, suffix] of Object.entries(variants)) {
        const rows = logged(`${action}${suffix}`);
        const writes = recs.filter((r) => loggedAs(r) === status);
        check(
          sortedIds(rows.map((a) => a.rowId)) === sortedIds(writes.map((r) => r.rowId)),
          `${action}${suffix} logged ${rows.length} times for ${writes.length} ${status} writes: ${sortedIds(rows.map((a) => a.rowId))} vs ${sortedIds(writes.map((r) => r.rowId))}`,
        );
      }
      const family = dataset.audit.filter((a) => a.action?.startsWith(action)).length;
      const settledInFile = recs.filter((r) => r.status in variants).length;
      const loggedInFile = recs.filter((r) => loggedAs(r) !== undefined).length;
      check(family === loggedInFile, `${action}…: ${family} log rows for ${loggedInFile} writes the app wrote`);
      check(
        settledInFile + recs.filter((r) => r.status === "conflict").length + recs.filter((r) => superseded.includes(r)).length === recs.length,
        `${action}: unaccounted journal entries`,
      );
    }
    for (const [id] of appended)
      check(dataset.audit.filter((a) => a.action?.startsWith("新增走访") && a.rowId === id).length === 1, `visit ${id} not logged once`);
    check(
      dataset.problems.filter((p) => p.severity === "error").length === 0,
      `problems: ${JSON.stringify(dataset.problems.filter((p) => p.severity === "error"))}`,
    );
    // No lock of anyone's left behind; the earlier versions kept.
    check((await readdir(dir)).filter((f) => f.includes("lock") || f.endsWith(".tmp")).length === 0, `left behind: ${(await readdir(dir)).join(", ")}`);
    check(existsSync(path.join(dir, ".backups")), "no backups");

    const summary = {
      durationMs: duration,
      ...count,
      reapplied: reconciled.reapplied.size,
      reapplications: reconciled.reapplications,
      appliedLater: reconciled.applied.size,
      conflictsListed: conflictList.length,
      conflictCells,
      superseded: superseded.length,
      alreadyThere: records.filter(alreadyThere).length,
      failures: failures.slice(0, 30),
    };
    console.log(`SOAK xlsx ${JSON.stringify(summary)}`);
    if (conflictList.length) {
      const shown = conflictList.map((c) => ({ id: c.id, rowId: c.rowId, login: c.login, before: c.before, web: c.after, workbook: c.workbook }));
      console.log(`SOAK xlsx conflicts listed:\n${shown.map((c) => JSON.stringify(c)).join("\n")}`);
    }
    if (failures.length) {
      console.log(`SOAK xlsx timeline:\n${timeline.join("\n")}`);
      // The journal's story of every row an entry of which did not end written, applied or reapplied.
      const odd = new Set(records.filter((r) => !["written", "applied", "reapplied"].includes(r.status) || r.by).map((r) => r.rowId));
      const ids = new Set(records.filter((r) => odd.has(r.rowId)).map((r) => r.id));
      console.log(
        `SOAK xlsx journal of ${[...odd].join(", ")}:\n${journalLines
          .filter((l) => ids.has(l.id))
          .map((l) => JSON.stringify(l))
          .join("\n")}`,
      );
    }
    expect(failures).toEqual([]);
    expect(count.libreOfficeRuns).toBe(LIBREOFFICE_RUNS);
    expect(count.conflicts).toBe(LIBREOFFICE_RUNS * 2);
    // As many as fit around the LibreOffice sittings: dozens on an idle machine, fewer on a loaded one.
    expect(count.updates + count.appends).toBeGreaterThanOrEqual(12);
  }, 150_000);
});
