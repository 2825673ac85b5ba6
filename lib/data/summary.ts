import "server-only";
import { cache } from "react";
import { currentViewer } from "../auth/access";
import { scoreVisibility, type Viewer } from "../auth/roles";
import { unitNamer } from "../domain";
import { restrictScores, summarize, type Summary } from "../domain/summary";
import { loadDataset, today } from "./dataset";

/**
 * A year's figures as this viewer may see them (scores follow the role: SPEC "Roles");
 * computed once per request and viewer however many widgets ask.
 */
export const summaryFor = cache(async (viewer: Viewer | null, year?: number, unit?: string): Promise<Summary> => {
  const dataset = await loadDataset();
  const visibility = scoreVisibility(
    viewer,
    { rankingPublic: dataset.settings.rankingPublic, screenRanking: dataset.settings.screenRanking },
    unitNamer(dataset.units),
  );
  return restrictScores(summarize(dataset, { year, today: today(), unit }), visibility);
});

/** A year's figures (of one unit, for `/?unit=`) for whoever this request is from (a page's session or meeting-screen link). */
export async function loadSummary(year?: number, unit?: string): Promise<Summary> {
  return summaryFor(await currentViewer(), year, unit);
}
