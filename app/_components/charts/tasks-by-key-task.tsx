"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { barLink, drillHref } from "./chart-links";
import { AXIS_TICK, COLORS } from "./palette";

export interface KeyTaskRow {
  keyTask: string;
  done: number;
  green: number;
  yellow: number;
  red: number;
  unknown: number;
  cancelled: number;
}

type Series = "done" | "green" | "yellow" | "red" | "unknown" | "cancelled";

/** The task table's filters that show one segment's rows. */
const FILTER: Record<Series, Record<string, string>> = {
  done: { status: "已完成" },
  green: { light: "green" },
  yellow: { light: "yellow" },
  red: { light: "red" },
  unknown: { light: "unknown" },
  cancelled: { status: "已取消" },
};

/** `base`: the overview's year (and unit) as a query string, carried into every link. */
export function TasksByKeyTaskChart({ rows, labels, base = "" }: { rows: KeyTaskRow[]; labels: Record<Series, string>; base?: string }) {
  const height = Math.max(220, rows.length * 44 + 60);
  const shape = (s: Series) =>
    barLink<KeyTaskRow>(
      (r) => drillHref("/tasks", base, { keyTask: r.keyTask, ...FILTER[s] }),
      (r) => `${r.keyTask} · ${labels[s]} ${r[s]}`,
    );
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }} barCategoryGap={10}>
        <CartesianGrid horizontal={false} stroke="#e2e8f0" />
        <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
        <YAxis type="category" dataKey="keyTask" width={110} tick={AXIS_TICK} interval={0} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {(["done", "green", "yellow", "red", "unknown", "cancelled"] as const).map((s) => (
          <Bar key={s} dataKey={s} name={labels[s]} stackId="s" fill={COLORS[s]} isAnimationActive={false} shape={shape(s)} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
