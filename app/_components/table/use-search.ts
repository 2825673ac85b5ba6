"use client";

import { useMemo } from "react";
import { cellText, type YesNo } from "./format";
import type { PlainRow, TableColumn } from "./types";

/** Free-text search over every searchable column's displayed text, all words required. */
export function useSearched(rows: PlainRow[], columns: readonly TableColumn[], yesNo: YesNo, search: string): PlainRow[] {
  const haystacks = useMemo(() => {
    const searchable = columns.filter((c) => !c.unsearchable);
    return new Map(
      rows.map((row) => [
        row,
        searchable
          .map((c) => cellText(c, row[c.key], yesNo))
          .join("\u0001")
          .toLowerCase(),
      ]),
    );
  }, [rows, columns, yesNo]);
  return useMemo(() => {
    const words = search.trim().toLowerCase().split(/\s+/u).filter(Boolean);
    if (words.length === 0) return rows;
    return rows.filter((row) => {
      const text = haystacks.get(row) ?? "";
      return words.every((w) => text.includes(w));
    });
  }, [rows, haystacks, search]);
}
