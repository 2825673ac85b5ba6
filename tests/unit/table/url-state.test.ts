import { describe, expect, it } from "vitest";
import type { TableColumn } from "@/app/_components/table/types";
import { readView, writeView } from "@/app/_components/table/url-state";

const columns: TableColumn[] = [
  { key: "id", header: "任务编号" },
  { key: "leadUnit", header: "牵头单位", filter: { kind: "select", param: "unit" } },
  { key: "due", header: "完成时限", kind: "date" },
  { key: "overdue", header: "逾期", kind: "bool", hidden: true, filter: { kind: "flag", label: "只看逾期" } },
];
const defaults = { sort: [{ key: "id", desc: false }] };

describe("a table's view in the query string", () => {
  it("reads search, sort, filters, columns and the open row", () => {
    const view = readView(new URLSearchParams("q=学习&sort=-due,id&unit=经棚镇&overdue=1&cols=id,due&detail=RW-1"), columns);
    expect(view).toEqual({
      search: "学习",
      sort: [
        { key: "due", desc: true },
        { key: "id", desc: false },
      ],
      filters: { leadUnit: "经棚镇", overdue: "1" },
      columns: ["id", "due"],
      detail: "RW-1",
    });
  });

  it("ignores what it does not know: unknown columns, a flag that is not ticked", () => {
    const view = readView({ sort: "-nope", overdue: "0", cols: "nope", unit: "" }, columns);
    expect(view).toEqual({ search: "", sort: undefined, filters: {}, columns: undefined, detail: undefined });
  });

  it("tells an explicit 'unsorted' from the default sort", () => {
    expect(readView(new URLSearchParams("sort=none"), columns).sort).toEqual([]);
    expect(readView(new URLSearchParams(""), columns).sort).toBeUndefined();
  });

  it("writes only what differs from the defaults and keeps other parameters such as the year", () => {
    const base = new URLSearchParams("year=2026&q=old&unit=旧");
    const out = writeView(
      base,
      { search: "", sort: [{ key: "id", desc: false }], filters: { overdue: "1" }, columns: ["id", "leadUnit", "due"], detail: undefined },
      columns,
      defaults,
    );
    expect(out.toString()).toBe("year=2026&overdue=1");
    const sorted = writeView(base, { search: "a b", sort: [{ key: "due", desc: true }], filters: {}, columns: ["id"], detail: "RW-1" }, columns, defaults);
    expect(Object.fromEntries(sorted)).toEqual({ year: "2026", q: "a b", sort: "-due", cols: "id", detail: "RW-1" });
  });

  it("round-trips through a prefix, leaving another table's parameters alone", () => {
    const view = { search: "x", sort: [], filters: { leadUnit: "经棚镇" }, columns: undefined, detail: undefined };
    const params = writeView(new URLSearchParams("q=other"), view, columns, defaults, "t");
    expect(params.get("q")).toBe("other");
    expect(readView(params, columns, "t")).toEqual({ ...view, sort: [] });
  });
});
