/**
 * One process contending for the workbook's write lock, for write-lock.test.ts:
 * `node --import tsx lock-worker.ts FILE COUNT HOLD_MS` takes the lock COUNT
 * times, holds it HOLD_MS each time (an event loop left free, as a slow write
 * awaiting its file work leaves it), and prints when it entered and left.
 */
import { withFileLock } from "../../lib/sheets/file-lock";

async function main() {
  const [file, count, hold] = process.argv.slice(2);
  if (!file || !count || !hold) throw new Error("usage: lock-worker FILE COUNT HOLD_MS");
  const held: { enter: number; leave: number; compromised: boolean }[] = [];
  for (let i = 0; i < Number(count); i++) {
    await withFileLock(
      file,
      async (lock) => {
        const enter = Date.now();
        process.stderr.write(`entered ${enter}\n`);
        await new Promise((r) => setTimeout(r, Number(hold)));
        held.push({ enter, leave: Date.now(), compromised: lock.compromised !== undefined });
      },
      120_000,
    );
    await new Promise((r) => setTimeout(r, Math.random() * 20));
  }
  process.stdout.write(JSON.stringify({ pid: process.pid, held }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
