import { describe, expect, it } from "vitest";
import { base32, checkBallot, codeHash, CODE_PATTERN, tallyAppraisal, tallyNote } from "@/lib/domain/appraisal";
import { assessmentClauses, letterFor, letterTitle, signingStatus } from "@/lib/domain/letters";
import type { Letter } from "@/lib/schema/tabs";
import { settings, task, unit } from "./factories";

describe("目标责任状", () => {
  const tasks = [
    task({ id: "A1", keyTask: "引领深化学习", level: "基层党委及班子成员", leadUnit: "经棚镇", due: "2026-06-30" }),
    task({ id: "A2", keyTask: "引领深化学习", level: "基层党委及班子成员", leadUnit: "旗委组织部", partnerUnits: ["经棚镇"], due: "2026-09-30" }),
    task({ id: "B1", keyTask: "引领科学发展", level: "旗委及领导小组", leadUnit: "旗委宣传部", partnerUnits: ["同兴镇", "经棚镇"], due: "2026-12-31" }),
    task({ id: "C1", keyTask: "引领科学发展", leadUnit: "经棚镇", due: "2025-12-31" }), // another year
    task({ id: "D1", keyTask: "引领科学发展", leadUnit: "同兴镇", due: "2026-05-01" }), // not this unit's
    task({ id: "E1", keyTask: "引领科学发展", leadUnit: "经棚镇", due: "2026-05-01", status: "已取消" }),
  ];
  const units = [unit("U1", "经棚镇"), { ...unit("U2", "同兴镇"), secretary: "李书记" }];

  it("lists exactly the unit's lead and partner tasks of the year, grouped by 重点任务 and 责任层级", () => {
    const letter = letterFor({ units, tasks, settings: settings() }, "经棚镇", 2026);
    expect(letter.title).toBe(letterTitle(2026));
    expect(letter.title).toBe("2026年度全面从严治党目标责任状");
    expect(letter.taskIds).toEqual(["A1", "A2", "B1"]);
    expect(letter.groups.map((g) => [g.keyTask, g.level, g.tasks.map((t) => `${t.id}:${t.role}`)])).toEqual([
      ["引领深化学习", "基层党委及班子成员", ["A1:牵头", "A2:参加"]],
      ["引领科学发展", "旗委及领导小组", ["B1:参加"]],
    ]);
    expect(letter.groups[0]?.tasks[0]?.due).toBe("2026-06-30");
  });

  it("names the unit's secretary and takes the clause from 设置", () => {
    const letter = letterFor({ units, tasks, settings: settings({ weights: { 拉练抽查: 10, 日常督查: 30, 年末检查: 40, 述职评议: 20 } }) }, "同兴镇", 2026);
    expect(letter.secretary).toBe("李书记");
    expect(letter.taskIds).toEqual(["D1", "B1"]);
    expect(letter.clauses[0]).toContain("拉练抽查占 10%");
    expect(letter.clauses[0]).toContain("年末检查占 40%");
    expect(assessmentClauses(settings({ grades: { 好: 92, 较好: 81, 一般: 66 } }))[1]).toContain("92 分及以上为“好”");
  });

  it("counts 已签订 N / 应签 M from 责任状 rows of the year with a 签订日期", () => {
    const letters: Letter[] = [
      { id: "L1", year: 2026, unit: "经棚镇", signedOn: "2026-02-01", _row: 2 },
      { id: "L2", year: 2026, unit: "同兴镇", _row: 3 }, // not signed yet
      { id: "L3", year: 2025, unit: "同兴镇", signedOn: "2025-02-01", _row: 4 },
    ];
    expect(signingStatus(units, letters, 2026)).toEqual({ year: 2026, due: 2, signed: 1, unsigned: ["同兴镇"] });
    expect(signingStatus(units, letters, 2025)).toEqual({ year: 2025, due: 2, signed: 1, unsigned: ["经棚镇"] });
  });
});

describe("述职评议 ballots", () => {
  it("writes base32 like RFC 4648, and 20 bytes make a 32-character code", () => {
    expect(base32(new TextEncoder().encode("foobar"))).toBe("MZXW6YTBOI");
    expect(CODE_PATTERN.test(base32(new Uint8Array(20).fill(255)))).toBe(true);
  });

  it("keeps a hash of the code, the same however it is typed", () => {
    expect(codeHash("abcd efgh")).toBe(codeHash("ABCDEFGH"));
    expect(codeHash("ABCDEFGH")).toMatch(/^[0-9a-f]{64}$/u);
    expect(codeHash("ABCDEFGH")).not.toContain("ABCDEFGH");
  });

  it("accepts a ballot rating exactly the session's units", () => {
    const ok = checkBallot(["经棚镇", "同兴镇"], { 经棚镇: "好", 同兴镇: "差" }, { 经棚镇: " 很好 ", 同兴镇: "" });
    expect(ok).toEqual({ ok: true, grades: { 经棚镇: "好", 同兴镇: "差" }, comments: { 经棚镇: "很好" } });
  });

  it("refuses a unit outside the session, a missing unit and an unknown grade", () => {
    expect(checkBallot(["经棚镇"], { 经棚镇: "好", 旗委组织部: "差" })).toMatchObject({ ok: false, code: "unit-outside", unit: "旗委组织部" });
    expect(checkBallot(["经棚镇"], {}, { 旗委组织部: "x" })).toMatchObject({ ok: false, code: "unit-outside" });
    expect(checkBallot(["经棚镇", "同兴镇"], { 经棚镇: "好" })).toMatchObject({ ok: false, code: "unit-missing", unit: "同兴镇" });
    expect(checkBallot(["经棚镇"], { 经棚镇: "优秀" })).toMatchObject({ ok: false, code: "bad-grade" });
  });

  it("tallies counts, the 好+较好 share and the score by 设置 appraisal.*", () => {
    const ballots = [
      { grades: JSON.stringify({ 经棚镇: "好", 同兴镇: "一般" }) },
      { grades: JSON.stringify({ 经棚镇: "较好", 同兴镇: "差" }) },
      { grades: JSON.stringify({ 经棚镇: "好", 同兴镇: "一般" }) },
      { grades: JSON.stringify({ 经棚镇: "一般", 同兴镇: "好" }) },
      { grades: "not json" },
    ];
    const [a, b] = tallyAppraisal(["经棚镇", "同兴镇"], ballots, settings());
    expect(a).toEqual({ unit: "经棚镇", counts: { 好: 2, 较好: 1, 一般: 1, 差: 0 }, ballots: 4, goodShare: 0.75, score: 88.75 }); // (200+85+70)/4
    expect(b?.score).toBe(72.5); // (70+50+70+100)/4
    const custom = tallyAppraisal(["经棚镇"], ballots, { appraisal: { 好: 90, 较好: 80, 一般: 60, 差: 0 } });
    expect(custom[0]?.score).toBe(80); // (180+80+60)/4
    expect(tallyNote(a!, "CP1")).toBe("民主测评 CP1：好 2 票、较好 1 票、一般 1 票、差 0 票，共 4 票，好和较好占 75%");
    expect(tallyAppraisal(["红山子乡"], ballots, settings())[0]).toMatchObject({ ballots: 0, score: null, goodShare: null });
  });
});
