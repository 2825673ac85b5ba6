import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Cell } from "@/app/_components/table/cells";
import type { PlainRow, TableColumn } from "@/app/_components/table/types";

const column: TableColumn = { key: "evidence", header: "佐证链接", kind: "url", labelKey: "evidenceLabel" };

function render(row: PlainRow, full = false): string {
  return renderToStaticMarkup(
    createElement(Cell, { column, row, locale: "zh", yesNo: { yes: "是", no: "否" }, full, planLabel: "计划", actualLabel: "实际", linkLabel: "链接" }),
  );
}

describe("a URL cell", () => {
  it("shows a hyperlink's own text as the link, pointing at its target", () => {
    const row = { evidence: "https://oa.example.gov.cn/photos/7", evidenceLabel: "现场照片" };
    expect(render(row)).toMatch(/<a href="https:\/\/oa.example.gov.cn\/photos\/7"[^>]*>现场照片<\/a>/u);
    // The detail view names the address beside the text.
    const detail = render(row, true);
    expect(detail).toMatch(/>现场照片<\/a>/u);
    expect(detail).toContain(">https://oa.example.gov.cn/photos/7</span>");
  });

  it("without a label shows the generic word in lists and the address in the detail view", () => {
    const row = { evidence: "https://oa.example.gov.cn/photos/7", evidenceLabel: null };
    expect(render(row)).toMatch(/>链接<\/a>/u);
    expect(render(row, true)).toMatch(/>https:\/\/oa.example.gov.cn\/photos\/7<\/a>/u);
  });
});
