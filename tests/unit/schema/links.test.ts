import { describe, expect, it } from "vitest";
import type { RawTab } from "@/lib/schema/cells";
import { parseTab } from "@/lib/schema/parse-tab";
import { meetingsTab } from "@/lib/schema/tabs";

const HEADER = ["会议编号", "日期", "类型", "主持人", "纪要链接"];

function meetings(...rows: { cells: RawTab["rows"][number]["cells"]; links?: Record<number, string> }[]): RawTab {
  return { title: "会议", rows: [{ row: 1, cells: HEADER }, ...rows.map((r, i) => ({ row: i + 2, ...r }))] };
}

describe("a hyperlink in a URL column", () => {
  it("reads as its target, the cell's text becoming its label", () => {
    const parsed = parseTab(
      meetingsTab,
      meetings({ cells: ["HY-1", "2026-03-05", "其他", "张三", "会议纪要"], links: { 4: "https://oa.example.gov.cn/m/1" } }),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { _row: 2, id: "HY-1", date: "2026-03-05", kind: "其他", chair: "张三", minutes: "https://oa.example.gov.cn/m/1", _labels: { minutes: "会议纪要" } },
    ]);
  });

  it("has no label when its text is its address, and reads as its target even on an empty text", () => {
    const parsed = parseTab(
      meetingsTab,
      meetings(
        { cells: ["HY-1", "2026-03-05", "其他", null, "https://oa.example.gov.cn/m/1"], links: { 4: "https://oa.example.gov.cn/m/1" } },
        { cells: ["HY-2", "2026-03-05", "其他", null, ""], links: { 4: "https://oa.example.gov.cn/m/2" } },
      ),
    );
    expect(parsed.rows.map((r) => [r.minutes, r._labels])).toEqual([
      ["https://oa.example.gov.cn/m/1", undefined],
      ["https://oa.example.gov.cn/m/2", undefined],
    ]);
  });

  it("that is no web address is reported with its target, and a link outside URL columns changes nothing", () => {
    const parsed = parseTab(
      meetingsTab,
      meetings({ cells: ["HY-1", "2026-03-05", "其他", "张三", "见附表"], links: { 3: "https://oa.example.gov.cn/people/zs", 4: "#附表!A1" } }),
    );
    expect(parsed.problems.map((p) => [p.code, p.cell, p.value])).toEqual([["bad-url", "E2", "#附表!A1"]]);
    expect(
      parseTab(meetingsTab, meetings({ cells: ["HY-1", "2026-03-05", "其他", "张三"], links: { 3: "https://oa.example.gov.cn/people/zs" } })).rows[0]?.chair,
    ).toBe("张三");
  });
});
