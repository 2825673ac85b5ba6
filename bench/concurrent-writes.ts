/**
 * `npx tsx bench/concurrent-writes.ts [--runs N] [--writers 20]`: twenty unit
 * officers pressing 保存 at once on a 10k-visit workbook — each a task's 备注
 * through the write layer (updateRow with its 操作日志 row and journal entry),
 * all posted in the same instant to one warm store — with group commit (the
 * app) and without it (each write waiting for the file lock on its own, the
 * path before), in the same run. Each mode in a fresh process on its own copy
 * of the workbook, with the app's 10 backups. Answer times, busy refusals and
 * writes lost (an answered write whose note is not in the file read afresh).
 */
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { parseWorkbook } from "../lib/schema/workbook";
import { tasksTab } from "../lib/schema/tabs";
import { Journal, journalDirOf } from "../lib/sheets/journal";
import { XlsxStore } from "../lib/sheets/xlsx-store";
import { runTypeScript } from "./child-process";
import { isUpToDate, workbookPath, writeBenchWorkbook, type WorkbookSize } from "./workbook-fixtures";

const SIZE: WorkbookSize = { visits: 10_000, tasks: 1_000 };
const MODES = ["group", "single"] as const;
type Mode = (typeof MODES)[number];

interface Measured {
  mode: Mode;
  answerMs: number[];
  ok: number;
  busy: number;
  otherFailures: number;
  lost: number;
  saves: number;
  peakRssMb: number;
}

async function measure(file: string, mode: Mode, writers: number): Promise<Measured> {
  // Server-only code, loaded in the child only (started with the react-server condition).
  const { updateRow } = await import("../lib/data/writes");
  const dir = await mkdtemp(path.join(os.tmpdir(), "s23-h7-concurrent-"));
  const copy = path.join(dir, "book.xlsx");
  await copyFile(file, copy);
  try {
    let saves = 0;
    const store = new XlsxStore(copy, { backups: 10, groupCommit: mode === "group", diskSnapshot: false, beforeReplace: () => void saves++ });
    const journal = new Journal(journalDirOf(copy));
    const deps = { store, journal, now: () => new Date(), afterWrite: async () => {}, auditWaitMs: 20_000 };
    // The forms were rendered from this read: the store is warm, as in the app.
    const tasks = parseWorkbook(await store.readAll()).tasks.slice(0, writers);
    const note = (i: number) => `并发保存 ${i} ${process.pid}`;
    const started = performance.now();
    const outcomes = await Promise.all(
      tasks.map(async (task, i) => {
        const outcome = await updateRow(
          { login: `unit${i}` },
          tasksTab,
          task.id,
          { values: { notes: note(i) }, seen: { notes: task.notes ?? "" } },
          { action: "更新任务备注" },
          deps,
        );
        return { outcome, ms: performance.now() - started };
      }),
    );
    const fresh = parseWorkbook(await new XlsxStore(copy, { diskSnapshot: false }).readAll()).tasks;
    let lost = 0;
    outcomes.forEach(({ outcome }, i) => {
      if (outcome.ok && fresh.find((t) => t.id === tasks[i]!.id)?.notes !== note(i)) lost++;
    });
    return {
      mode,
      answerMs: outcomes.map((o) => o.ms),
      ok: outcomes.filter((o) => o.outcome.ok).length,
      busy: outcomes.filter((o) => !o.outcome.ok && o.outcome.reason === "busy").length,
      otherFailures: outcomes.filter((o) => !o.outcome.ok && o.outcome.reason !== "busy").length,
      lost,
      saves,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "2" }, writers: { type: "string", default: "20" }, measure: { type: "string" }, file: { type: "string" } },
  });
  const writers = Number(values.writers);
  if (values.measure) {
    process.stdout.write(JSON.stringify(await measure(values.file!, values.measure as Mode, writers)));
    return;
  }
  // The write layer is server-only code: the child resolves it as the server bundle does.
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --conditions=react-server`.trim();
  const file = workbookPath(SIZE);
  if (!(await isUpToDate(file))) {
    console.error(`writing ${path.relative(process.cwd(), file)}…`);
    await writeBenchWorkbook(SIZE);
  }
  const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
  const load = () => {
    const [one, five] = os.loadavg();
    return `load average ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min) on ${os.availableParallelism()} cores`;
  };
  console.log(`${new Date().toISOString()} start, ${load()}`);
  console.log(`${writers} simultaneous form saves, ${fmt(SIZE.visits)} visits / ${fmt(SIZE.tasks)} tasks`);
  console.log(`| mode | run | answered ok | busy refusals | other failures | lost | saves | answer p50 ms | answer max ms | peak RSS MB |`);
  console.log(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
  const verdicts: string[] = [];
  for (let run = 1; run <= Number(values.runs); run++) {
    for (const mode of MODES) {
      console.error(`${mode}, run ${run}`);
      const m = JSON.parse(
        await runTypeScript(path.join(import.meta.dirname, "concurrent-writes.ts"), ["--measure", mode, "--file", file, "--writers", String(writers)]),
      ) as Measured;
      const label = mode === "group" ? "**group commit (the app)**" : "each write on its own (before)";
      console.log(
        `| ${label} | ${run} | ${m.ok} | ${m.busy} | ${m.otherFailures} | ${m.lost} | ${m.saves} | ${fmt(pct(m.answerMs, 50))} | ${fmt(Math.max(...m.answerMs))} | ${fmt(m.peakRssMb)} |`,
      );
      if (mode === "group") {
        // Issue 18's target: all answered within 5 s, none refused as busy, none lost.
        const met = m.ok === writers && m.busy === 0 && m.lost === 0 && Math.max(...m.answerMs) <= 5_000;
        verdicts.push(
          `- run ${run}, target all ${writers} answered within 5 s, none busy, none lost: ${m.ok}/${writers} answered, last after ${fmt(Math.max(...m.answerMs))} ms, ${m.busy} busy, ${m.lost} lost (${met ? "met" : "MISSED"})`,
        );
      }
    }
  }
  console.log("");
  for (const v of verdicts) console.log(v);
  console.log(`${new Date().toISOString()} end, ${load()}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
