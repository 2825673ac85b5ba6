"use client";

import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, Bar } from "recharts";
import { AXIS_TICK, COLORS } from "./palette";

export interface TrendRow {
  month: string;
  overdue: number | null;
  donePercent: number | null;
  onTimePercent: number | null;
}

/** Overdue tasks (bars, left axis) and 完成率 / 按期完成率 (lines, right axis, %) month by month. */
export function TrendByMonthChart({ rows, labels }: { rows: TrendRow[]; labels: Record<"overdue" | "donePercent" | "onTimePercent", string> }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart data={rows} margin={{ left: 0, right: 8, top: 8, bottom: 4 }}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="month" tick={AXIS_TICK} interval="preserveStartEnd" minTickGap={4} />
        <YAxis yAxisId="n" allowDecimals={false} tick={AXIS_TICK} width={32} />
        <YAxis yAxisId="p" orientation="right" domain={[0, 100]} unit="%" tick={AXIS_TICK} width={44} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="n" dataKey="overdue" name={labels.overdue} fill={COLORS.red} isAnimationActive={false} />
        <Line
          yAxisId="p"
          dataKey="donePercent"
          name={labels.donePercent}
          stroke={COLORS.done}
          strokeWidth={2}
          dot={{ r: 3 }}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          yAxisId="p"
          dataKey="onTimePercent"
          name={labels.onTimePercent}
          stroke={COLORS.onTime}
          strokeWidth={2}
          strokeDasharray="5 3"
          dot={{ r: 3 }}
          connectNulls
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
