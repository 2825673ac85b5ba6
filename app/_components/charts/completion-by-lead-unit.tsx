"use client";

import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, COLORS } from "./palette";

export interface LeadUnitRow {
  unit: string;
  donePercent: number;
  label: string;
}

export function CompletionByLeadUnitChart({ rows, name }: { rows: LeadUnitRow[]; name: string }) {
  const height = Math.max(220, rows.length * 30 + 40);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 168, top: 4, bottom: 4 }}>
        <CartesianGrid horizontal={false} stroke="#e2e8f0" />
        <XAxis type="number" domain={[0, 100]} unit="%" tick={AXIS_TICK} />
        <YAxis type="category" dataKey="unit" width={120} tick={AXIS_TICK} interval={0} />
        <Tooltip formatter={(v) => `${v}%`} />
        <Bar dataKey="donePercent" name={name} fill={COLORS.done} minPointSize={2} isAnimationActive={false}>
          <LabelList dataKey="label" position="right" style={{ fontSize: 12, fill: "#334155" }} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
