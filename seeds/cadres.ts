import { cadresTab, type CadreTier } from "../lib/schema/tabs";
import type { RowInput } from "../lib/sheets/store";
import { GRASSROOTS_KINDS, UNITS } from "./catalog";
import { NameMaker } from "./names";
import type { Cadre, People } from "./people";
import { Random } from "./random";
import { rowOf } from "./rows";

/** The roster's 干部编号 of a cadre of the visiting pool (one per unit and name). */
export function cadreIdOf(roster: readonly RosterCadre[], unit: string, name: string): string | undefined {
  return roster.find((c) => c.unit === unit && c.name === name)?.id;
}

export interface RosterCadre extends Cadre {
  id: string;
  active: boolean;
  /** 走访要求 when the row overrides 设置 visit.perQuarter.{层级}. */
  required?: number;
}

/**
 * The 干部 roster: every cadre of the visiting pool, and a few newly appointed village
 * cadres and station heads who have made no visit yet — so 未走访名单 always names someone —
 * plus one cadre no longer in post (在岗 否), who owes nothing. Drawn from its own seed so the
 * other tabs stay as they were.
 */
export function buildRoster(people: People): RosterCadre[] {
  const rng = new Random("dutyboard:roster");
  const names = new NameMaker(rng);
  names.reserve(
    ...people.cadres.map((c) => c.name),
    ...people.spareNames,
    ...people.orgStaff,
    ...people.secretaryOf.values(),
    ...people.contactOf.values(),
    ...people.headOf.values(),
  );
  const seen = new Set<string>();
  const pool = people.cadres.filter((c) => {
    const key = `${c.unit}\u0000${c.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const grassroots = UNITS.filter((u) => GRASSROOTS_KINDS.includes(u.kind));
  const newcomers: Cadre[] = rng.sample(grassroots, 5).map((u, i) => {
    const tier: CadreTier = i % 2 === 0 ? "嘎查村社区干部" : "站所长";
    const place = rng.pick(people.placesOf.get(u.name) ?? [u.name]);
    return {
      name: names.person(),
      tier,
      unit: u.name,
      post: tier === "站所长" ? `${u.name}新任站所长` : `${place.slice(u.name.length)}党支部书记`,
      contactPoints: [place],
    };
  });
  const roster: RosterCadre[] = [...pool, ...newcomers].map((c, i) => ({ ...c, id: `GB-${String(i + 1).padStart(3, "0")}`, active: true }));
  // One transferred out (no longer owes visits) and one 处级 leader asked for more than the default.
  const retired = roster[roster.length - 1];
  if (retired) retired.active = false;
  const busy = roster.find((c) => c.tier === "处级");
  if (busy) busy.required = 4;
  return roster;
}

export function cadreRows(roster: readonly RosterCadre[]): RowInput[] {
  return roster.map((c) =>
    rowOf(cadresTab, {
      id: c.id,
      name: c.name,
      tier: c.tier,
      unit: c.unit,
      contactPoints: c.contactPoints.join("、"),
      required: c.required,
      active: c.active ? "是" : "否",
    }),
  );
}
