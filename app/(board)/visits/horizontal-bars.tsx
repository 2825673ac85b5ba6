"use client";

import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK } from "@/app/_components/charts/palette";

export interface BarRow {
  label: string;
  value: number;
  /** Text beside the bar, so the figure reads without hovering. */
  valueLabel: string;
}

/** Rough rendered width at 12px: CJK characters are square, the rest about half as wide. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/u.test(ch) ? 12 : 7;
  return w;
}

/**
 * One bar per row, labels on the left in full: Chinese names never need rotating or
 * cutting. Below its minimum width the chart scrolls sideways instead of squeezing the bars.
 */
export function HorizontalBars({ rows, name, color, title }: { rows: BarRow[]; name: string; color: string; title: string }) {
  const height = Math.max(160, rows.length * 28 + 40);
  const labelWidth = Math.min(200, Math.max(48, ...rows.map((r) => textWidth(r.label))) + 12);
  const valueWidth = Math.max(24, ...rows.map((r) => textWidth(r.valueLabel))) + 12;
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={title}>
      {/* 80 px of bar at least: the longest unit name and its figures still fit a 390-wide phone. */}
      <div style={{ minWidth: labelWidth + valueWidth + 80 }}>
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} layout="vertical" margin={{ left: 4, right: valueWidth, top: 4, bottom: 4 }}>
            <CartesianGrid horizontal={false} stroke="#e2e8f0" />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
            <YAxis type="category" dataKey="label" width={labelWidth} tick={AXIS_TICK} interval={0} />
            <Tooltip />
            <Bar dataKey="value" name={name} fill={color} minPointSize={2} isAnimationActive={false}>
              <LabelList dataKey="valueLabel" position="right" style={{ fontSize: 12, fill: "#334155" }} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
