import { defineConfig, devices } from "@playwright/test";
import path from "node:path";
import { GOOGLE_E2E_ADMIN_STATE, GOOGLE_E2E_BASE_URL, GOOGLE_E2E_PORT, GOOGLE_E2E_REVALIDATE_SECRET } from "./tests/e2e/support/google-env";
import { E2E_INSTANCES, e2eInstance } from "./tests/e2e/support/instances";

/*
 * Each worker has an app instance of its own (tests/e2e/support/instances.ts): port, workbook,
 * accounts. Specs take them from the `instance` fixture and `baseURL` (tests/e2e/support/fixtures.ts).
 */
/** Signed-in browser states, one per role, written by tests/e2e/support/auth-setup.ts; valid on every instance. */
export const E2E_AUTH_DIR = path.resolve(".tmp/e2e-auth");
/** The OpenID Connect issuer on loopback that scripts/e2e-server.ts starts. */
export const E2E_OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3190);
/**
 * Set to "" on the test server, as hosting dashboards and .env files do: each
 * must count as unset (tests/e2e/first-ten-minutes.spec.ts checks pages and the
 * meeting PDF still work).
 */
export const E2E_EMPTY_VARIABLES = [
  "CHROMIUM_PATH",
  "DATA_BACKUPS",
  "APP_TIME_ZONE",
  "ADMIN_LOGINS",
  "GOOGLE_CLIENT_ID",
  "GOOGLE_CLIENT_SECRET",
  "REVALIDATE_SECRET",
  "SHEETS_EMULATOR_HOST",
];
/** Failed sign-ins are forgotten after this long in the tests (900 s in production). */
export const E2E_SIGN_IN_WINDOW_SECONDS = 20;

/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser) against
 * `next start` on a freshly seeded workbook. `npm test` builds first.
 */
export default defineConfig({
  testDir: "tests/e2e",
  // google-*.spec.ts run only in the "google" project, against their own server.
  testIgnore: /google-[^/]*\.spec\.ts$/u,
  // Spec files are shared out between the workers; a file's tests run in order in one worker.
  // Two workers (E2E_INSTANCES=2), measured on the shared 2-core box on 7 December, same build,
  // `playwright test --project=chromium` (setup + chromium, 225 tests):
  // 1 worker 1,222 s at load ≈ 18; 2 workers 941 s at load ≈ 25, 918 s at ≈ 22, 690 s at ≈ 17 (README).
  fullyParallel: false,
  workers: E2E_INSTANCES,
  // A flaky test must fail, not pass on its second try (issue 13).
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    // Instance 0's: the fixtures give each worker its own instance's.
    baseURL: e2eInstance(0).baseURL,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [
    // The LibreOffice race (issue 11): starts its own two servers and LibreOffice; run alone with --project=race.
    // Never retried: a write lost once is lost.
    { name: "race", testMatch: /race-libreoffice\.spec\.ts$/u, testIgnore: [], retries: 0 },
    // Serverless (issue 19): two read-only instances under bubblewrap, Redis, the Sheets API emulator; starts its own servers.
    {
      name: "serverless",
      testMatch: /serverless\.spec\.ts$/u,
      testIgnore: [],
      retries: 0,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } },
    },
    // Signs in once per role; every other test starts signed in as admin unless it picks another role.
    { name: "setup", testMatch: /support\/auth-setup\.ts$/u, use: { ...devices["Desktop Chrome"] } },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: [/google-[^/]*\.spec\.ts$/u, /race-libreoffice\.spec\.ts$/u, /serverless\.spec\.ts$/u],
      use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 }, storageState: path.join(E2E_AUTH_DIR, "admin.json") },
    },
    // The same overview with SHEETS_BACKEND=google: scripts/e2e-google-server.ts, with its own accounts and sign-in.
    // One server (the emulator's spreadsheet is shared), so one worker at a time.
    { name: "google-setup", testMatch: /support\/google-setup\.ts$/u, workers: 1, use: { ...devices["Desktop Chrome"], baseURL: GOOGLE_E2E_BASE_URL } },
    {
      name: "google",
      testMatch: /google-[^/]*\.spec\.ts$/u,
      testIgnore: [],
      dependencies: ["google-setup"],
      workers: 1,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 }, baseURL: GOOGLE_E2E_BASE_URL, storageState: GOOGLE_E2E_ADMIN_STATE },
    },
  ],
  webServer: [
    {
      // E2E_INSTANCES servers, each on its own workbook copy; ready once all of them answer.
      command: `tsx scripts/e2e-server.ts`,
      wait: { stdout: /e2e servers ready/u },
      timeout: 180_000,
      stdout: "pipe",
      env: {
        DUTYBOARD_TODAY: "2026-11-20",
        E2E_YEAR: "2026",
        E2E_OIDC_PORT: String(E2E_OIDC_PORT),
        OIDC_ISSUER: `http://127.0.0.1:${E2E_OIDC_PORT}`,
        OIDC_CLIENT_ID: "dutyboard-e2e",
        OIDC_CLIENT_SECRET: "dutyboard-e2e-secret",
        OIDC_NAME: "统一身份认证",
        SIGN_IN_WINDOW_SECONDS: String(E2E_SIGN_IN_WINDOW_SECONDS),
        ...Object.fromEntries(E2E_EMPTY_VARIABLES.map((name) => [name, ""])),
      },
    },
    {
      // The Sheets API emulator in-process, a seeded spreadsheet, then `next start` with SHEETS_BACKEND=google.
      command: `tsx scripts/e2e-google-server.ts`,
      url: `${GOOGLE_E2E_BASE_URL}/api/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stdout: "pipe",
      env: { PORT: String(GOOGLE_E2E_PORT), DUTYBOARD_TODAY: "2026-11-20", E2E_YEAR: "2026", REVALIDATE_SECRET: GOOGLE_E2E_REVALIDATE_SECRET },
    },
  ],
});
