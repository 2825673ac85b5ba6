/** Visit coverage computed from the workbook's rows (exceljs, not the app's parser), for the specs to compare with. */
import { TODAY } from "./pages";
import type { SheetRow } from "./sheet-rows";

export const PERIODS = {
  quarter: { start: "2026-10-01", end: "2026-12-31" },
  month: { start: "2026-11-01", end: "2026-11-30" },
} as const;

/** Active cadres short of their requirement in a period, by 干部编号, from the 干部 / 走访 / 设置 rows. */
export function shortOfRequirement(tabs: Record<string, SheetRow[]>, period: keyof typeof PERIODS): { missing: string[]; active: number } {
  const setting = new Map((tabs["设置"] ?? []).map((r) => [r["键"], r["值"]]));
  const { start, end } = PERIODS[period];
  const visits = tabs["走访"] ?? [];
  const active = (tabs["干部"] ?? []).filter((c) => c["在岗"] !== "否");
  const missing = active.filter((c) => {
    const perQuarter = Number(c["走访要求"] || setting.get(`visit.perQuarter.${c["干部层级"]}`) || 1);
    const required = period === "quarter" ? perQuarter : Math.ceil(perQuarter / 3);
    const made = visits.filter(
      (v) =>
        (v["干部编号"] ? v["干部编号"] === c["干部编号"] : v["干部姓名"] === c["姓名"] && v["所属单位"] === c["所属单位"]) &&
        (v["日期"] ?? "") >= start &&
        (v["日期"] ?? "") <= end &&
        (v["日期"] ?? "") <= TODAY,
    ).length;
    return made < required;
  });
  return { missing: missing.map((c) => c["干部编号"] ?? "").sort(), active: active.length };
}

/** Quarter coverage per 所属单位 in percent (one decimal), from the rows; units without active cadres are absent. */
export function quarterCoverageByUnit(tabs: Record<string, SheetRow[]>): Map<string, number> {
  const { missing } = shortOfRequirement(tabs, "quarter");
  const short = new Set(missing);
  const byUnit = new Map<string, { active: number; met: number }>();
  for (const c of (tabs["干部"] ?? []).filter((x) => x["在岗"] !== "否")) {
    const u = byUnit.get(c["所属单位"] ?? "") ?? { active: 0, met: 0 };
    u.active += 1;
    if (!short.has(c["干部编号"] ?? "")) u.met += 1;
    byUnit.set(c["所属单位"] ?? "", u);
  }
  return new Map([...byUnit].map(([unit, { active, met }]) => [unit, Math.round((met / active) * 1000) / 10]));
}
