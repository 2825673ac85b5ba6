import { enumLabels, type Messages } from "@/lib/i18n";
import { CADRE_TIERS, VISIT_METHODS } from "@/lib/schema/tabs";
import type { SortSpec, TableColumn } from "@/app/_components/table/types";

export const VISIT_DEFAULT_SORT: SortSpec[] = [{ key: "date", desc: true }];

/** Month numbers as filter options ("3" → "3月"). */
export function monthLabels(t: Messages): Record<string, string> {
  return Object.fromEntries(t.months.map((m, i) => [String(i + 1), m]));
}

export function visitColumns(t: Messages): TableColumn[] {
  const c = t.visits.col;
  const months = monthLabels(t);
  return [
    { key: "id", header: c.id, width: 120 },
    { key: "date", header: c.date, kind: "date", width: 106, card: 1 },
    {
      key: "month",
      header: c.month,
      kind: "enum",
      width: 80,
      hidden: true,
      labels: months,
      order: Object.keys(months),
      filter: { kind: "select" },
      unsearchable: true,
    },
    { key: "cadre", header: c.cadre, width: 100, card: 2 },
    {
      key: "tier",
      header: c.tier,
      kind: "enum",
      width: 96,
      labels: enumLabels(CADRE_TIERS, t.enums.cadreTier),
      order: CADRE_TIERS.map((x) => x.label),
      filter: { kind: "select" },
    },
    { key: "unit", header: c.unit, width: 124, link: { base: "/units/" }, filter: { kind: "select" }, card: 4 },
    { key: "contactPoint", header: c.contactPoint, width: 150, wrap: true, card: 3 },
    {
      key: "method",
      header: c.method,
      kind: "enum",
      width: 90,
      labels: enumLabels(VISIT_METHODS, t.enums.visitMethod),
      order: VISIT_METHODS.map((x) => x.label),
      filter: { kind: "select" },
    },
    { key: "suggestions", header: c.suggestions, kind: "number", width: 122, unsearchable: true },
    { key: "solved", header: c.solved, kind: "number", width: 122, unsearchable: true },
    { key: "bad", header: t.trust.badCol, kind: "problems", width: 200, labels: { bad: t.trust.badRow } },
    { key: "summary", header: c.summary, width: 190, wrap: true },
    { key: "evidence", header: c.evidence, kind: "url", labelKey: "evidenceLabel", width: 90, hidden: true },
    { key: "enteredBy", header: c.enteredBy, width: 100, hidden: true },
  ];
}
