"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { barLink, dotLink, drillHref } from "./chart-links";
import { AXIS_TICK, COLORS } from "./palette";

export interface MonthRow {
  month: string;
  /** 1–12: the visit table's month filter. */
  n?: number;
  count: number;
  suggestions: number;
  solved: number;
}

/** Each month's bar and points open that month's visits (`/visits?month=`); `base` carries the overview's year and unit. */
export function VisitsByMonthChart({ rows, labels, base }: { rows: MonthRow[]; labels: Record<"count" | "suggestions" | "solved", string>; base?: string }) {
  const href = (r: MonthRow) => (base === undefined || r.n === undefined ? undefined : drillHref("/visits", base, { month: r.n }));
  return (
    <ResponsiveContainer width="100%" height={300}>
      <ComposedChart data={rows} margin={{ left: 0, right: 8, top: 8, bottom: 4 }}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        {/* Every month where there is room; on a phone recharts leaves out labels that would run together. */}
        <XAxis dataKey="month" tick={AXIS_TICK} interval="preserveStartEnd" minTickGap={4} />
        <YAxis allowDecimals={false} tick={AXIS_TICK} width={40} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar
          dataKey="count"
          name={labels.count}
          fill={COLORS.visits}
          isAnimationActive={false}
          shape={barLink(href, (r) => `${r.month} · ${labels.count} ${r.count}`)}
        />
        <Line
          dataKey="suggestions"
          name={labels.suggestions}
          stroke={COLORS.suggestions}
          strokeWidth={2}
          dot={dotLink(href, (r) => `${r.month} · ${labels.suggestions} ${r.suggestions}`, COLORS.suggestions)}
          isAnimationActive={false}
        />
        <Line
          dataKey="solved"
          name={labels.solved}
          stroke={COLORS.solved}
          strokeWidth={2}
          strokeDasharray="5 3"
          dot={dotLink(href, (r) => `${r.month} · ${labels.solved} ${r.solved}`, COLORS.solved)}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
