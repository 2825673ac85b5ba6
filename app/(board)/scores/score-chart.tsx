"use client";

import { Bar, BarChart, CartesianGrid, LabelList, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK } from "@/app/_components/charts/palette";
import { textWidth } from "../visits/horizontal-bars";

export const MAKE_UP_KEYS = ["drill", "routine", "yearEnd", "report"] as const;
export type MakeUpKey = (typeof MAKE_UP_KEYS)[number];

export type ScoreMakeUpRow = { unit: string; label: string } & Record<MakeUpKey, number | null>;

/** Distinct in hue and lightness, so neighbouring segments stay apart for colour-blind readers; the legend names them. */
const METHOD_COLORS: Record<MakeUpKey, string> = { drill: "#1e3a8a", routine: "#0f766e", yearEnd: "#d97706", report: "#a31218" };

/** Each unit's weighted total as a stack of the four methods' contributions; the total sits after the last segment. */
export function ScoreMakeUpChart({ rows, names, title }: { rows: ScoreMakeUpRow[]; names: Record<MakeUpKey, string>; title: string }) {
  const height = Math.max(240, rows.length * 30 + 70);
  // The total's label goes on the row's last present segment (a missing method has none).
  const data = rows.map((r) => {
    const last = [...MAKE_UP_KEYS].reverse().find((k) => r[k] !== null);
    return { ...r, ...Object.fromEntries(MAKE_UP_KEYS.map((k) => [`${k}Label`, k === last ? r.label : ""])) };
  });
  const labelWidth = Math.min(200, Math.max(48, ...rows.map((r) => textWidth(r.unit))) + 12);
  const valueWidth = Math.max(40, ...rows.map((r) => textWidth(r.label))) + 12;
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={title}>
      <div style={{ minWidth: labelWidth + valueWidth + 260 }}>
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={data} layout="vertical" margin={{ left: 4, right: valueWidth, top: 4, bottom: 4 }}>
            <CartesianGrid horizontal={false} stroke="#e2e8f0" />
            <XAxis type="number" domain={[0, 100]} ticks={[0, 20, 40, 60, 80, 100]} tick={AXIS_TICK} />
            <YAxis type="category" dataKey="unit" width={labelWidth} tick={AXIS_TICK} interval={0} />
            <Tooltip formatter={(v) => (typeof v === "number" ? v.toFixed(2) : String(v))} />
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            {MAKE_UP_KEYS.map((k) => (
              <Bar key={k} dataKey={k} name={names[k]} stackId="total" fill={METHOD_COLORS[k]} stroke="#fff" strokeWidth={1} isAnimationActive={false}>
                <LabelList dataKey={`${k}Label`} position="right" style={{ fontSize: 12, fill: "#334155" }} />
              </Bar>
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
