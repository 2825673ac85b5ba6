/**
 * Exactly once on the other claim paths: two runs at once against Google
 * Sheets (the Sheets API emulator on loopback, the real client), and two runs
 * at once sharing a real Redis (`SET NX`), each notice reaching its robot once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelsConfig } from "@/lib/reminders/channels";
import { planRun, runReminders, type RunReport } from "@/lib/reminders/run";
import { parseWorkbook } from "@/lib/schema/workbook";
import { unitsTab } from "@/lib/schema/tabs";
import { GoogleStore } from "@/lib/sheets/google-store";
import type { SheetStore, TabContent } from "@/lib/sheets/store";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { startSheetsEmulator, type SheetsEmulator } from "@/scripts/sheets-emulator/server";
import { RobotServers } from "../support/reminder-robots";
import { sampleData, TODAY } from "./writes-support";

let robots: RobotServers;
let dir: string;

beforeAll(async () => {
  robots = await new RobotServers().start();
  dir = await mkdtemp(path.join(os.tmpdir(), "dutyboard-remind-backends-"));
});

afterAll(async () => {
  await robots.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Every unit its own WeCom robot, named in the 单位 tab. */
function setup(tag: string): { tabs: TabContent[]; config: ChannelsConfig } {
  const config: ChannelsConfig = { version: 1, channels: {}, digest: [] };
  const tabs = sampleData().map((t) =>
    t.spec === unitsTab
      ? {
          ...t,
          rows: t.rows.map((r, i) => {
            config.channels[`${tag}${i}`] = { type: "wecom", url: robots.wecomUrl(`${tag}-${i}`) };
            return { ...r, channels: `${tag}${i}` };
          }),
        }
      : t,
  );
  return { tabs, config };
}

function expectOnce(tag: string, reports: RunReport[]) {
  const sent = reports.flatMap((r) => r.sent);
  expect(reports.flatMap((r) => r.failed)).toEqual([]);
  expect(sent.length).toBe(reports[0]!.planned);
  expect(new Set(sent.map((s) => s.channelName)).size).toBe(sent.length);
  for (const s of sent) expect(robots.to(`${tag}-${s.channelName.slice(tag.length)}`).length, s.channelName).toBe(s.messages);
  expect(robots.messages.filter((m) => m.token.startsWith(`${tag}-`)).length).toBe(sent.reduce((n, s) => n + s.messages, 0));
}

const deps = (store: SheetStore, config: ChannelsConfig, redis?: Redis) => ({
  store,
  channels: config,
  baseUrl: "https://dutyboard.example.gov.cn",
  today: TODAY,
  ledgerWaitMs: 5_000,
  ...(redis && { redis }),
});

describe("exactly once", () => {
  let emulator: SheetsEmulator;

  it("on Google Sheets: two instances at once claim through the tab's append order", async () => {
    emulator = await startSheetsEmulator();
    try {
      emulator.loadSpreadsheet({ spreadsheetId: "remind", sheets: [{ title: "工作表1" }] });
      const store = () => new GoogleStore({ spreadsheetId: "remind", emulatorHost: emulator.host, timing: { backoffBaseMs: 10, backoffCapMs: 200 } });
      const { tabs, config } = setup("g");
      await store().create(tabs);
      const reports = await Promise.all([runReminders(deps(store(), config)), runReminders(deps(store(), config))]);
      expectOnce("g", reports);
      const again = await runReminders(deps(store(), config));
      expect(again).toMatchObject({ sent: [], skipped: again.planned });
    } finally {
      await emulator.close();
    }
  });

  it("with a shared Redis: SET NX per notice, a failed send released for the next run", async () => {
    const socket = path.join(dir, "redis.sock");
    const server: ChildProcess = spawn("redis-server", ["--port", "0", "--unixsocket", socket, "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const clients: Redis[] = [];
    try {
      const client = () => {
        const c = new Redis({ path: socket, lazyConnect: false, maxRetriesPerRequest: 2 });
        clients.push(c);
        return c;
      };
      for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await client().ping()).toBe("PONG");
      const { tabs, config } = setup("r");
      const file = path.join(dir, "redis.xlsx");
      await new XlsxStore(file, { backups: 0 }).create(tabs);
      // The first unit with something to say: its robot fails on the first run.
      const victim = planRun(parseWorkbook(await new XlsxStore(file, { backups: 0 }).readAll()), config, TODAY, "https://x").notices[0]!.channelName;
      const victimToken = `r-${victim.slice(1)}`;
      robots.fail(victimToken, "http-500");
      const reports = await Promise.all([
        runReminders(deps(new XlsxStore(file, { backups: 0 }), config, client())),
        runReminders(deps(new XlsxStore(file, { backups: 0 }), config, client())),
      ]);
      const failed = reports.flatMap((r) => r.failed);
      const planned = reports[0]!.planned;
      expect(failed.map((f) => f.channelName)).toEqual([victim]);
      expect(reports.flatMap((r) => r.sent).length + failed.length).toBe(planned);
      robots.fail(victimToken, undefined);
      const next = await runReminders(deps(new XlsxStore(file, { backups: 0 }), config, client()));
      expect(next.sent.map((s) => s.channelName)).toEqual(failed.map((f) => f.channelName));
      expectOnce("r", [{ ...reports[0]!, sent: [...reports.flatMap((r) => r.sent), ...next.sent], failed: [] }]);
    } finally {
      for (const c of clients) c.disconnect();
      server.kill();
    }
  });
});
