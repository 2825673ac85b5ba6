import { describe, expect, it } from "vitest";
import type { TableColumn } from "@/app/_components/table/types";
import { defaultColumns, readView, writeView } from "@/app/_components/table/url-state";

const columns: TableColumn[] = [
  { key: "id", header: "任务编号" },
  { key: "leader", header: "责任领导", hidden: true, shownWith: "overdue" },
  { key: "notes", header: "备注", hidden: true },
  { key: "overdue", header: "逾期", kind: "bool", hidden: true, filter: { kind: "flag", label: "只看逾期" } },
];

describe("default columns", () => {
  it("bring a hidden column in while the filter it follows is on (责任领导 in the overdue view)", () => {
    expect(defaultColumns(columns, {})).toEqual(["id"]);
    expect(defaultColumns(columns, { overdue: "1" })).toEqual(["id", "leader"]);
  });

  it("keep the overdue view's URL free of a column list, and a chosen list different from it is kept", () => {
    const view = readView(new URLSearchParams("overdue=1"), columns);
    expect(writeView(new URLSearchParams(), { ...view, columns: ["id", "leader"] }, columns, { sort: [] }).toString()).toBe("overdue=1");
    expect(writeView(new URLSearchParams(), { ...view, columns: ["id"] }, columns, { sort: [] }).toString()).toBe("overdue=1&cols=id");
  });
});
