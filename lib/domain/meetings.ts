import { MEETING_KINDS, type Meeting, type MeetingKind } from "../schema/tabs";
import { yearOf } from "./dates";

export type MeetingCounts = Record<MeetingKind, number>;

/** Meetings of the year per 类型: all four kinds, in the sheet's order, zero when none were held. */
export function meetingsByKind(meetings: readonly Meeting[], year: number): MeetingCounts {
  const counts = Object.fromEntries(MEETING_KINDS.map(({ label }) => [label, 0])) as MeetingCounts;
  // A meeting whose 类型 cannot be read is in no kind's count (see unknownFigures).
  for (const m of meetings) if (m._bad?.date === undefined && m._bad?.kind === undefined && yearOf(m.date) === year) counts[m.kind] += 1;
  return counts;
}
