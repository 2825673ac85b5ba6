import { describe, expect, it } from "vitest";
import { filterOptions, matchesFilter, pageOf, queryRows, searchWords, sortRows } from "@/app/_components/table/query";
import { serverPage, viewRows } from "@/app/_components/table/server-page";
import { tableRouteHref } from "@/app/_components/table/url-state";
import type { PlainRow, TableColumn } from "@/app/_components/table/types";

const yesNo = { yes: "是", no: "否" };
const columns: TableColumn[] = [
  { key: "id", header: "编号" },
  { key: "date", header: "日期", kind: "date" },
  { key: "unit", header: "单位", filter: { kind: "select" } },
  { key: "tier", header: "层级", kind: "enum", labels: { city: "市级", county: "县级" }, order: ["city", "county"], filter: { kind: "select" } },
  { key: "n", header: "数量", kind: "number", unsearchable: true },
  { key: "tags", header: "标签", kind: "list" },
  { key: "overdue", header: "逾期", kind: "bool", filter: { kind: "flag", label: "只看逾期" } },
];
const rows: PlainRow[] = [
  { id: "A1", date: "2026-03-02", unit: "市委办", tier: "county", n: 3, tags: ["产业", "就业"], overdue: true },
  { id: "A2", date: "2026-01-15", unit: "组织部", tier: "city", n: 10, tags: [], overdue: false },
  { id: "A3", date: null, unit: "市委办", tier: "city", n: null, tags: ["就业"], overdue: false },
  { id: "A4", date: "2026-05-09", unit: "宣传部", tier: null, n: 7, tags: ["教育"], overdue: true },
];
const ids = (list: PlainRow[]) => list.map((r) => r.id);

describe("shared table rules (client and server path)", () => {
  it("search needs every word, matches displayed labels, skips unsearchable columns", () => {
    expect(searchWords("  市委办   就业 ")).toEqual(["市委办", "就业"]);
    expect(ids(queryRows(rows, columns, { search: "市委办 就业", filters: {}, sort: [] }, yesNo))).toEqual(["A1", "A3"]);
    expect(ids(queryRows(rows, columns, { search: "市级", filters: {}, sort: [] }, yesNo))).toEqual(["A2", "A3"]);
    expect(ids(queryRows(rows, columns, { search: "10", filters: {}, sort: [] }, yesNo))).toEqual([]);
    expect(ids(queryRows(rows, columns, { search: "是", filters: {}, sort: [] }, yesNo))).toEqual(["A1", "A4"]);
  });

  it("select filters match equal cells and list items; a flag keeps true cells", () => {
    expect(matchesFilter(columns[5]!, ["产业", "就业"], "就业")).toBe(true);
    expect(ids(queryRows(rows, columns, { search: "", filters: { unit: "市委办" }, sort: [] }, yesNo))).toEqual(["A1", "A3"]);
    expect(ids(queryRows(rows, columns, { search: "", filters: { overdue: "1" }, sort: [] }, yesNo))).toEqual(["A1", "A4"]);
    expect(ids(queryRows(rows, columns, { search: "", filters: { unit: "市委办", overdue: "1" }, sort: [] }, yesNo))).toEqual(["A1"]);
  });

  it("sorts by enum order, numbers and ISO dates, blanks last in both directions, ties in row order", () => {
    expect(ids(sortRows(rows, [{ key: "date", desc: true }], columns))).toEqual(["A4", "A1", "A2", "A3"]);
    expect(ids(sortRows(rows, [{ key: "date", desc: false }], columns))).toEqual(["A2", "A1", "A4", "A3"]);
    expect(ids(sortRows(rows, [{ key: "n", desc: true }], columns))).toEqual(["A2", "A4", "A1", "A3"]);
    expect(ids(sortRows(rows, [{ key: "tier", desc: false }], columns))).toEqual(["A2", "A3", "A1", "A4"]);
    expect(
      ids(
        sortRows(
          rows,
          [
            { key: "unit", desc: false },
            { key: "id", desc: true },
          ],
          columns,
        ),
      ).slice(0, 2),
    ).toEqual(["A3", "A1"]);
    expect(ids(sortRows(rows, [{ key: "nope", desc: false }], columns))).toEqual(ids(rows));
  });

  it("filter options come from the rows, in the column's order, with labels", () => {
    expect(filterOptions(columns[3]!, rows)).toEqual([
      { value: "city", label: "市级" },
      { value: "county", label: "县级" },
    ]);
    expect(filterOptions(columns[2]!, rows).map((o) => o.value)).toHaveLength(3);
  });

  it("the page number stays within the pages there are", () => {
    expect(pageOf(undefined, 250, 100)).toBe(1);
    expect(pageOf("2", 250, 100)).toBe(2);
    expect(pageOf("9", 250, 100)).toBe(3);
    expect(pageOf("-1", 250, 100)).toBe(1);
    expect(pageOf("abc", 0, 100)).toBe(1);
  });

  it("the server path reads the URL's view and sends one page, the counts and options from every row", () => {
    const many: PlainRow[] = Array.from({ length: 250 }, (_, i) => ({
      id: `R${String(i).padStart(3, "0")}`,
      date: null,
      unit: i % 2 ? "甲" : "乙",
      tier: null,
      n: i,
      tags: [],
      overdue: i % 5 === 0,
    }));
    const out = serverPage(many, columns, { unit: "甲", sort: "-n", page: "2" }, [], yesNo);
    const expected = many.filter((r) => r.unit === "甲").sort((a, b) => Number(b.n) - Number(a.n));
    expect(out.paging.matched).toBe(expected.length);
    expect(out.paging.total).toBe(250);
    expect(out.paging.page).toBe(2);
    expect(ids(out.rows)).toEqual(ids(expected.slice(100, 200)));
    expect(
      out.paging.options
        .find(([k]) => k === "unit")?.[1]
        .map((o) => o.value)
        .sort(),
    ).toEqual(["乙", "甲"].sort());
  });

  it("the server path (search text and sorted orders kept per rows array) gives the browser path's rows for any view, again and again", () => {
    const units = ["市委办", "组织部", "宣传部"];
    const many: PlainRow[] = Array.from({ length: 600 }, (_, i) => ({
      id: `V${i}`,
      date: i % 7 === 0 ? null : `2026-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
      unit: units[i % 3] as string,
      tier: i % 4 === 0 ? null : i % 2 ? "city" : "county",
      n: i % 11 === 0 ? null : (i * 37) % 50,
      tags: i % 5 === 0 ? ["就业"] : [],
      overdue: i % 3 === 0,
    }));
    const views = [
      { q: "", sort: undefined },
      { q: "就业", sort: "-date" },
      { q: "市级 组织部", sort: "n" },
      { q: "v1", sort: "tier,-n", unit: "宣传部" },
      { q: "", sort: "none", overdue: "1" },
      { q: "县级", sort: "-n,date", unit: "市委办", overdue: "1" },
      { q: "就业", sort: "-date" },
    ];
    for (const v of views) {
      const query = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as Record<string, string>;
      const filters = Object.fromEntries(Object.entries({ unit: v.unit, overdue: v.overdue }).filter(([, x]) => x !== undefined)) as Record<string, string>;
      const sort =
        v.sort === undefined
          ? [{ key: "date", desc: true }]
          : v.sort === "none"
            ? []
            : v.sort.split(",").map((k) => (k.startsWith("-") ? { key: k.slice(1), desc: true } : { key: k, desc: false }));
      const expected = queryRows(many, columns, { search: v.q, filters, sort }, yesNo);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(viewRows(many, columns, query, [{ key: "date", desc: true }], yesNo))).toEqual(ids(expected));
      expect(ids(serverPage(many, columns, query, [{ key: "date", desc: true }], yesNo).rows)).toEqual(ids(expected.slice(0, 100)));
    }
    // The same rows in a new array (a new read) are searched afresh, not through the old texts.
    const changed = many.map((r, i) => (i === 5 ? { ...r, id: "NEW-ONE" } : r));
    expect(ids(viewRows(changed, columns, { q: "new-one" }, [], yesNo))).toEqual(["NEW-ONE"]);
    expect(ids(viewRows(many, columns, { q: "new-one" }, [], yesNo))).toEqual([]);
  });

  it("a server-paged table's page and export links carry the view, the year and the format", () => {
    const base = "/api/tables/visits?year=2026&format=page";
    const view = { search: "座谈 会", sort: [{ key: "n", desc: true }], filters: { unit: "市委办", overdue: "1" }, columns: ["id", "n"] };
    const page = new URL(tableRouteHref(base, view, columns, { sort: [] }, "page", 3), "http://x");
    expect(page.pathname).toBe("/api/tables/visits");
    expect(Object.fromEntries(page.searchParams)).toEqual({
      year: "2026",
      format: "page",
      q: "座谈 会",
      sort: "-n",
      unit: "市委办",
      overdue: "1",
      cols: "id,n",
      page: "3",
    });
    const csv = new URL(tableRouteHref(base, { ...view, search: "", filters: {} }, columns, { sort: [{ key: "n", desc: true }] }, "csv"), "http://x");
    expect(Object.fromEntries(csv.searchParams)).toEqual({ year: "2026", format: "csv", cols: "id,n" });
  });
});
