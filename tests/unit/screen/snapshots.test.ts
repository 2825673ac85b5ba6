import ExcelJS from "exceljs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AUTO_SNAPSHOT_LOGIN, ensureMonthlySnapshot, takeMeetingSnapshot } from "@/lib/data/snapshots";
import { parseSnapshotFigures } from "@/lib/domain/screen";
import { resetEnvForTests } from "@/lib/env";
import { seedWorkbook } from "@/seeds/seed";

// Outside a Next.js request there is no data cache to revalidate; the workbook store is read directly.
vi.mock("next/cache", () => ({ revalidateTag: () => undefined, unstable_cache: <T>(fn: T) => fn }));

/** Rows under the header of a tab of the real workbook on disk, as plain values. */
async function rowsOf(file: string, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no ${sheet}`);
  const rows: unknown[][] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe("meeting snapshots written to the workbook", () => {
  let dir: string;
  let file: string;
  const saved = { DATA_FILE: process.env.DATA_FILE, DUTYBOARD_TODAY: process.env.DUTYBOARD_TODAY };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "dutyboard-snapshots-"));
    file = path.join(dir, "dutyboard.xlsx");
    await seedWorkbook({ file, year: 2026, today: "2026-11-20", quiet: true });
    process.env.DATA_FILE = file;
    process.env.DUTYBOARD_TODAY = "2026-11-20";
    resetEnvForTests();
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvForTests();
    await rm(dir, { recursive: true, force: true });
  });

  it("takes the month's snapshot at the first view, once, with an audit row", async () => {
    const first = await ensureMonthlySnapshot();
    expect(first).toEqual({ ok: true, id: "KZ-20261120-1", date: "2026-11-20" });
    expect(await ensureMonthlySnapshot()).toBeUndefined();
    // Two screens opened at once still write one snapshot.
    await Promise.all([ensureMonthlySnapshot(), ensureMonthlySnapshot()]);

    // The seed holds snapshots of earlier months (1 February … 1 October); today's is one more.
    const snapshots = (await rowsOf(file, "会议快照")).filter((r) => String(r[0]).startsWith("KZ-20261120-"));
    expect(snapshots).toHaveLength(1);
    const [id, date, figures] = snapshots[0]!;
    expect(id).toBe("KZ-20261120-1");
    expect(date).toEqual(new Date("2026-11-20T00:00:00Z"));
    const parsed = parseSnapshotFigures(String(figures));
    expect(parsed?.year).toBe(2026);
    expect(parsed?.figures.visits).toMatchObject({ count: 584, suggestions: 337, solved: 185 });

    const audit = await rowsOf(file, "操作日志");
    expect(audit.at(-1)).toEqual(expect.arrayContaining([AUTO_SNAPSHOT_LOGIN, "自动会议快照", "会议快照", "KZ-20261120-1"]));
  });

  it("lets an admin take another snapshot the same day, numbered after the first", async () => {
    expect(await takeMeetingSnapshot("admin@example.gov.cn")).toEqual({ ok: true, id: "KZ-20261120-2", date: "2026-11-20" });
    const snapshots = await rowsOf(file, "会议快照");
    expect(snapshots.map((r) => r[0]).filter((id) => String(id).startsWith("KZ-20261120-"))).toEqual(["KZ-20261120-1", "KZ-20261120-2"]);
    const audit = await rowsOf(file, "操作日志");
    expect(audit.at(-1)).toEqual(expect.arrayContaining(["admin@example.gov.cn", "会议快照", "KZ-20261120-2"]));
  });
});
