/**
 * The table pages' query strings for the overview's year and unit, so every figure links to
 * its own rows: tasks by 牵头单位 (`unit`), visits by 所属单位, scores by unit (both tables).
 * Meetings belong to the county, so a unit filter is not carried to them.
 */
export function drillQuery(year: number, unit?: string): { base: string; tasks: string; visits: string; scores: string; meetings: string } {
  const q = (extra: Record<string, string> = {}) => `?${new URLSearchParams({ year: String(year), ...extra }).toString()}`;
  const u: Record<string, string> = unit === undefined ? {} : { unit };
  return {
    base: new URLSearchParams({ year: String(year), ...u }).toString(),
    tasks: q(u),
    visits: q(u),
    scores: q(unit === undefined ? {} : { unit, "r.unit": unit }),
    meetings: q(),
  };
}
