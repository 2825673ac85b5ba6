/**
 * `node --import tsx tests/e2e/support/big-workbook.ts <dir> <visits> <tasks>`: writes
 * <dir>/dutyboard.xlsx from bench/workbook-fixtures.ts through the app's own store, and
 * beside it visits.json, the 走访 rows as written (id, date, unit, method, evidence), for a
 * spec to count from. A child process: Playwright's loader cannot load the bench module.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { benchWorkbookTabs } from "../../../bench/workbook-fixtures";
import { visitsTab } from "../../../lib/schema/tabs";
import { XlsxStore } from "../../../lib/sheets/xlsx-store";

async function main() {
  const [dir, visits, tasks] = process.argv.slice(2);
  if (!dir) throw new Error("usage: big-workbook.ts <dir> <visits> <tasks>");
  const tabs = benchWorkbookTabs({ visits: Number(visits), tasks: Number(tasks) });
  await new XlsxStore(path.join(dir, "dutyboard.xlsx"), { backups: 0 }).create(tabs, { force: true });
  const rows = tabs
    .find((t) => t.spec.key === visitsTab.key)!
    .rows.map((r) => ({
      id: String(r.id),
      date: (r.date as { date: string }).date,
      unit: String(r.unit),
      method: String(r.method),
      evidence: String(r.evidence ?? ""),
    }));
  await writeFile(path.join(dir, "visits.json"), JSON.stringify(rows));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
