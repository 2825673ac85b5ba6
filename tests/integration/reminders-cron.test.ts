/**
 * GET /api/cron/remind as Vercel Cron calls it: the route handler itself, the
 * configured workbook and channels file, a loopback robot. A missing or wrong
 * bearer is 401 and sends nothing; the right one runs once a day.
 */
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { unitsTab } from "@/lib/schema/tabs";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { RobotServers } from "../support/reminder-robots";
import { sampleData } from "./writes-support";

let dir: string;
let robots: RobotServers;
const SECRET = "cron-secret-for-the-test-0123456789";
const saved = { ...process.env };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "dutyboard-cron-"));
  robots = await new RobotServers().start();
  const file = path.join(dir, "book.xlsx");
  // Every unit's notices to one WeCom group; the digest to it too.
  await new XlsxStore(file, { backups: 0 }).create(
    sampleData().map((t) => (t.spec === unitsTab ? { ...t, rows: t.rows.map((r) => ({ ...r, channels: "全旗群" })) } : t)),
  );
  await writeFile(
    path.join(dir, "reminder-channels.json"),
    JSON.stringify({ version: 1, channels: { 全旗群: { type: "wecom", url: robots.wecomUrl("cron") } }, digest: ["全旗群"] }),
    { mode: 0o600 },
  );
  Object.assign(process.env, {
    DATA_FILE: file,
    ACCOUNTS_FILE: path.join(dir, "accounts.json"),
    CRON_SECRET: SECRET,
    DUTYBOARD_TODAY: "2026-11-20",
    NEXTAUTH_URL: "https://dutyboard.example.gov.cn",
    SHEETS_BACKEND: "xlsx",
  });
  delete process.env.REMINDER_CHANNELS_JSON;
  delete process.env.REDIS_URL;
  resetEnvForTests();
});

afterAll(async () => {
  process.env = saved;
  resetEnvForTests();
  await robots.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("GET /api/cron/remind", () => {
  it("answers 401 without the bearer or with a wrong one, and runs once a day with CRON_SECRET", async () => {
    const { GET } = await import("@/app/api/cron/remind/route");
    const url = "http://127.0.0.1/api/cron/remind";
    for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${SECRET}x` }, { authorization: SECRET }, { authorization: "Bearer " }]) {
      const res = await GET(new Request(url, { headers }));
      expect(res.status, JSON.stringify(headers)).toBe(401);
    }
    expect(robots.messages).toEqual([]);

    const res = await GET(new Request(url, { headers: { authorization: `Bearer ${SECRET}` } }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { sent: number; failed: unknown[]; planned: number };
    expect(body.failed).toEqual([]);
    expect(body.sent).toBeGreaterThan(1);
    expect(robots.to("cron").length).toBeGreaterThanOrEqual(body.sent);
    expect(
      robots
        .to("cron")
        .filter((m) => !m.text.startsWith("# 全旗") && !m.text.includes("https://dutyboard.example.gov.cn/tasks/"))
        .map((m) => m.text.slice(0, 40)),
    ).toEqual([]);

    const count = robots.messages.length;
    const again = (await (await GET(new Request(url, { headers: { authorization: `Bearer ${SECRET}` } }))).json()) as {
      sent: number;
      skipped: number;
      planned: number;
    };
    expect(again).toMatchObject({ sent: 0, skipped: again.planned });
    expect(robots.messages.length).toBe(count);
    expect((await stat(path.join(dir, "reminder-channels.json"))).mode & 0o077).toBe(0);
  });
});
