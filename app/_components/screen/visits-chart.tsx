import type { MonthFigures } from "@/lib/domain/screen";

const W = 1000;
const H = 560;
const PAD = { left: 64, right: 16, top: 40, bottom: 56 };

/** A round step giving about five grid lines up to `max`. */
function gridStep(max: number): number {
  const rough = Math.max(1, max) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough);
  return step ?? 10 * power;
}

/**
 * Visits by month as bars, suggestions and problems solved as lines. Drawn in SVG user
 * units rather than pixels, so labels grow with the slide on any screen and on paper.
 */
export function VisitsChart({
  months,
  monthNames,
  labels,
}: {
  months: MonthFigures[];
  monthNames: readonly string[];
  labels: { visits: string; suggestions: string; solved: string };
}) {
  const max = Math.max(1, ...months.flatMap((m) => [m.visits, m.suggestions, m.solved]));
  const step = gridStep(max);
  const top = Math.ceil(max / step) * step;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slots = Math.max(months.length, 1);
  const slot = plotW / slots;
  const x = (i: number) => PAD.left + slot * (i + 0.5);
  const y = (v: number) => PAD.top + plotH * (1 - v / top);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const line = (key: "suggestions" | "solved") => months.map((m, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(m[key]).toFixed(1)}`).join(" ");
  const barW = Math.min(56, slot * 0.55);

  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="xMidYMin meet"
      className="h-full w-full"
      role="img"
      aria-label={`${labels.visits} · ${labels.suggestions} · ${labels.solved}`}
    >
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="var(--s-line)" strokeWidth={1.5} />
          <text x={PAD.left - 12} y={y(v) + 7} textAnchor="end" fontSize={20} fill="var(--s-faint)">
            {v}
          </text>
        </g>
      ))}
      {months.map((m, i) => (
        <g key={m.month} data-testid="visits-month">
          <rect x={x(i) - barW / 2} y={y(m.visits)} width={barW} height={Math.max(0, y(0) - y(m.visits))} fill="var(--s-visits)" rx={3} />
          <text x={x(i)} y={y(m.visits) - 10} textAnchor="middle" fontSize={22} fontWeight={700} fill="var(--s-fg)">
            {m.visits}
          </text>
          <text x={x(i)} y={H - PAD.bottom + 36} textAnchor="middle" fontSize={22} fill="var(--s-muted)">
            {monthNames[m.month - 1] ?? m.month}
          </text>
        </g>
      ))}
      <path d={line("suggestions")} fill="none" stroke="var(--s-suggestions)" strokeWidth={5} strokeLinejoin="round" />
      <path d={line("solved")} fill="none" stroke="var(--s-solved)" strokeWidth={5} strokeDasharray="14 8" strokeLinejoin="round" />
      {months.map((m, i) => (
        <g key={m.month}>
          <circle cx={x(i)} cy={y(m.suggestions)} r={7} fill="var(--s-suggestions)" />
          <rect x={x(i) - 7} y={y(m.solved) - 7} width={14} height={14} fill="var(--s-solved)" />
        </g>
      ))}
    </svg>
  );
}
