/** Status colours, chosen to stay apart for red-green colour blindness; each is always paired with a text label. */
export const COLORS = {
  done: "#1d4ed8",
  green: "#15803d",
  yellow: "#d97706",
  red: "#b91c1c",
  cancelled: "#94a3b8",
  /** 按期完成率, beside 完成率. */
  onTime: "#0f766e",
  /** 待核实: darker than 已取消, and always with its word in the legend. */
  unknown: "#475569",
  visits: "#a31218",
  suggestions: "#d97706",
  solved: "#0f766e",
  grade: { 好: "#15803d", 较好: "#1d4ed8", 一般: "#d97706", 差: "#b91c1c", none: "#94a3b8" },
} as const;

export const AXIS_TICK = { fontSize: 12, fill: "#334155" } as const;
