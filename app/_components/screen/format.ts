import { wallClockIn } from "@/lib/clock";
import type { HeadlineFigure } from "@/lib/domain/screen";
import { formatNumber, type Locale, type Messages } from "@/lib/i18n";

/**
 * Formatting for the screen. Dates and times are built from parts rather than a
 * locale's pattern, so the server's first paint and the browser's hydration agree.
 */

/** "2026-11-20 14:03:12" in the app's time zone. */
export function clockText(iso: string, timeZone: string): string {
  return wallClockIn(timeZone, new Date(iso)).replace("T", " ");
}

/** "11月1日" / "1 Nov". */
export function dayText(date: string, locale: Locale): string {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (locale === "zh") return `${month}月${day}日`;
  const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${day} ${names[month - 1] ?? ""}`;
}

/** "2026年11月1日" / "1 Nov 2026". */
export function fullDayText(date: string, locale: Locale): string {
  return locale === "zh" ? `${date.slice(0, 4)}年${dayText(date, locale)}` : `${dayText(date, locale)} ${date.slice(0, 4)}`;
}

export function figureValue(figure: Pick<HeadlineFigure, "value" | "kind">, locale: Locale): string {
  if (figure.value === null) return "—";
  return figure.kind === "percent" ? formatNumber(locale, figure.value, 1) : formatNumber(locale, figure.value);
}

export function figureUnit(figure: Pick<HeadlineFigure, "key" | "kind">, t: Messages): string {
  return figure.kind === "percent" ? t.screen.unit.percent : (t.screen.unit.count[figure.key] ?? "");
}

/** "▲ 12", "▼ 1.5 个百分点", "持平"; the arrow and the word carry the direction, not colour alone. */
export function deltaText(figure: Pick<HeadlineFigure, "delta" | "kind" | "key">, locale: Locale, t: Messages): string {
  if (figure.delta === null) return "";
  if (figure.delta === 0) return `＝ ${t.screen.unchanged}`;
  const arrow = figure.delta > 0 ? "▲" : "▼";
  const size = Math.abs(figure.delta);
  const amount =
    figure.kind === "percent" ? `${formatNumber(locale, size, 1)} ${t.screen.points}` : `${formatNumber(locale, size)}${t.screen.unit.count[figure.key] ?? ""}`;
  return `${arrow} ${amount}`;
}

export function percentText(value: number | null, locale: Locale, digits = 0): string {
  return value === null ? "—" : `${formatNumber(locale, value, digits)}%`;
}
