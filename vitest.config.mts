import { defineConfig } from "vitest/config";
import path from "node:path";

const shared = {
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // The data layer guards against client bundles with server-only; Node tests are server side.
      "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
    },
  },
};

/**
 * Tests under tests/unit that write files, hold locks or start processes: they run with the
 * integration tier so the unit tier stays pure and takes seconds.
 */
const UNIT_WITH_IO = [
  "tests/unit/auth/options.test.ts",
  "tests/unit/auth/passwords.test.ts",
  "tests/unit/auth/revoked-sessions.test.ts",
  "tests/unit/auth/screen-links.test.ts",
  "tests/unit/auth/sign-in-limiter.test.ts",
  "tests/unit/data/workbook-admin.test.ts",
  "tests/unit/data/workbook-writable.test.ts",
  "tests/unit/screen/snapshots.test.ts",
  "tests/unit/seeds/seed-cli.test.ts",
  "tests/unit/seeds/seed-workbook.test.ts",
  "tests/unit/sheets/file-lock.test.ts",
  "tests/unit/sheets/journal.test.ts",
];

/** Soaks run many writes against real stores for minutes: CI, not the inner loop. */
const SOAKS = ["tests/integration/soak-*.test.ts", "tests/integration/race-counting.test.ts"];

/**
 * Three tiers (README "Tests"): `npm run test:fast` = unit (pure, seconds),
 * `test:integration` (real workbooks, LibreOffice, the Sheets emulator), `test:soak`.
 * `vitest run` with no project runs all three, as `npm test` does.
 */
export default defineConfig({
  ...shared,
  test: {
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        ...shared,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], exclude: UNIT_WITH_IO, environment: "node", testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        ...shared,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", ...UNIT_WITH_IO],
          exclude: SOAKS,
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      { ...shared, test: { name: "soak", include: SOAKS, environment: "node", testTimeout: 60_000, hookTimeout: 120_000 } },
    ],
  },
});
