import { enumLabels, type Messages } from "@/lib/i18n";
import { TASK_LEVELS, TASK_STATUSES } from "@/lib/schema/tabs";
import type { SortSpec, TableColumn } from "@/app/_components/table/types";

export const TASK_DEFAULT_SORT: SortSpec[] = [{ key: "id", desc: false }];

/** The task table's columns; the unit page reuses them. */
export function taskColumns(t: Messages): TableColumn[] {
  const c = t.tasks.col;
  return [
    { key: "id", header: c.id, width: 116, link: { base: "/tasks/" } },
    { key: "title", header: c.title, width: 260, link: { base: "/tasks/", key: "id" }, card: 1 },
    { key: "keyTask", header: c.keyTask, width: 120, filter: { kind: "select" } },
    { key: "leadUnit", header: c.leadUnit, width: 124, link: { base: "/units/" }, filter: { kind: "select", param: "unit" }, card: 2 },
    { key: "leader", header: c.leader, width: 100, hidden: true, shownWith: "overdue" },
    { key: "owner", header: c.owner, width: 92 },
    { key: "due", header: c.due, kind: "date", width: 106, card: 5 },
    { key: "overdueDays", header: c.overdueDays, kind: "number", width: 104, unsearchable: true, card: 6 },
    { key: "progress", header: c.progress, kind: "progress", planKey: "planned", width: 140, unsearchable: true, card: 4 },
    {
      key: "light",
      header: c.light,
      kind: "light",
      width: 96,
      labels: t.tasks.light,
      order: ["red", "yellow", "unknown", "green"],
      card: 3,
      filter: { kind: "select", options: (["red", "yellow", "unknown", "green"] as const).map((v) => ({ value: v, label: t.tasks.light[v] })) },
    },
    { key: "bad", header: t.trust.badCol, kind: "problems", width: 200, labels: { bad: t.trust.badRow } },
    {
      key: "status",
      header: c.status,
      kind: "enum",
      width: 84,
      labels: enumLabels(TASK_STATUSES, t.enums.taskStatus),
      order: TASK_STATUSES.map((s) => s.label),
      filter: { kind: "select" },
    },
    {
      key: "level",
      header: c.level,
      kind: "enum",
      width: 160,
      hidden: true,
      labels: enumLabels(TASK_LEVELS, t.enums.taskLevel),
      order: TASK_LEVELS.map((l) => l.label),
      filter: { kind: "select" },
    },
    { key: "partnerUnits", header: c.partnerUnits, kind: "list", width: 200, hidden: true, link: { base: "/units/" } },
    { key: "start", header: c.start, kind: "date", width: 110, hidden: true },
    { key: "doneOn", header: c.doneOn, kind: "date", width: 110, hidden: true },
    { key: "planned", header: c.planned, kind: "number", width: 100, hidden: true, unsearchable: true },
    {
      key: "overdue",
      header: c.overdue,
      kind: "bool",
      width: 80,
      hidden: true,
      labels: { true: t.tasks.overdueMark, false: "" },
      filter: { kind: "flag", label: t.tasks.overdueOnly },
    },
    { key: "notes", header: c.notes, width: 200, hidden: true },
    { key: "updatedAt", header: c.updatedAt, width: 160, hidden: true, unsearchable: true },
  ];
}
