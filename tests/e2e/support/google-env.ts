/**
 * Where the Google end-to-end server listens, shared by playwright.config.ts
 * and the specs (no imports here, so the config can load it first).
 */
import path from "node:path";

export const GOOGLE_E2E_PORT = Number(process.env.E2E_GOOGLE_PORT ?? 3101);
export const GOOGLE_E2E_BASE_URL = `http://127.0.0.1:${GOOGLE_E2E_PORT}`;
/** The Sheets API emulator that scripts/e2e-google-server.ts starts in-process. */
export const GOOGLE_E2E_EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 8561);
export const GOOGLE_E2E_EMULATOR_URL = `http://127.0.0.1:${GOOGLE_E2E_EMULATOR_PORT}`;
export const GOOGLE_E2E_REVALIDATE_SECRET = "e2e-google-revalidate-secret-0123456789";
export const GOOGLE_E2E_DIR = path.resolve(".tmp/e2e-google");
export const GOOGLE_E2E_ACCOUNTS_FILE = path.join(GOOGLE_E2E_DIR, "accounts.json");
/** The admin's signed-in browser state, written by google-setup.ts. */
export const GOOGLE_E2E_ADMIN_STATE = path.join(GOOGLE_E2E_DIR, "auth/admin.json");
