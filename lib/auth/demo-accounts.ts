/**
 * The demo's local accounts, one per role of the seeded 用户 tab. They exist
 * only where the demo was seeded (`npm run demo`, the end-to-end server, or
 * `npm run seed -- --demo-accounts`).
 */
import { stat } from "node:fs/promises";
import { accountsFile, upsertLocalAccounts, verifyLocalLogin, type AccountWriteOptions } from "./accounts";

export const DEMO_PASSWORD = "dutyboard-demo";

export const DEMO_LOGINS = [
  { login: "admin", role: "管理员" },
  { login: "leader", role: "领导" },
  { login: "unit", role: "单位（经棚镇）" },
  { login: "viewer", role: "查看" },
] as const;

export async function createDemoAccounts(opts: AccountWriteOptions = {}): Promise<void> {
  await upsertLocalAccounts(
    DEMO_LOGINS.map((d) => ({ login: d.login, password: DEMO_PASSWORD })),
    opts,
  );
}

/** One line naming the demo logins and their password, for the console. */
export function demoLoginsLine(): string {
  return `演示账号（密码均为 ${DEMO_PASSWORD}）：${DEMO_LOGINS.map((d) => `${d.login}（${d.role}）`).join(" · ")}`;
}

/**
 * Whether the sign-in page may name the demo logins at all: outside
 * production, or on the demo's own server (DUTYBOARD_DEMO=1, set only by
 * `npm run demo` and the end-to-end server for the server they start).
 */
export function demoHintAllowed(e: { NODE_ENV: string; DUTYBOARD_DEMO?: string }): boolean {
  return e.NODE_ENV !== "production" || e.DUTYBOARD_DEMO === "1";
}

const hintCache = new Map<string, { key: string; logins: DemoLogin[] }>();

export type DemoLogin = (typeof DEMO_LOGINS)[number];

/**
 * The demo logins that exist, are enabled and still open with the demo
 * password — the only ones the sign-in page names. Checked again whenever the
 * accounts file changes, so changing a password hides that login at once.
 */
export async function usableDemoLogins(file = accountsFile()): Promise<DemoLogin[]> {
  let key: string;
  try {
    const info = await stat(file);
    key = `${info.mtimeMs}:${info.size}`;
  } catch {
    return [];
  }
  const hit = hintCache.get(file);
  if (hit?.key === key) return hit.logins;
  const checks = await Promise.all(DEMO_LOGINS.map(async (d) => ((await verifyLocalLogin(d.login, DEMO_PASSWORD, file)) ? d : null)));
  const logins = checks.filter((d): d is DemoLogin => d !== null);
  hintCache.set(file, { key, logins });
  return logins;
}
