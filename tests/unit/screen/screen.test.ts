import { describe, expect, it } from "vitest";
import {
  RANKING_PAGE_SIZE,
  RED_LIST_PAGE_SIZE,
  baselineSnapshot,
  deltaTone,
  headlineFigures,
  needsMonthlySnapshot,
  nextSnapshotId,
  pageOf,
  parseSnapshotFigures,
  redTasks,
  screenData,
  slidesOf,
  snapshotFiguresText,
  type HeadlineFigure,
} from "@/lib/domain/screen";
import { summarize } from "@/lib/domain/summary";
import type { Snapshot } from "@/lib/schema/tabs";
import { mergePayload } from "@/app/_components/screen/use-screen-feed";
import { dataset, fullScores, meeting, task, unit, visit } from "../domain/factories";

const TODAY = "2026-11-20";

function snapshot(id: string, date: string, figures: unknown, row = 2): Snapshot {
  return { id, date, figures: typeof figures === "string" ? figures : JSON.stringify(figures), _row: row };
}

function byKey(figures: HeadlineFigure[]) {
  return Object.fromEntries(figures.map((f) => [f.key, f]));
}

const sample = dataset({
  units: [unit("DW01", "经棚镇"), unit("DW02", "旗委组织部")],
  tasks: [
    task({ id: "T1", due: "2026-03-31", status: "已完成", progress: 100, leadUnit: "DW02", owner: "王宇" }),
    task({ id: "T2", due: "2026-10-31", progress: 40, leadUnit: "DW01", owner: "李娜" }), // overdue 20 days
    task({ id: "T3", due: "2026-11-10", progress: 90, leadUnit: "经棚镇" }), // overdue 10 days, no owner
    task({ id: "T4", start: "2026-01-01", due: "2026-12-31", progress: 10, leadUnit: "经棚镇", owner: "赵强" }), // far behind, not overdue
    task({ id: "T5", start: "2026-01-01", due: "2026-12-31", progress: 88, leadUnit: "经棚镇" }), // on track
    task({ id: "T6", due: "2025-12-31", progress: 0, leadUnit: "经棚镇" }), // another year
  ],
  visits: [visit({ date: "2026-01-10", suggestions: 3, solved: 1 }), visit({ date: "2026-03-05", suggestions: 1, solved: 1 }), visit({ date: "2026-11-02" })],
  meetings: [meeting({ date: "2026-02-26", kind: "专题常委会", topics: "年度方案" }), meeting({ date: "2026-09-10", kind: "领导小组工作例会" })],
  scores: [...fullScores("经棚镇", 91), ...fullScores("旗委组织部", 75)],
});
const summary = summarize(sample, { today: TODAY });

describe("headline figures and their change since the last meeting", () => {
  it("reads what the app writes to 指标, and a bare figures object", () => {
    const written = parseSnapshotFigures(snapshotFiguresText(summary));
    expect(written?.year).toBe(2026);
    expect(written?.figures.visits?.count).toBe(3);
    expect(parseSnapshotFigures(JSON.stringify({ tasks: { done: 4 } }))).toEqual({ year: undefined, figures: { tasks: { done: 4 } } });
    expect(parseSnapshotFigures("not json")).toBeUndefined();
    expect(parseSnapshotFigures(JSON.stringify({ tasks: { done: "four" } }))).toBeUndefined();
  });

  it("subtracts the baseline; percentages change in points, counts in whole numbers", () => {
    const previous = { tasks: { done: 0, overdue: 3, donePercent: 12.5 }, visits: { count: 1, solveRate: 0.25 }, meetings: { 专题常委会: 1 } };
    const f = byKey(headlineFigures(summary.figures, previous));
    expect(f.done).toMatchObject({ value: 1, delta: 1 });
    expect(f.overdue).toMatchObject({ value: 2, delta: -1 });
    expect(f.visits).toMatchObject({ value: 3, delta: 2 });
    expect(f.donePercent?.value).toBe(20);
    expect(f.donePercent?.delta).toBe(7.5);
    expect(f.solveRate).toMatchObject({ value: 50, delta: 25 });
    expect(f.meetings).toMatchObject({ value: 2, delta: 1 });
    // Missing in the snapshot: no change shown rather than a change from zero.
    expect(f.suggestions).toMatchObject({ value: 4, delta: null });
  });

  it("shows no change at all without a baseline", () => {
    expect(headlineFigures(summary.figures).every((f) => f.delta === null)).toBe(true);
  });

  it("calls a fall in overdue tasks good news and a fall in visits bad news", () => {
    expect(deltaTone({ delta: -1, better: "down" })).toBe("good");
    expect(deltaTone({ delta: 2, better: "down" })).toBe("bad");
    expect(deltaTone({ delta: -2, better: "up" })).toBe("bad");
    expect(deltaTone({ delta: 0, better: "up" })).toBe("flat");
    expect(deltaTone({ delta: null, better: "up" })).toBe("flat");
  });
});

describe("the baseline snapshot", () => {
  const figures = (done: number) => ({ year: 2026, figures: { tasks: { done } } });

  it("is the latest snapshot dated before today, never today's own", () => {
    const snapshots = [snapshot("A", "2026-09-15", figures(1), 2), snapshot("B", "2026-10-20", figures(2), 3), snapshot("C", TODAY, figures(3), 4)];
    expect(baselineSnapshot(snapshots, TODAY, 2026)?.baseline).toEqual({ id: "B", date: "2026-10-20" });
  });

  it("takes the later row of two on the same day, and skips unreadable or other-year snapshots", () => {
    const snapshots = [
      snapshot("A", "2026-10-01", figures(1), 2),
      snapshot("B", "2026-10-20", figures(2), 3),
      snapshot("C", "2026-10-20", figures(3), 4),
      snapshot("D", "2026-11-01", "{broken", 5),
      snapshot("E", "2026-11-02", { year: 2025, figures: {} }, 6),
    ];
    expect(baselineSnapshot(snapshots, TODAY, 2026)?.baseline.id).toBe("C");
  });

  it("counts a snapshot without a year for the year of its date", () => {
    expect(baselineSnapshot([snapshot("A", "2026-10-01", { tasks: { done: 1 } })], TODAY, 2026)?.baseline.id).toBe("A");
    expect(baselineSnapshot([snapshot("A", "2025-12-01", { tasks: { done: 1 } })], TODAY, 2026)).toBeUndefined();
  });
});

describe("snapshots the app writes", () => {
  it("takes one automatically only when the month has none", () => {
    expect(needsMonthlySnapshot([], TODAY)).toBe(true);
    expect(needsMonthlySnapshot([{ date: "2026-10-31" }], TODAY)).toBe(true);
    expect(needsMonthlySnapshot([{ date: "2026-11-01" }], TODAY)).toBe(false);
  });

  it("numbers the day's snapshots without reusing an ID", () => {
    expect(nextSnapshotId([], TODAY)).toBe("KZ-20261120-1");
    expect(nextSnapshotId([{ id: "KZ-20261120-1" }, { id: "KZ-20261120-3" }, { id: "KZ-20261119-9" }, { id: "KZ-20261120-x" }], TODAY)).toBe("KZ-20261120-4");
  });
});

describe("the red list", () => {
  it("lists overdue tasks longest overdue first, then tasks far behind plan, with unit names and owners", () => {
    const rows = redTasks(
      sample.tasks.filter((t) => t.due.startsWith("2026")),
      TODAY,
      (u) => (u === "DW01" ? "经棚镇" : u === "DW02" ? "旗委组织部" : u),
    );
    expect(rows.map((r) => r.id)).toEqual(["T2", "T3", "T4"]);
    expect(rows[0]).toMatchObject({ leadUnit: "经棚镇", owner: "李娜", overdueDays: 20, progress: 40 });
    expect(rows[1]).toMatchObject({ owner: null, overdueDays: 10 });
    expect(rows[2]?.overdueDays).toBeNull();
    expect(rows[2]?.behind).toBeGreaterThan(30);
  });
});

describe("the screen's data and slides", () => {
  const data = screenData({
    summary,
    tasks: sample.tasks,
    units: sample.units,
    meetings: sample.meetings,
    snapshots: [snapshot("KZ-20261020-1", "2026-10-20", { year: 2026, figures: { visits: { count: 1 } } })],
    settings: { rotateSeconds: 15, freshnessSeconds: 30 },
    asOf: "2026-11-20T06:00:00.000Z",
    stale: false,
    timeZone: "Asia/Shanghai",
  });

  it("compares with the baseline and keeps the year's red tasks only", () => {
    expect(data.baseline).toEqual({ id: "KZ-20261020-1", date: "2026-10-20" });
    expect(byKey(data.headline).visits).toMatchObject({ value: 3, delta: 2 });
    expect(data.redTasks.map((r) => r.id)).toEqual(["T2", "T3", "T4"]);
  });

  it("draws months up to today's only, and the year's meetings latest first", () => {
    expect(data.visits.months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(data.visits.months[0]).toEqual({ month: 1, visits: 1, suggestions: 3, solved: 1 });
    expect(data.meetings.total).toBe(2);
    expect(data.meetings.latest.map((m) => m.date)).toEqual(["2026-09-10", "2026-02-26"]);
    expect(data.ranking.map((r) => [r.unit, r.grade])).toEqual([
      ["经棚镇", "好"],
      ["旗委组织部", "一般"],
    ]);
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it("gives long lists as many slides as they need, with stable ids", () => {
    expect(slidesOf(data).map((s) => s.id)).toEqual(["headline", "keyTasks", "redList", "visits", "ranking", "meetings"]);
    const many = {
      redTasks: Array.from({ length: RED_LIST_PAGE_SIZE * 2 + 1 }, () => data.redTasks[0]!),
      ranking: Array.from({ length: RANKING_PAGE_SIZE + 1 }, () => data.ranking[0]!),
    };
    const slides = slidesOf(many);
    expect(slides.map((s) => s.id)).toEqual(["headline", "keyTasks", "redList-1", "redList-2", "redList-3", "visits", "ranking-1", "ranking-2", "meetings"]);
    // 2 × size + 1 rows over three slides, shared evenly rather than a lone row on the last.
    const perSlide = [2, 3, 4].map((i) => pageOf(many.redTasks, slides[i]!, RED_LIST_PAGE_SIZE).length);
    expect(perSlide.reduce((a, b) => a + b)).toBe(many.redTasks.length);
    expect(Math.max(...perSlide) - Math.min(...perSlide)).toBeLessThanOrEqual(1);
  });

  it("has no ranking slide for a viewer whose role sees no score, and the own unit's row for a unit", () => {
    expect(slidesOf({ ...data, ranking: [], scores: null }).map((s) => s.id)).not.toContain("ranking");
    expect(slidesOf({ ...data, ranking: data.ranking.slice(0, 1), scores: null }).map((s) => s.id)).toContain("ranking");
  });

  it("keeps an unchanged poll's object, so nothing re-renders but the clock", () => {
    const payload = { ...data, version: "v1" };
    expect(mergePayload(payload, { ...payload })).toBe(payload);
    const later = mergePayload(payload, { ...payload, asOf: "2026-11-20T06:00:10.000Z" });
    expect(later.asOf).toBe("2026-11-20T06:00:10.000Z");
    expect(later.headline).toBe(payload.headline);
    const changed = { ...payload, version: "v2" };
    expect(mergePayload(payload, changed)).toBe(changed);
  });
});
