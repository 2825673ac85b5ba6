/**
 * Runs the Sheets API emulator until SIGINT/SIGTERM:
 *   tsx scripts/sheets-emulator/main.ts [--port 8555] [--host 127.0.0.1] [--latency-ms N] [--quota-per-minute N]
 */
import { parseArgs } from "node:util";
import { startSheetsEmulator } from "./server";

function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`${flag} needs a number ≥ 0, not "${value}"`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8555" },
    host: { type: "string", default: "127.0.0.1" },
    "latency-ms": { type: "string" },
    "quota-per-minute": { type: "string" },
  },
});

async function main(): Promise<void> {
  const emulator = await startSheetsEmulator({
    port: numberFlag(values.port, "--port") ?? 8555,
    host: values.host ?? "127.0.0.1",
    latencyMs: numberFlag(values["latency-ms"], "--latency-ms") ?? 0,
    quotaPerMinute: numberFlag(values["quota-per-minute"], "--quota-per-minute") ?? null,
  });
  console.log(`Sheets API emulator on ${emulator.url} (SHEETS_EMULATOR_HOST=${emulator.host})`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
