"use server";

import { appendRow } from "@/lib/data/writes";
import { ACCOUNTABILITY_FIELDS, accountabilitySchema } from "@/lib/forms/accountability";
import { MEETING_FIELDS, meetingSchema } from "@/lib/forms/meeting";
import { SCORE_FIELDS, scoreSchema } from "@/lib/forms/score";
import { rowInputOf } from "@/lib/forms/values";
import { accountabilityTab, meetingsTab, scoresTab } from "@/lib/schema/tabs";
import { appendState, validatedAction } from "./validated-action";

/** 新增会议 (admin). */
export const createMeeting = validatedAction({ capability: "meetings.write", schema: meetingSchema }, async (input, ctx) => {
  const outcome = await appendRow(ctx.viewer, meetingsTab, { ...rowInputOf(meetingsTab, input, MEETING_FIELDS), id: input.id }, { action: "新增会议" });
  return appendState(outcome, ctx, { saved: ctx.t.formText.results.meetingCreated(input.id), repeated: ctx.t.formText.results.meetingRepeated(input.id) });
});

/** 录入考核得分 (admin). */
export const enterScore = validatedAction({ capability: "scores.write", schema: scoreSchema }, async (input, ctx) => {
  const outcome = await appendRow(ctx.viewer, scoresTab, { ...rowInputOf(scoresTab, input, SCORE_FIELDS), id: input.id }, { action: "录入考核" });
  return appendState(outcome, ctx, { saved: ctx.t.formText.results.scoreCreated(input.id), repeated: ctx.t.formText.results.scoreRepeated(input.id) });
});

/** 录入问责 (admin). */
export const recordAccountability = validatedAction({ capability: "accountability.write", schema: accountabilitySchema }, async (input, ctx) => {
  const outcome = await appendRow(
    ctx.viewer,
    accountabilityTab,
    { ...rowInputOf(accountabilityTab, input, ACCOUNTABILITY_FIELDS), id: input.id },
    { action: "录入问责" },
  );
  return appendState(outcome, ctx, {
    saved: ctx.t.formText.results.accountabilityCreated(input.id),
    repeated: ctx.t.formText.results.accountabilityRepeated(input.id),
  });
});
