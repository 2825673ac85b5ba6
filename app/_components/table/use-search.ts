"use client";

import { useMemo } from "react";
import type { YesNo } from "./format";
import { matchesWords, searchableColumns, searchText, searchWords } from "./query";
import type { PlainRow, TableColumn } from "./types";

/** Free-text search (the rules in ./query, shared with the server path) over every searchable column's displayed text, all words required. */
export function useSearched(rows: PlainRow[], columns: readonly TableColumn[], yesNo: YesNo, search: string): PlainRow[] {
  const haystacks = useMemo(() => {
    const searchable = searchableColumns(columns);
    return new Map(rows.map((row) => [row, searchText(row, searchable, yesNo)]));
  }, [rows, columns, yesNo]);
  return useMemo(() => {
    const words = searchWords(search);
    if (words.length === 0) return rows;
    return rows.filter((row) => matchesWords(haystacks.get(row) ?? "", words));
  }, [rows, haystacks, search]);
}
