"use client";

import { Rectangle } from "recharts";

/**
 * Chart marks as real links (an SVG <a>): a bar or a point opens the rows behind it, by
 * keyboard or mouse, and can be opened in a new tab or shared like any link.
 */
// Recharts calls these as render functions (shape, dot, tick), not as components: hence lower-case names.
type MarkProps = { x?: number; y?: number; width?: number; height?: number; fill?: string; radius?: number | [number, number, number, number] };

export function barLink<Row>(href: (row: Row) => string | undefined, label: (row: Row) => string) {
  function linkedBar(props: MarkProps & { payload?: Row }) {
    const { payload, x, y, width, height, fill, radius } = props;
    const rect = <Rectangle x={x} y={y} width={width} height={height} fill={fill} radius={radius} />;
    const url = payload === undefined ? undefined : href(payload);
    if (!url || payload === undefined || !width || !height) return rect;
    return (
      <a
        href={url}
        aria-label={label(payload)}
        data-testid="chart-link"
        className="cursor-pointer focus:outline-none [&:focus>path]:stroke-slate-900 [&:focus>path]:stroke-2"
      >
        {rect}
      </a>
    );
  }
  return linkedBar;
}

export function dotLink<Row>(href: (row: Row) => string | undefined, label: (row: Row) => string, color: string) {
  function linkedDot(props: { cx?: number; cy?: number; payload?: Row; index?: number }) {
    const { cx, cy, payload, index } = props;
    if (cx === undefined || cy === undefined || payload === undefined) return <g key={index} />;
    const dot = <circle cx={cx} cy={cy} r={4} fill="#fff" stroke={color} strokeWidth={2} />;
    const url = href(payload);
    return url ? (
      <a key={index} href={url} aria-label={label(payload)} data-testid="chart-link" className="cursor-pointer">
        {dot}
      </a>
    ) : (
      <g key={index}>{dot}</g>
    );
  }
  return linkedDot;
}

/** A unit's name on a category axis, linking to the overview filtered to that unit. */
export function unitTickLink(hrefOf: (unit: string) => string) {
  function unitTick(props: { x?: number | string; y?: number | string; payload?: { value?: string } }) {
    const unit = props.payload?.value ?? "";
    return (
      <a href={hrefOf(unit)} aria-label={unit} data-testid="chart-unit-link">
        <text x={Number(props.x ?? 0)} y={Number(props.y ?? 0)} dy={4} textAnchor="end" fontSize={12} fill="#1d4ed8">
          {unit}
        </text>
      </a>
    );
  }
  return unitTick;
}

/** `path?base&key=value…`, leaving out empty values. */
export function drillHref(path: string, base: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams(base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
