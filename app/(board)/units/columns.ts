import type { LeagueTableRow, LeagueView } from "@/lib/data/league";
import type { Messages } from "@/lib/i18n";
import { UNIT_KINDS } from "@/lib/schema/tabs";
import type { SortSpec, TableColumn } from "@/app/_components/table/types";
import { gradeLabels } from "../scores/columns";

export const LEAGUE_DEFAULT_SORT: SortSpec[] = [{ key: "overdue", desc: true }];

const GRADE_ORDER = ["好", "较好", "一般", "差", "incomplete"];

/** ↑2 / ↓1 / ＝ per change value, ordered numerically so the column sorts by size. */
function changeColumn(key: string, header: string, values: readonly (number | null)[], points = false): TableColumn {
  const present = [...new Set(values.filter((v): v is number => v !== null))].sort((a, b) => a - b);
  const text = (v: number) => (v === 0 ? "＝" : `${v > 0 ? "↑" : "↓"}${Math.abs(v)}${points ? "pt" : ""}`);
  return {
    key,
    header,
    kind: "enum",
    width: 104,
    align: "right",
    labels: Object.fromEntries(present.map((v) => [String(v), text(v)])),
    order: present.map(String),
    unsearchable: true,
  };
}

/**
 * The league table's columns as a list: a new figure (visit coverage, letters signed…) is
 * one more entry here and one more field in lib/domain/league.ts. Columns the role may not
 * see are left out altogether.
 */
export function leagueColumns(t: Messages, view: Pick<LeagueView, "rows" | "scores" | "accountability">): TableColumn[] {
  const c = t.daily.leagueCol;
  const grades = gradeLabels(t);
  const rows = view.rows;
  return [
    { key: "unit", header: c.unit, width: 140, link: { base: "/units/" } },
    { key: "kind", header: c.kind, kind: "enum", width: 84, order: UNIT_KINDS.map((k) => k.label), filter: { kind: "select" } },
    { key: "tasksLed", header: c.tasksLed, kind: "number", width: 96, align: "right", unsearchable: true },
    { key: "onTimePercent", header: c.onTimePercent, kind: "decimal", width: 110, align: "right", unsearchable: true },
    changeColumn(
      "onTimeChange",
      c.onTimeChange,
      rows.map((r) => r.onTimeChange),
      true,
    ),
    { key: "overdue", header: c.overdue, kind: "number", width: 96, align: "right", unsearchable: true },
    changeColumn(
      "overdueChange",
      c.overdueChange,
      rows.map((r) => r.overdueChange),
    ),
    { key: "visits", header: c.visits, kind: "number", width: 96, align: "right", unsearchable: true },
    changeColumn(
      "visitsChange",
      c.visitsChange,
      rows.map((r) => r.visitsChange),
    ),
    { key: "suggestions", header: c.suggestions, kind: "number", width: 110, align: "right", unsearchable: true },
    { key: "solved", header: c.solved, kind: "number", width: 110, align: "right", unsearchable: true },
    { key: "coverage", header: c.coverage, kind: "decimal", width: 120, align: "right", unsearchable: true },
    {
      key: "letter",
      header: c.letter,
      kind: "enum",
      width: 110,
      labels: { signed: t.evaluation.signed, unsigned: t.evaluation.unsigned },
      order: ["signed", "unsigned"],
      filter: { kind: "select" },
      unsearchable: true,
    },
    ...(view.scores === "none"
      ? []
      : ([
          { key: "total", header: c.total, kind: "decimal", width: 104, align: "right", unsearchable: true },
          { key: "rank", header: c.rank, kind: "number", width: 72, align: "right", unsearchable: true },
          {
            key: "grade",
            header: c.grade,
            kind: "grade",
            width: 90,
            labels: grades,
            order: GRADE_ORDER,
            filter: { kind: "select", options: GRADE_ORDER.map((g) => ({ value: g, label: grades[g] ?? g })) },
          },
        ] satisfies TableColumn[])),
    ...(view.accountability === "none"
      ? []
      : ([{ key: "accountability", header: c.accountability, kind: "number", width: 96, align: "right", unsearchable: true }] satisfies TableColumn[])),
  ];
}

/** Plain rows for the table: change values as the enum keys of their columns. */
export function leagueTableRows(rows: readonly LeagueTableRow[]) {
  const key = (v: number | null) => (v === null ? null : String(v));
  return rows.map((r) => ({
    unit: r.unit,
    kind: r.kind,
    tasksLed: r.tasksLed,
    onTimePercent: r.onTimePercent,
    onTimeChange: key(r.onTimeChange),
    overdue: r.overdue,
    overdueChange: key(r.overdueChange),
    visits: r.visits,
    visitsChange: key(r.visitsChange),
    suggestions: r.suggestions,
    solved: r.solved,
    coverage: r.coverage,
    letter: r.letterSigned ? "signed" : "unsigned",
    total: r.total,
    rank: r.rank,
    grade: r.grade ?? (r.incomplete ? "incomplete" : null),
    accountability: r.accountability,
  }));
}
