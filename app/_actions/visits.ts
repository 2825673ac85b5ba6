"use server";

import { scopeOf } from "@/lib/auth/roles";
import { nowInZoneOf } from "@/lib/data/dataset";
import { appendRow, updateRow } from "@/lib/data/writes";
import { rowInputOf, seenValues } from "@/lib/forms/values";
import { VISIT_FIELDS, visitSchema } from "@/lib/forms/visit";
import type { FormContext } from "@/lib/forms/context";
import { visitsTab } from "@/lib/schema/tabs";
import { appendState, updateState, validatedAction } from "./validated-action";

/** 录入走访: admin for any unit, a unit user for their own. */
export const recordVisit = validatedAction(
  {
    capability: "visits.write",
    schema: (form: FormContext) => visitSchema(form, "new"),
    scope: (input, { viewer, t }) => ({ units: [input.unit], refusal: t.formText.validation.otherUnit(viewer.unit ?? ""), field: "unit" }),
  },
  async (input, ctx) => {
    const row = {
      ...rowInputOf(visitsTab, input, VISIT_FIELDS),
      id: input.id,
      enteredBy: ctx.viewer.name ?? ctx.viewer.login,
      enteredAt: nowInZoneOf(ctx.dataset),
    };
    const outcome = await appendRow(ctx.viewer, visitsTab, row, { action: "新增走访" });
    return appendState(outcome, ctx, { saved: ctx.t.formText.results.visitCreated(input.id), repeated: ctx.t.formText.results.visitRepeated(input.id) });
  },
);

/** 修改走访: the visit must be the unit user's own both before and after. */
export const editVisit = validatedAction(
  {
    capability: "visits.write",
    schema: (form: FormContext) => visitSchema(form, "edit"),
    scope: (input, { dataset, viewer, t }) => {
      const visit = dataset.visits.find((v) => v.id === input.id);
      const own = viewer.unit ?? "";
      if (!visit) return { units: [], refusal: t.formText.results.visitNotFound(input.id) };
      if (visit.unit !== own) return { units: [visit.unit, input.unit], refusal: t.formText.results.visitNotOwn(visit.unit, own) };
      return { units: [visit.unit, input.unit], refusal: t.formText.validation.otherUnit(own), field: "unit" };
    },
  },
  async (input, ctx) => {
    const { viewer } = ctx;
    const outcome = await updateRow(
      viewer,
      visitsTab,
      input.id,
      { values: rowInputOf(visitsTab, input, VISIT_FIELDS), seen: seenValues(ctx.values, VISIT_FIELDS) },
      {
        action: "修改走访",
        // The cell is compared as written: the unit's ID or its name.
        ...(scopeOf(viewer, "visits.write") === "own-unit" && {
          guard: {
            column: "unit",
            unit: ctx.dataset.visits.find((v) => v.id === input.id)?._written?.unit ?? viewer.unit ?? "",
            refusal: (now: string | null) => ctx.t.formText.validation.visitUnitChanged(now ?? ctx.t.notices.blank({})),
          },
        }),
      },
    );
    return updateState(visitsTab, outcome, ctx, VISIT_FIELDS, { saved: ctx.t.formText.results.visitSaved });
  },
);
