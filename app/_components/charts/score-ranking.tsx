"use client";

import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { barLink, drillHref, unitTickLink } from "./chart-links";
import { AXIS_TICK, COLORS } from "./palette";

export interface RankingRow {
  unit: string;
  total: number;
  grade: "好" | "较好" | "一般" | "差" | null;
  /** Rank, total and grade (or "incomplete") as text beside the bar. */
  label: string;
}

/** A bar opens the unit's score rows on /scores; its name filters the overview. `base`: the overview's year. */
export function ScoreRankingChart({ rows, name, base = "" }: { rows: RankingRow[]; name: string; base?: string }) {
  const height = Math.max(220, rows.length * 30 + 40);
  const year = new URLSearchParams(base).get("year") ?? undefined;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 96, top: 4, bottom: 4 }}>
        <CartesianGrid horizontal={false} stroke="#e2e8f0" />
        <XAxis type="number" domain={[0, 100]} tick={AXIS_TICK} />
        <YAxis type="category" dataKey="unit" width={120} tick={unitTickLink((u) => drillHref("/", base, { unit: u }))} interval={0} />
        <Tooltip />
        <Bar
          dataKey="total"
          name={name}
          isAnimationActive={false}
          shape={barLink<RankingRow>(
            (r) => drillHref("/scores", "", { year, unit: r.unit, "r.unit": r.unit }),
            (r) => `${r.unit} · ${r.label}`,
          )}
        >
          {rows.map((r) => (
            <Cell key={r.unit} fill={r.grade ? COLORS.grade[r.grade] : COLORS.grade.none} />
          ))}
          <LabelList dataKey="label" position="right" style={{ fontSize: 12, fill: "#334155" }} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
