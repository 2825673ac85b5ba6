import Link from "next/link";
import { formatNumber, type Locale } from "@/lib/i18n";
import { cellText, type YesNo } from "./format";
import type { CellValue, PlainRow, TableColumn } from "./types";

/** Colour plus a shape and a word, so the status reads without colour vision too. */
const LIGHT_STYLE: Record<string, { className: string; icon: string }> = {
  red: { className: "bg-red-50 text-red-800 ring-red-200", icon: "✕" },
  yellow: { className: "bg-amber-50 text-amber-900 ring-amber-200", icon: "!" },
  green: { className: "bg-green-50 text-green-800 ring-green-200", icon: "✓" },
  // 待核实: grey, dark enough to read, with its own shape.
  unknown: { className: "bg-slate-100 text-slate-800 ring-slate-400", icon: "?" },
};

const GRADE_STYLE: Record<string, string> = {
  好: "bg-green-50 text-green-800 ring-green-200",
  较好: "bg-blue-50 text-blue-800 ring-blue-200",
  一般: "bg-amber-50 text-amber-900 ring-amber-200",
  差: "bg-red-50 text-red-800 ring-red-200",
};

export interface CellProps {
  column: TableColumn;
  row: PlainRow;
  locale: Locale;
  yesNo: YesNo;
  /** In the detail view: wrap long text instead of cutting it. */
  full?: boolean;
  planLabel: string;
  actualLabel: string;
  linkLabel: string;
}

function hrefOf(column: TableColumn, value: string): string | undefined {
  return column.link ? `${column.link.base}${encodeURIComponent(value)}` : undefined;
}

function Pill({ className, children }: { className: string; children: React.ReactNode }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${className}`}>
      {children}
    </span>
  );
}

export function Cell({ column, row, locale, yesNo, full, planLabel, actualLabel, linkLabel }: CellProps) {
  const value: CellValue | undefined = row[column.key];
  const text = cellText(column, value, yesNo);
  const blank = value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  // Long text wraps in the detail view (and on paper); a `wrap` column shows two lines, the rest in the tooltip.
  const clip = full ? "whitespace-pre-wrap break-words" : column.wrap ? "line-clamp-2 break-words" : "block truncate";

  switch (column.kind ?? "text") {
    case "number":
    case "decimal":
      if (typeof value !== "number") return <span className="text-slate-400">—</span>;
      return <span className="tabular-nums">{formatNumber(locale, value, column.kind === "decimal" ? 2 : 0)}</span>;
    case "progress": {
      if (typeof value !== "number") return <span className="text-slate-400">—</span>;
      const plan = column.planKey ? row[column.planKey] : undefined;
      const title = typeof plan === "number" ? `${actualLabel} ${Math.round(value)}% · ${planLabel} ${Math.round(plan)}%` : `${Math.round(value)}%`;
      return (
        <span className="flex items-center gap-2" title={title}>
          <span className="relative h-2 w-16 shrink-0 overflow-hidden rounded-full bg-slate-200" aria-hidden>
            <span className="absolute inset-y-0 left-0 rounded-full bg-blue-700" style={{ width: `${Math.min(100, Math.max(0, value))}%` }} />
            {typeof plan === "number" && (
              <span className="absolute inset-y-0 w-0.5 bg-slate-900" style={{ left: `calc(${Math.min(100, Math.max(0, plan))}% - 1px)` }} />
            )}
          </span>
          <span className="tabular-nums">{formatNumber(locale, value, 0)}%</span>
          {full && typeof plan === "number" && (
            <span className="text-xs text-slate-600">
              （{planLabel} {formatNumber(locale, plan, 0)}%）
            </span>
          )}
        </span>
      );
    }
    case "light": {
      const style = typeof value === "string" ? LIGHT_STYLE[value] : undefined;
      if (!style) return <span className="text-slate-500">{text || "—"}</span>;
      return (
        <Pill className={style.className}>
          <span aria-hidden className="font-bold">
            {style.icon}
          </span>
          {text}
        </Pill>
      );
    }
    case "problems": {
      if (!Array.isArray(value) || value.length === 0) return null;
      return (
        <span className={full ? "flex flex-wrap items-center gap-1" : "flex items-center gap-1"} title={value.join("；")} data-testid="bad-row">
          <Pill className="bg-red-50 text-red-800 ring-red-200">
            <span aria-hidden className="font-bold">
              ⚠
            </span>
            {column.labels?.bad ?? "数据有误"}
          </Pill>
          <span className={full ? "break-words text-xs text-red-800" : "truncate text-xs text-red-800"}>{value.join("；")}</span>
        </span>
      );
    }
    case "grade": {
      const style = typeof value === "string" ? GRADE_STYLE[value] : undefined;
      return style ? <Pill className={style}>{text}</Pill> : <Pill className="bg-slate-100 text-slate-700 ring-slate-200">{text || "—"}</Pill>;
    }
    case "bool":
      if (value === true && column.labels?.true) return <Pill className="bg-red-50 text-red-800 ring-red-200">{text}</Pill>;
      return <span className="text-slate-600">{value === false && column.labels?.false === undefined ? yesNo.no : text}</span>;
    case "url": {
      if (typeof value !== "string" || !value) return <span className="text-slate-400">—</span>;
      const label = column.labelKey ? row[column.labelKey] : undefined;
      const named = typeof label === "string" && label ? label : undefined;
      return (
        <span className={full ? "break-words" : "block truncate"}>
          <a href={value} target="_blank" rel="noreferrer" className="text-blue-700 underline" title={value} data-testid="url-cell">
            {named ?? (full ? value : linkLabel)}
          </a>
          {full && named && <span className="ml-2 break-all text-xs text-slate-500">{value}</span>}
        </span>
      );
    }
    case "list":
      if (!Array.isArray(value) || value.length === 0) return <span className="text-slate-400">—</span>;
      return (
        <span className={full ? "break-words" : "block truncate"} title={text}>
          {value.map((item, i) => {
            const href = hrefOf(column, item);
            return (
              <span key={`${item}-${i}`}>
                {i > 0 && "、"}
                {href ? (
                  <Link href={href} className="text-blue-700 hover:underline">
                    {column.labels?.[item] ?? item}
                  </Link>
                ) : (
                  (column.labels?.[item] ?? item)
                )}
              </span>
            );
          })}
        </span>
      );
    default: {
      if (blank) return <span className="text-slate-400">{text || "—"}</span>;
      const linkValue = column.link ? row[column.link.key ?? column.key] : undefined;
      const href = typeof linkValue === "string" || typeof linkValue === "number" ? hrefOf(column, String(linkValue)) : undefined;
      const tabular = column.kind === "date" ? " tabular-nums" : "";
      return href ? (
        <Link href={href} className={`${clip}${tabular} text-blue-700 hover:underline`} title={full ? undefined : text}>
          {text}
        </Link>
      ) : (
        <span className={`${clip}${tabular}`} title={full ? undefined : text}>
          {text}
        </span>
      );
    }
  }
}
