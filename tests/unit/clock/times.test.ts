/**
 * Times the app writes and shows are the wall clock of the deployment's zone, whatever
 * the server's own TZ: each case runs under several process TZ values.
 */
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { localTimeText, wallClockIn, wallClockOf } from "@/lib/clock";
import { parseDateTime } from "@/lib/schema/values";
import { wireFromInput } from "@/lib/sheets/google-cells";
import { readCell, writeCell } from "@/lib/sheets/xlsx-cells";
import { generateSampleData } from "@/seeds/generate";

const SERVER_ZONES = ["UTC", "America/New_York", "Asia/Shanghai", "Pacific/Kiritimati"];
const saved = process.env.TZ;
afterAll(() => {
  if (saved === undefined) delete process.env.TZ;
  else process.env.TZ = saved;
});

/** 2026-11-20 05:38:07 UTC: 13:38:07 in Beijing, 00:38:07 in New York. */
const INSTANT = new Date(Date.UTC(2026, 10, 20, 5, 38, 7));

function cellRoundTrip(input: { dateTime: string }, zone: string) {
  const ws = new ExcelJS.Workbook().addWorksheet("t");
  const cell = ws.getCell("A1");
  writeCell(cell, input, zone);
  return parseDateTime(readCell(cell.value, cell.numFmt));
}

for (const serverZone of SERVER_ZONES) {
  describe(`with the server's TZ=${serverZone}`, () => {
    it("the wall clock of an instant depends only on the deployment's zone", () => {
      process.env.TZ = serverZone;
      // The process really runs in that zone (Node applies a changed TZ at once).
      expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(serverZone);
      expect(wallClockIn("Asia/Shanghai", INSTANT)).toBe("2026-11-20T13:38:07");
      expect(wallClockIn("America/New_York", INSTANT)).toBe("2026-11-20T00:38:07");
      expect(wallClockOf(INSTANT.toISOString(), "Asia/Shanghai")).toBe("2026-11-20T13:38:07");
      expect(wallClockOf("2026-11-20T13:38:07+08:00", "UTC")).toBe("2026-11-20T05:38:07");
      // A wall-clock time is already what a person there typed.
      expect(wallClockOf("2026-11-20T13:38:07", "America/New_York")).toBe("2026-11-20T13:38:07");
      expect(wallClockOf("2026-11-20 13:38", "UTC")).toBe("2026-11-20T13:38:00");
      expect(wallClockOf("下午两点", "UTC")).toBeUndefined();
    });

    it("a 13:38 save is 13:38 in the workbook cell, read back, and as shown", () => {
      process.env.TZ = serverZone;
      for (const input of [{ dateTime: INSTANT.toISOString() }, { dateTime: wallClockIn("Asia/Shanghai", INSTANT) }]) {
        const ws = new ExcelJS.Workbook().addWorksheet("t");
        const cell = ws.getCell("A1");
        writeCell(cell, input, "Asia/Shanghai");
        // What Excel shows: the cell's UTC fields are the wall clock (the workbook has no zone).
        expect((cell.value as Date).toISOString()).toBe("2026-11-20T13:38:07.000Z");
        expect(cell.numFmt).toBe("yyyy-mm-dd hh:mm:ss");
        const read = cellRoundTrip(input, "Asia/Shanghai");
        expect(read).toEqual({ ok: true, value: "2026-11-20T13:38:07" });
        // Shown the same on the task page, in exports and in 操作日志, in any deployment zone: it is already wall clock.
        for (const shownIn of ["Asia/Shanghai", "UTC", "America/New_York"]) expect(localTimeText(read.ok ? read.value! : "", shownIn)).toBe("2026-11-20 13:38");
      }
    });

    it("Google gets the serial of the spreadsheet's wall clock, and it reads back the same", () => {
      process.env.TZ = serverZone;
      const serial = wireFromInput({ dateTime: INSTANT.toISOString() }, "America/New_York");
      expect(parseDateTime(serial)).toEqual({ ok: true, value: "2026-11-20T00:38:07" });
      expect(wireFromInput({ dateTime: "2026-11-20T00:38:07" }, "Asia/Shanghai")).toBe(serial);
    });

    it("reads date-time text as typed, and shows an instant typed with a zone in the deployment's zone", () => {
      process.env.TZ = serverZone;
      expect(parseDateTime("2026/11/20 9:05")).toEqual({ ok: true, value: "2026-11-20T09:05:00" });
      expect(parseDateTime("2026年11月20日 13:38:07")).toEqual({ ok: true, value: "2026-11-20T13:38:07" });
      expect(localTimeText("2026-11-20T05:38:07Z", "Asia/Shanghai")).toBe("2026-11-20 13:38");
      expect(localTimeText("上午", "Asia/Shanghai")).toBe("上午");
    });

    it("the seed writes the wall clock a person typed, never an offset the server's zone could shift", () => {
      process.env.TZ = serverZone;
      const tasks = generateSampleData({ year: 2026, today: "2026-11-20" }).find((t) => t.spec.key === "tasks")!;
      const stamps = tasks.rows.map((r) => r.updatedAt).filter((v): v is { dateTime: string } => typeof v === "object" && v !== null && "dateTime" in v);
      expect(stamps.length).toBeGreaterThan(0);
      for (const s of stamps) {
        expect(s.dateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/u);
        const hour = Number(s.dateTime.slice(11, 13));
        // Office hours, as stored in the cell and shown on the page.
        expect(cellRoundTrip(s, "UTC")).toEqual({ ok: true, value: s.dateTime });
        expect(hour).toBeGreaterThanOrEqual(8);
        expect(hour).toBeLessThan(19);
      }
    });
  });
}
