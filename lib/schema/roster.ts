import type { Cadre, Visit } from "./tabs";

const nameKey = (unit: string, name: string) => `${unit}\u0000${name}`;

/**
 * Which roster cadre made each visit: by 干部编号 when the visit carries one the roster
 * knows, else by 干部姓名 within the visit's 所属单位 (two units may each have a 王伟).
 * `unmatched` holds the visits of nobody on the roster.
 */
export function matchVisitsToRoster(cadres: readonly Cadre[], visits: readonly Visit[]): { byCadre: Map<string, Visit[]>; unmatched: Visit[] } {
  const ids = new Set(cadres.map((c) => c.id));
  const byName = new Map<string, string>();
  for (const c of cadres) if (!byName.has(nameKey(c.unit, c.name))) byName.set(nameKey(c.unit, c.name), c.id);
  const byCadre = new Map<string, Visit[]>(cadres.map((c) => [c.id, []]));
  const unmatched: Visit[] = [];
  for (const v of visits) {
    const id = v.cadreId && ids.has(v.cadreId) ? v.cadreId : byName.get(nameKey(v.unit, v.cadre));
    if (id === undefined) unmatched.push(v);
    else byCadre.get(id)?.push(v);
  }
  return { byCadre, unmatched };
}
