"use client";

import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { barLink, drillHref, unitTickLink } from "./chart-links";
import { AXIS_TICK, COLORS } from "./palette";

export interface LeadUnitRow {
  unit: string;
  donePercent: number;
  label: string;
  /** 按期完成率 beside the completion rate: done on or before 完成时限. */
  onTimePercent: number;
  onTimeLabel: string;
}

/** A bar opens the unit's tasks; the unit's name filters the whole overview to it. `base`: the overview's year. */
export function CompletionByLeadUnitChart({ rows, name, onTimeName, base = "" }: { rows: LeadUnitRow[]; name: string; onTimeName: string; base?: string }) {
  const height = Math.max(240, rows.length * 44 + 70);
  const toTasks = (r: LeadUnitRow) => drillHref("/tasks", base, { unit: r.unit });
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 96, top: 4, bottom: 4 }} barGap={1}>
        <CartesianGrid horizontal={false} stroke="#e2e8f0" />
        <XAxis type="number" domain={[0, 100]} unit="%" tick={AXIS_TICK} />
        <YAxis type="category" dataKey="unit" width={120} tick={unitTickLink((u) => drillHref("/", base, { unit: u }))} interval={0} />
        <Tooltip formatter={(v) => `${v}%`} />
        <Bar
          dataKey="donePercent"
          name={name}
          fill={COLORS.done}
          minPointSize={2}
          isAnimationActive={false}
          shape={barLink(toTasks, (r) => `${r.unit} · ${name} ${r.label}`)}
        >
          <LabelList dataKey="label" position="right" style={{ fontSize: 12, fill: "#334155" }} />
        </Bar>
        <Bar
          dataKey="onTimePercent"
          name={onTimeName}
          fill={COLORS.onTime}
          minPointSize={2}
          isAnimationActive={false}
          shape={barLink(toTasks, (r) => `${r.unit} · ${onTimeName} ${r.onTimeLabel}`)}
        >
          <LabelList dataKey="onTimeLabel" position="right" style={{ fontSize: 11, fill: "#334155" }} />
        </Bar>
        <Legend wrapperStyle={{ fontSize: 12 }} />
      </BarChart>
    </ResponsiveContainer>
  );
}
