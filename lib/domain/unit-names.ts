import type { Unit } from "../schema/tabs";

/**
 * Maps a 单位编号 to its 单位名称 (names pass through), because the sheet accepts either
 * and a unit written both ways would otherwise split into two rows of figures.
 */
export function unitNamer(units: readonly Pick<Unit, "id" | "name">[]): (unit: string) => string {
  const names = new Set(units.map((u) => u.name));
  const byId = new Map(units.map((u) => [u.id, u.name]));
  // A name wins over an id that happens to equal another unit's name.
  return (unit) => (names.has(unit) ? unit : (byId.get(unit) ?? unit));
}
