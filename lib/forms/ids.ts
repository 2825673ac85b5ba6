/**
 * IDs for rows the app creates: `ZF-2026-MB3K9Z1A7QX` — the tab's prefix, the
 * year, then the time in base 36 and three random characters. They sort in
 * the order they were made, after the sample data's `ZF-2026-0001`, and two
 * servers making one in the same millisecond still differ. The form is given
 * its ID when it is rendered, so a submit sent twice lands once.
 */
export const ID_PREFIXES = {
  units: "DW",
  tasks: "RW",
  visits: "ZF",
  meetings: "HY",
  scores: "KH",
  accountability: "WZ",
} as const;

export type IdTab = keyof typeof ID_PREFIXES;

let last = 0;

export function newRowId(tab: IdTab, year: number, now: number = Date.now(), random: () => number = Math.random): string {
  // Never the same or an earlier instant twice in one process, so IDs made together still sort.
  const t = Math.max(now, last + 1);
  last = t;
  const time = t.toString(36).toUpperCase().padStart(8, "0").slice(-8);
  const tail = Array.from({ length: 3 }, () =>
    Math.floor(random() * 36)
      .toString(36)
      .toUpperCase(),
  ).join("");
  return `${ID_PREFIXES[tab]}-${year}-${time}${tail}`;
}
