/**
 * 述职评议 ballots on both backends, through the real stores: the workbook on
 * disk (two stores on one file, as two server processes would be) and the
 * real Google client against the Sheets API emulator. Once per code when two
 * submissions race, nothing written for a refused ballot, nothing in any tab
 * that links a ballot to its code, and closing feeds the annual score.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { castBallot, closeSession, openSession, sessionCodes, type AppraisalDeps } from "@/lib/data/appraisal";
import { codeHash } from "@/lib/domain/appraisal";
import { annualScores } from "@/lib/domain/scores";
import type { RawWorkbook } from "@/lib/schema/cells";
import { parseWorkbook } from "@/lib/schema/workbook";
import { GoogleStore } from "@/lib/sheets/google-store";
import type { SheetStore } from "@/lib/sheets/store";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { startSheetsEmulator, type SheetsEmulator } from "@/scripts/sheets-emulator/server";
import { sampleData } from "./writes-support";

const KEY = Buffer.alloc(32, 7);
const ADMIN = { login: "admin@example.org" };
const DATE = "2026-11-20";

function depsOf(store: SheetStore): AppraisalDeps {
  return { store, read: async () => parseWorkbook(await store.readAll()), afterWrite: async () => {}, codeKey: KEY };
}

/** Every cell of every tab as text, for looking for a code or its hash anywhere. */
function allText(raw: RawWorkbook): string {
  return raw.tabs.map((t) => t.rows.map((r) => r.cells.map((c) => (c instanceof Date ? c.toISOString() : String(c ?? ""))).join("\t")).join("\n")).join("\n");
}

let emulator: SheetsEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startSheetsEmulator();
  dir = mkdtempSync(path.join(os.tmpdir(), "s23-h6-appraisal-"));
});

afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const backends: { name: string; stores: () => Promise<[SheetStore, SheetStore]> }[] = [
  {
    name: "local workbook",
    stores: async () => {
      const file = path.join(dir, "dutyboard.xlsx");
      const first = new XlsxStore(file, { backups: 0 });
      await first.create(sampleData());
      return [first, new XlsxStore(file, { backups: 0 })];
    },
  },
  {
    name: "Google Sheets",
    stores: async () => {
      emulator.loadSpreadsheet({ spreadsheetId: "appraisal", sheets: [{ title: "工作表1" }] });
      const timing = { readTimeoutMs: 2_000, readRetryBudgetMs: 4_000, writeTimeoutMs: 1_500, writeSettleMs: 2_500, backoffBaseMs: 10, backoffCapMs: 200 };
      const store = new GoogleStore({ spreadsheetId: "appraisal", emulatorHost: emulator.host, timing });
      await store.create(sampleData());
      // One instance: the guarantee without Redis holds within a server instance (lib/data/appraisal.ts).
      return [store, store];
    },
  },
];

describe.each(backends)("述职评议 on the $name", ({ stores }) => {
  it("stores one ballot per code, refuses what it must without writing, leaves no link to a code, and feeds the annual score", async () => {
    const [a, b] = await stores();
    const start = parseWorkbook(await a.readAll());
    const units = start.units.slice(0, 2).map((u) => u.name);
    const [unit] = units;
    const opened = await openSession(ADMIN, { date: DATE, title: "年终述职评议", units, ballots: 6 }, depsOf(a));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const other = await openSession(ADMIN, { date: DATE, title: "另一场", units, ballots: 2 }, depsOf(a));
    if (!other.ok) throw new Error(other.message);
    const codes = sessionCodes(KEY, opened.id, 6);
    const grades = ["好", "较好", "好", "一般", "差"] as const;

    // Two submissions racing with the same code, through two stores: one ballot.
    const race = await Promise.all([
      castBallot({ code: codes[0]!, sessionId: opened.id, grades: { [units[0]!]: "好", [units[1]!]: "好" } }, depsOf(a)),
      castBallot({ code: codes[0]!, sessionId: opened.id, grades: { [units[0]!]: "好", [units[1]!]: "好" } }, depsOf(b)),
    ]);
    expect(race.filter((r) => r.ok)).toHaveLength(1);
    expect(race.find((r) => !r.ok)).toMatchObject({ code: "spent" });

    for (const [i, g] of grades.slice(1).entries()) {
      const r = await castBallot(
        { code: codes[i + 1]!, sessionId: opened.id, grades: { [units[0]!]: g, [units[1]!]: "一般" }, comments: { [units[0]!]: `意见${i}` } },
        depsOf(a),
      );
      expect(r).toEqual({ ok: true });
    }
    const ballotsNow = () => a.readAll().then((raw) => parseWorkbook(raw).ballots.filter((x) => x.session === opened.id).length);
    expect(await ballotsNow()).toBe(5);

    // Refused, each with its own message, and nothing written.
    const before = allText(await a.readAll());
    const spent = await castBallot({ code: codes[1]!, sessionId: opened.id, grades: { [units[0]!]: "好", [units[1]!]: "好" } }, depsOf(a));
    expect(spent).toMatchObject({ ok: false, code: "spent", message: expect.stringContaining("已经投过票") });
    const foreign = await castBallot(
      { code: sessionCodes(KEY, other.id, 1)[0]!, sessionId: opened.id, grades: { [units[0]!]: "好", [units[1]!]: "好" } },
      depsOf(a),
    );
    expect(foreign).toMatchObject({ ok: false, code: "other-session", message: expect.stringContaining("不属于本场测评") });
    const forged = await castBallot({ code: codes[5]!, sessionId: opened.id, grades: { [units[0]!]: "好", [units[1]!]: "好", 不存在的单位: "差" } }, depsOf(a));
    expect(forged).toMatchObject({ ok: false, code: "unit-outside", message: expect.stringContaining("不存在的单位") });
    const bogus = await castBallot({ code: "A".repeat(32), sessionId: opened.id, grades: {} }, depsOf(a));
    expect(bogus).toMatchObject({ ok: false, code: "unknown-code" });
    expect(allText(await a.readAll())).toBe(before);

    // Closing: one 述职评议 row per unit with the tallies, and the annual score moves with it.
    const scoreBefore = annualScores(start.scores, start.accountability, start.settings, 2026).find((s) => s.unit === unit);
    const closed = await closeSession(ADMIN, opened.id, depsOf(a));
    if (!closed.ok) throw new Error(closed.message);
    expect(closed.tallies[0]).toMatchObject({ unit, counts: { 好: 2, 较好: 1, 一般: 1, 差: 1 }, ballots: 5, score: (100 * 2 + 85 + 70 + 50) / 5 });
    expect(closed.tallies[1]).toMatchObject({ counts: { 好: 1, 较好: 0, 一般: 4, 差: 0 }, score: (100 + 70 * 4) / 5 });
    const after = parseWorkbook(await a.readAll());
    const rows = after.scores.filter((s) => s.deductions?.includes(opened.id));
    expect(rows.map((r) => [r.unit, r.method, r.score, r.year])).toEqual([
      [units[0], "述职评议", 81, 2026],
      [units[1], "述职评议", 76, 2026],
    ]);
    expect(rows[0]?.deductions).toContain("好 2 票、较好 1 票、一般 1 票、差 1 票，共 5 票，好和较好占 60%");
    const reports = after.scores.filter((s) => s.unit === unit && s.year === 2026 && s.method === "述职评议").map((s) => s.score!);
    const scoreAfter = annualScores(after.scores, after.accountability, after.settings, 2026).find((s) => s.unit === unit);
    expect(scoreAfter?.means.述职评议).toBeCloseTo(reports.reduce((x, y) => x + y, 0) / reports.length, 1); // means are kept to 2 decimals
    expect(scoreAfter?.total).not.toBe(scoreBefore?.total);

    // A closed session takes no more ballots, and writes nothing.
    const late = allText(await a.readAll());
    expect(await castBallot({ code: codes[5]!, sessionId: opened.id, grades: { [units[0]!]: "好", [units[1]!]: "好" } }, depsOf(a))).toMatchObject({
      ok: false,
      code: "closed",
      message: expect.stringContaining("已结束"),
    });
    expect(allText(await a.readAll())).toBe(late);

    // Nowhere a code; its hash only in 测评码; a ballot row holds only 票号, session, date, grades, comments.
    const raw = await a.readAll();
    const text = allText(raw);
    for (const code of codes) expect(text).not.toContain(code);
    const ballotTab = raw.tabs.find((t) => t.title === "测评票")!;
    const ballotText = ballotTab.rows.map((r) => r.cells.join("\t")).join("\n");
    for (const code of codes) expect(ballotText).not.toContain(codeHash(code));
    expect(ballotTab.rows[0]?.cells.filter((c) => c !== null)).toEqual(["票号", "测评编号", "日期", "评议", "意见"]);
    const audit = raw.tabs.find((t) => t.title === "操作日志")!;
    for (const code of codes) expect(audit.rows.map((r) => r.cells.join("\t")).join("\n")).not.toContain(codeHash(code));
    // 测评码 is in hash order, not the order the codes were spent (or printed) in.
    const hashes = after.ballotCodes.filter((c) => c.session === opened.id).map((c) => c.hash);
    expect(hashes).toEqual([...hashes].sort());
  }, 60_000);
});
