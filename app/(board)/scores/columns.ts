import { enumLabels, type Messages } from "@/lib/i18n";
import { FIX_STATUSES, SCORE_METHODS } from "@/lib/schema/tabs";
import type { TableColumn } from "@/app/_components/table/types";

const GRADE_ORDER = ["好", "较好", "一般", "差", "incomplete"];

export function gradeLabels(t: Messages): Record<string, string> {
  return { ...t.enums.grade, incomplete: t.scores.incomplete };
}

/** 考核方式 as the reader's language names it. */
export function methodLabels(t: Messages): Record<string, string> {
  return { 拉练抽查: t.scores.col.drill, 日常督查: t.scores.col.routine, 年末检查: t.scores.col.yearEnd, 述职评议: t.scores.col.report };
}

export function annualColumns(t: Messages): TableColumn[] {
  const c = t.scores.col;
  const grades = gradeLabels(t);
  return [
    { key: "rank", header: c.rank, kind: "number", width: 84, align: "right", unsearchable: true, card: 4 },
    { key: "unit", header: c.unit, width: 140, link: { base: "/units/" }, filter: { kind: "select" }, card: 1 },
    { key: "drill", header: c.drill, kind: "decimal", width: 112, unsearchable: true },
    { key: "routine", header: c.routine, kind: "decimal", width: 112, unsearchable: true },
    { key: "yearEnd", header: c.yearEnd, kind: "decimal", width: 112, unsearchable: true },
    { key: "report", header: c.report, kind: "decimal", width: 112, unsearchable: true },
    { key: "total", header: c.total, kind: "decimal", width: 124, unsearchable: true, card: 2 },
    {
      key: "grade",
      header: c.grade,
      kind: "grade",
      width: 100,
      labels: grades,
      order: GRADE_ORDER,
      card: 3,
      filter: { kind: "select", options: GRADE_ORDER.map((g) => ({ value: g, label: grades[g] ?? g })) },
    },
    { key: "missing", header: c.missing, kind: "list", width: 140, labels: methodLabels(t) },
    { key: "capped", header: c.capped, kind: "bool", width: 170, labels: { true: t.scores.cappedMark, false: "" } },
    { key: "accountabilityIds", header: c.accountabilityIds, kind: "list", width: 140, hidden: true },
  ];
}

export function recordColumns(t: Messages): TableColumn[] {
  const c = t.scores.col;
  return [
    { key: "id", header: c.id, width: 110 },
    { key: "unit", header: c.unit, width: 140, link: { base: "/units/" }, filter: { kind: "select" }, card: 1 },
    {
      key: "method",
      header: c.method,
      kind: "enum",
      width: 110,
      labels: methodLabels(t),
      order: SCORE_METHODS.map((m) => m.label),
      filter: { kind: "select" },
      card: 2,
    },
    { key: "date", header: c.date, kind: "date", width: 110, card: 3 },
    { key: "score", header: c.score, kind: "decimal", width: 80, unsearchable: true, card: 4 },
    { key: "inspector", header: c.inspector, width: 100 },
    { key: "deductions", header: c.deductions, width: 240, wrap: true },
    { key: "fixDue", header: c.fixDue, kind: "date", width: 110, hidden: true },
    {
      key: "fixStatus",
      header: c.fixStatus,
      kind: "enum",
      width: 100,
      labels: enumLabels(FIX_STATUSES, t.enums.fixStatus),
      order: FIX_STATUSES.map((f) => f.label),
      filter: { kind: "select" },
    },
  ];
}
