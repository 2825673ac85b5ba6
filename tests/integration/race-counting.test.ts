/**
 * The LibreOffice race harness (tests/support/race-driver.ts) must be able to
 * fail: its count, pointed at a workbook that lacks a write answered 已保存 or a
 * LibreOffice save, names each one as lost and finds no 操作日志 row for it;
 * what is there, with its one log row, counts as kept. Also the reading of a
 * rendered form and of the server's answer the harness relies on.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTab, tasksTab, visitsTab } from "@/lib/schema/tabs";
import { XlsxStore } from "@/lib/sheets/xlsx-store";
import { generateSampleData } from "@/seeds/generate";
import { answerOf, countLosses, formFields, RACE_TODAY, type LibreOfficeSave, type RaceReport, type WebWrite } from "../support/race-driver";

let dir: string;
let file: string;

const ack = (text: string) => [{ answer: "saved" as const, text, at: Date.parse("2026-11-20T02:00:00Z"), ms: 900 }];

function report(writes: WebWrite[], saves: LibreOfficeSave[]): RaceReport {
  return {
    workbook: file,
    seed: 1,
    durationMs: 0,
    rows: { visits: 0, tasks: 0 },
    submissions: writes.length,
    retried: 0,
    answers: {},
    writes: writes.map((w) => ({ ...w, ackAt: w.answers[0]!.at })),
    saves,
    libreOfficeFailures: [],
    reapplied: [],
    conflictsListed: [],
    lostWrites: [],
    lostSaves: [],
    auditProblems: [],
    readerDisagreements: [],
    lockFileSeen: true,
    libreOfficeTask: "RW-2026-070",
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "dutyboard-race-count-"));
  file = path.join(dir, "dutyboard.xlsx");
  const store = new XlsxStore(file, { backups: 0 });
  await store.create(generateSampleData({ year: 2026, today: RACE_TODAY }));
  // One write that made it, with its log row, as the app writes both in one save.
  await store.append(visitsTab, [{ id: "ZF-2026-KEPT", date: { date: RACE_TODAY }, cadre: "甲", unit: "经棚镇", contactPoint: "点" }]);
  await store.append(auditTab, [
    { at: { dateTime: "2026-11-20T02:00:00.000Z" }, login: "admin", action: "新增走访", tab: "走访", rowId: "ZF-2026-KEPT", before: "", after: "{}" },
  ]);
  await store.updateById(tasksTab, "RW-2026-070", { notes: "LO R 第1次保存" }, {});
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the race count", () => {
  it("names an acknowledged write and a LibreOffice save missing from the file as lost, and keeps the one that is there", async () => {
    const kept: WebWrite = {
      kind: "visit",
      rowId: "ZF-2026-KEPT",
      marker: "ZF-2026-KEPT",
      server: "server A",
      login: "admin",
      answers: ack("已保存走访记录 ZF-2026-KEPT。"),
    };
    const gone: WebWrite = {
      kind: "visit",
      rowId: "ZF-2026-GONE",
      marker: "ZF-2026-GONE",
      server: "server B",
      login: "unit",
      answers: ack("已保存走访记录 ZF-2026-GONE。"),
    };
    const task: WebWrite = { kind: "task", rowId: "RW-2026-001", marker: "WR-7", server: "server B", login: "admin", answers: ack("已保存任务进度。") };
    const save: LibreOfficeSave = { n: 1, marker: "LO-R-1", edit: "LO R 第1次保存", startedAt: 0, savedAt: 1, snapshot: file };
    const r = report([kept, gone, task], [save]);

    await countLosses(r, file, "RW-2026-070", "<html>数据体检</html>");

    expect(r.lostWrites).toHaveLength(2);
    expect(r.lostWrites[0]).toContain("visit ZF-2026-GONE (unit on server B");
    expect(r.lostWrites[0]).toContain("已保存走访记录 ZF-2026-GONE");
    expect(r.lostWrites[1]).toContain("task RW-2026-001 备注 WR-7");
    expect(r.lostSaves).toEqual([expect.stringContaining("LibreOffice save 1 (") as string]);
    expect(r.lostSaves[0]).toContain("LO-R-1");
    // Both readers: one row for the kept visit, none for the two lost writes.
    expect(r.auditProblems).toHaveLength(4);
    expect(r.auditProblems.join("\n")).not.toContain("ZF-2026-KEPT");
    expect(r.readerDisagreements).toEqual([]);
  });

  it("counts a write named on 数据体检 as on the conflict list, not lost", async () => {
    const gone: WebWrite = {
      kind: "visit",
      rowId: "ZF-2026-GONE",
      marker: "ZF-2026-GONE",
      server: "server B",
      login: "unit",
      answers: ack("已保存走访记录 ZF-2026-GONE。"),
    };
    const r = report([gone], []);
    await countLosses(r, file, "RW-2026-070", "<td>冲突：ZF-2026-GONE 的「主要内容」</td>");
    expect(r.lostWrites).toEqual([]);
    expect(r.conflictsListed).toHaveLength(1);
  });
});

describe("reading the page a submission answers with", () => {
  it("takes a form's hidden, typed and chosen fields as a browser submits them", () => {
    const html =
      '<form action="" data-testid="task-progress-form"><input type="hidden" name="$ACTION_REF_2"/><input type="hidden" name="id" value="RW-2026-001"/>' +
      '<input type="hidden" name="seen.notes" value="a &quot;b&quot; &amp; c"/><select name="status"><option value="">无</option><option value="进行中" selected="">进行中</option></select>' +
      '<textarea name="notes">已有 &lt;备注&gt;</textarea><button type="submit">保存</button></form>';
    expect(formFields(html, "task-progress-form")).toEqual([
      ["$ACTION_REF_2", ""],
      ["id", "RW-2026-001"],
      ["seen.notes", 'a "b" & c'],
      ["status", "进行中"],
      ["notes", "已有 <备注>"],
    ]);
  });

  it("tells saved, already saved, locked and conflict apart", () => {
    expect(answerOf('<p role="status">已保存走访记录 ZF-1。</p>', 200).answer).toBe("saved");
    expect(answerOf("&quot;message&quot;:&quot;走访记录 ZF-1 已经保存过，没有重复写入。&quot;", 200)).toEqual({
      answer: "repeated",
      text: "走访记录 ZF-1 已经保存过，没有重复写入",
    });
    expect(answerOf("<p>工作簿正在被 张三 编辑，请保存并关闭后再提交</p>", 200).answer).toBe("locked");
    expect(answerOf("<p>您打开表单后，有人在表格中改动了您也要修改的内容。本次未保存</p>", 200).answer).toBe("conflict");
    expect(answerOf("<p>已保存走访记录</p>", 500).answer).toBe("failed");
  });
});
