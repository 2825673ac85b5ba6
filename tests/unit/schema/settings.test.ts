import { describe, expect, it } from "vitest";
import type { CellValue, RawTab } from "@/lib/schema/cells";
import { parseTab } from "@/lib/schema/parse-tab";
import { DEFAULT_SETTINGS, readSettings } from "@/lib/schema/settings";
import { settingsTab } from "@/lib/schema/tabs";
import { tab } from "./fixtures";

function settingsOf(raw: RawTab | undefined) {
  return readSettings(parseTab(settingsTab, raw), raw?.title ?? "设置");
}

const settingsTabWith = (...rows: CellValue[][]) => tab("设置", [["键", "值", "说明"], ...rows]);

describe("settings", () => {
  it("are the defaults when the tab is empty, has only its header, or is missing", () => {
    for (const raw of [tab("设置", []), tab("设置", [["键", "值", "说明"]]), undefined]) {
      expect(settingsOf(raw)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    }
    expect(DEFAULT_SETTINGS).toEqual({
      weights: { 拉练抽查: 20, 日常督查: 30, 年末检查: 30, 述职评议: 20 },
      grades: { 好: 90, 较好: 80, 一般: 70 },
      rankingPublic: false,
      screenRanking: true,
      rotateSeconds: 15,
      freshnessSeconds: 30,
      remindDaysBefore: [7, 3, 1],
      remindStaleDays: 30,
      visitsPerQuarter: { 处级: 1, 科级: 1, 站所长: 1, 股级: 1, 嘎查村社区干部: 1 },
      meetingsRequired: {},
      appraisal: { 好: 100, 较好: 85, 一般: 70, 差: 50 },
    });
  });

  it("read screen.ranking and timezone; a zone the runtime does not know keeps the default and is reported", () => {
    expect(settingsOf(settingsTabWith(["screen.ranking", "否"], ["timezone", " America/New_York "])).settings).toMatchObject({
      screenRanking: false,
      timeZone: "America/New_York",
    });
    const { settings, problems } = settingsOf(settingsTabWith(["timezone", "北京时间"], ["screen.ranking", "也许"]));
    expect(settings.timeZone).toBeUndefined();
    expect(settings.screenRanking).toBe(true);
    expect(problems.map((p) => [p.cell, p.params?.key, p.params?.fallback])).toEqual([
      ["B2", "timezone", "Asia/Shanghai"],
      ["B3", "screen.ranking", "是"],
    ]);
  });

  it("read weights and grade cut-offs from number and text cells, keys matched loosely", () => {
    const raw = settingsTabWith(
      ["weight.拉练抽查", 25, "拉练抽查权重"],
      ["weight.日常督查", "３５"],
      [" Weight.年末检查 ", "25"],
      ["weight.述职评议", "15"],
      ["grade.好", 92],
      ["GRADE.较好", "82.5"],
      ["grade.一般", " 65 "],
    );

    const { settings, problems } = settingsOf(raw);

    expect(problems).toEqual([]);
    expect(settings.weights).toEqual({ 拉练抽查: 25, 日常督查: 35, 年末检查: 25, 述职评议: 15 });
    expect(settings.grades).toEqual({ 好: 92, 较好: 82.5, 一般: 65 });
  });

  it("read ranking.public 是, the year and the screen timings", () => {
    const raw = settingsTabWith(["ranking.public", "是"], ["year", 2026], ["screen.rotateSeconds", "20"], ["freshness.seconds", "60"]);

    const { settings, problems } = settingsOf(raw);

    expect(problems).toEqual([]);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, rankingPublic: true, year: 2026, rotateSeconds: 20, freshnessSeconds: 60 });
  });

  it("ignore keys they do not know, which are the staff's own notes", () => {
    const raw = settingsTabWith(["联系人", "张三"], ["weight.其他", "10"]);

    expect(settingsOf(raw)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it("with a bad value are a bad-setting warning, and the default is kept", () => {
    const raw = settingsTabWith(["weight.拉练抽查", "25"], ["weight.日常督查", "三十"]);

    const { settings, problems } = settingsOf(raw);

    expect(settings.weights).toEqual({ 拉练抽查: 25, 日常督查: 30, 年末检查: 30, 述职评议: 20 });
    expect(problems).toEqual([
      {
        tab: "设置",
        row: 3,
        column: "值",
        cell: "B3",
        value: "三十",
        code: "bad-setting",
        rowId: "weight.日常督查",
        params: { key: "weight.日常督查", value: "三十", expect: "number", min: 0, max: 100, fallback: "30" },
        message: "设置「weight.日常督查」的值「三十」无效：应为 0 到 100 之间的数字。将使用默认值 30。",
        severity: "warning",
      },
    ]);
  });

  it("with a bad value report the value's own cell wherever that column is", () => {
    const filler = Array.from({ length: 26 }, (_, i) => `备用${i + 1}`);
    const raw = tab("设置", [["系统设置"], ["说明", "键", ...filler, "值"], ["是否公开排名", "ranking.public", ...filler.map(() => null), "公开"]]);

    const { settings, problems } = settingsOf(raw);

    expect(settings.rankingPublic).toBe(false);
    expect(problems).toEqual([
      {
        tab: "设置",
        row: 3,
        column: "值",
        cell: "AC3",
        value: "公开",
        code: "bad-setting",
        rowId: "ranking.public",
        params: { key: "ranking.public", value: "公开", expect: "bool", fallback: "否" },
        message: "设置「ranking.public」的值「公开」无效：应为 是 或 否。将使用默认值 否。",
        severity: "warning",
      },
    ]);
  });

  it("out of range are a bad-setting warning naming the accepted range", () => {
    const raw = settingsTabWith(["screen.rotateSeconds", "1.5"]);

    const { settings, problems } = settingsOf(raw);

    expect(settings.rotateSeconds).toBe(15);
    expect(problems).toEqual([
      expect.objectContaining({
        cell: "B2",
        code: "bad-setting",
        message: "设置「screen.rotateSeconds」的值「1.5」无效：应为 3 到 3600 之间的整数。将使用默认值 15。",
        severity: "warning",
      }),
    ]);
  });
});
