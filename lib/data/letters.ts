import "server-only";
import { letterFor, type LetterContent } from "../domain/letters";
import { lettersTab } from "../schema/tabs";
import type { Dataset } from "../schema/workbook";
import { appendRow, updateRow, type Writer } from "./writes";

/** The letters of a year: one unit's, or every unit's in 单位 order. */
export function lettersOf(dataset: Pick<Dataset, "units" | "tasks" | "settings">, year: number, unit?: string): LetterContent[] {
  const units = unit ? dataset.units.filter((u) => u.name === unit) : dataset.units;
  return units.map((u) => letterFor(dataset, u.name, year));
}

export interface SigningInput {
  year: number;
  unit: string;
  signedOn: string;
  signer: string;
  scan: string;
}

/**
 * Records a signed letter: the unit's 责任状 row of the year is updated
 * (compared with what the admin saw), or a new one appended.
 */
export async function recordSigning(writer: Writer, dataset: Pick<Dataset, "letters" | "units">, input: SigningInput) {
  const existing = dataset.letters.find((l) => l.year === input.year && l.unit === input.unit);
  const values = { signedOn: { date: input.signedOn }, signer: input.signer, scan: input.scan };
  if (existing) {
    return updateRow(
      writer,
      lettersTab,
      existing.id,
      { values, seen: { signedOn: existing.signedOn ?? null, signer: existing.signer ?? null, scan: existing.scan ?? null } },
      { action: "登记责任状签订" },
    );
  }
  const unitId = dataset.units.find((u) => u.name === input.unit)?.id ?? input.unit;
  return appendRow(writer, lettersTab, { id: `ZRZ-${input.year}-${unitId}`, year: input.year, unit: input.unit, ...values }, { action: "登记责任状签订" });
}
