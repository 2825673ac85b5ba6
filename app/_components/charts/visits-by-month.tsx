"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, COLORS } from "./palette";

export interface MonthRow {
  month: string;
  count: number;
  suggestions: number;
  solved: number;
}

export function VisitsByMonthChart({ rows, labels }: { rows: MonthRow[]; labels: Record<"count" | "suggestions" | "solved", string> }) {
  return (
    <ResponsiveContainer width="100%" height={300}>
      <ComposedChart data={rows} margin={{ left: 0, right: 8, top: 8, bottom: 4 }}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        {/* Every month where there is room; on a phone recharts leaves out labels that would run together. */}
        <XAxis dataKey="month" tick={AXIS_TICK} interval="preserveStartEnd" minTickGap={4} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} width={40} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="count" name={labels.count} fill={COLORS.visits} isAnimationActive={false} />
        <Line dataKey="suggestions" name={labels.suggestions} stroke={COLORS.suggestions} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        <Line dataKey="solved" name={labels.solved} stroke={COLORS.solved} strokeWidth={2} strokeDasharray="5 3" dot={{ r: 3 }} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
