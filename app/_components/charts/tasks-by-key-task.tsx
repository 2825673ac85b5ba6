"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
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

export function TasksByKeyTaskChart({ rows, labels }: { rows: KeyTaskRow[]; labels: Record<"done" | "green" | "yellow" | "red" | "unknown" | "cancelled", string> }) {
  const height = Math.max(220, rows.length * 44 + 60);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }} barCategoryGap={10}>
        <CartesianGrid horizontal={false} stroke="#e2e8f0" />
        <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
        <YAxis type="category" dataKey="keyTask" width={110} tick={AXIS_TICK} interval={0} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="done" name={labels.done} stackId="s" fill={COLORS.done} isAnimationActive={false} />
        <Bar dataKey="green" name={labels.green} stackId="s" fill={COLORS.green} isAnimationActive={false} />
        <Bar dataKey="yellow" name={labels.yellow} stackId="s" fill={COLORS.yellow} isAnimationActive={false} />
        <Bar dataKey="red" name={labels.red} stackId="s" fill={COLORS.red} isAnimationActive={false} />
        <Bar dataKey="unknown" name={labels.unknown} stackId="s" fill={COLORS.unknown} isAnimationActive={false} />
        <Bar dataKey="cancelled" name={labels.cancelled} stackId="s" fill={COLORS.cancelled} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
