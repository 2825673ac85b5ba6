/**
 * The demo's local accounts, one per role of the seeded 用户 tab. They exist
 * only where the demo was seeded (`npm run demo`, the end-to-end server, or
 * `npm run seed -- --demo-accounts`).
 */
import { upsertLocalAccounts, type AccountWriteOptions } from "./accounts";

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
