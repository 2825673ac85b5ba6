import "server-only";
import { cache } from "react";
import { summarize, type Summary } from "../domain/summary";
import { loadDataset, today } from "./dataset";

/** A year's figures; computed once per request however many widgets ask. */
export const loadSummary = cache(async (year?: number): Promise<Summary> => {
  return summarize(await loadDataset(), { year, today: today() });
});
