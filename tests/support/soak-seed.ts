import { randomInt } from "node:crypto";
import { onTestFailed } from "vitest";
import { Random } from "@/seeds/random";

/**
 * The soaks' one source of randomness: seeded from SOAK_SEED when set (to replay a
 * failure), otherwise a fresh seed. Call inside the test: a failure prints the seed
 * and the command that replays it. (Timing — LibreOffice, the emulator's delays —
 * still varies between runs; the choices of what to write and edit do not.)
 */
export function soakRandom(file: string): { random: () => number; seed: number } {
  const fromEnv = process.env.SOAK_SEED;
  const seed = fromEnv ? Number(fromEnv) : randomInt(2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`SOAK_SEED must be an integer, not ${JSON.stringify(fromEnv)}`);
  onTestFailed(() => {
    console.error(`soak seed ${seed}: replay with SOAK_SEED=${seed} npx vitest run ${file}`);
  });
  const rng = new Random(seed);
  return { random: () => rng.next(), seed };
}
