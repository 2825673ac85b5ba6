/**
 * One app process for the cross-process test in writes-xlsx.test.ts:
 * `node --import tsx writes-worker.ts FILE NAME COUNT TASK_IDS` appends COUNT
 * visits and updates each of TASK_IDS's notes through its own XlsxStore, with
 * a moment between submissions as people leave, then prints what it did as JSON.
 */
import { tasksTab, visitsTab } from "../../lib/schema/tabs";
import { XlsxStore } from "../../lib/sheets/xlsx-store";

async function main() {
  const [file, name, count, taskIds] = process.argv.slice(2);
  if (!file || !name || !count || taskIds === undefined) throw new Error("usage: writes-worker FILE NAME COUNT TASK_IDS");
  const store = new XlsxStore(file, { backups: 0 });
  const appended: string[] = [];
  const updated: string[] = [];
  const tasks = taskIds.split(",").filter(Boolean);
  for (let i = 0; i < Number(count); i++) {
    const id = `ZF-2026-${name}${String(i).padStart(4, "0")}`;
    const result = await store.append(visitsTab, [
      { id, date: { date: "2026-11-01" }, cadre: `${name}干部${i}`, unit: "经棚镇", contactPoint: "幸福村", suggestions: i, solved: 0 },
    ]);
    if (!result.ok) throw new Error(`append ${id}: ${result.reason}`);
    appended.push(id);
    const task = tasks[i % tasks.length];
    if (task) {
      const update = await store.updateById(tasksTab, task, { notes: `${name}-${i}` });
      if (!update.ok) throw new Error(`update ${task}: ${update.reason}`);
      updated.push(`${task}=${name}-${i}`);
    }
    // The lock file is not a queue: a process writing back to back could keep the other waiting.
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
  process.stdout.write(JSON.stringify({ pid: process.pid, appended, updated }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
