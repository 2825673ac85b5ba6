import type { People } from "./people";

/** What every part of the generator shares. */
export interface SeedContext {
  year: number;
  /** The last day data may be dated: `today`, or 31 December for a past year. */
  asOf: string;
  people: People;
  /** Who types a unit's rows into the dashboard: its liaison's login, else the organisation department's. */
  loginFor(unit: string): string;
}

/** A working-hours time of day in minutes, 08:30–18:00. */
export function workingMinutes(rng: { int(min: number, max: number): number }): number {
  return rng.int(17, 36) * 30 + rng.int(0, 29);
}
