import "server-only";
/**
 * 述职评议 by ballot: opening a session, casting a ballot, closing it.
 *
 * Once per code. A ballot is written in the same store call that marks its
 * code's hash spent: `updateById` on the 测评码 row, expecting it unspent and of
 * this session, with the ballot as the rows that go along. On the workbook the
 * check, the mark and the ballot are one save under the write lock, so of two
 * submissions racing with one code exactly one lands. On Google Sheets the
 * store re-reads the row just before writing and queues every write of the
 * process, so the guarantee holds within one server instance; with REDIS_URL
 * a SET NX on the hash first makes it hold across instances. Without Redis,
 * several Google instances racing with one code within the same second could
 * both pass the re-read: that is the limit we state (docs/workbook.md), and a
 * deployment with more than one instance sets REDIS_URL. If the ballot row
 * fails after the mark (Google cannot make the two one request), the mark is
 * taken back so the voter may try again.
 *
 * Anonymity. A 测评票 row holds a random 票号, the session, the session's date
 * and the grades — no code, hash, address, browser or time of day. The 测评码
 * rows are all written when the session opens, ordered by hash (which is
 * unrelated to the order of the slips), and spending one only sets its 已用
 * cell in place: nothing in the spreadsheet records when, or in which order,
 * codes were spent. So the order of the ballot rows (the order votes arrived)
 * meets nothing it could be matched against, even for someone holding every
 * code. No 操作日志 row is written per ballot for the same reason (it would
 * carry the hash and the time). What remains outside the sheet: a person
 * watching the sheet live between two votes, the workbook's backup copies and
 * Google's revision history see one save at a time.
 */
import { createHmac, randomBytes } from "node:crypto";
import { base32, CODE_BITS, COMMENT_MAX, codeHash, checkBallot, tallyAppraisal, tallyNote, type UnitTally } from "../domain/appraisal";
import { yearOf } from "../domain/dates";
import { type ErrorParams, isDutyError, WRITE_BUSY_CODES } from "../errors";
import type { CellValue } from "../schema/cells";
import { parseWorkbook, type Dataset } from "../schema/workbook";
import { appraisalsTab, ballotCodesTab, ballotsTab, scoresTab, type Appraisal } from "../schema/tabs";
import { getStore, type SheetStore } from "../sheets";
import { redisKey, sharedRedis } from "../state/redis";
import { appendRow, recordAudit, updateRow, type Writer } from "./writes";

export interface AppraisalDeps {
  store: SheetStore;
  /** A fresh read of the spreadsheet, parsed. */
  read: () => Promise<Dataset>;
  afterWrite: () => Promise<void>;
  /** The key the session's codes are derived with. */
  codeKey: Buffer;
  /** Shared once-only marks across instances (Redis SET NX), when there is one. */
  claim?: { take(key: string): Promise<boolean>; release(key: string): Promise<void> };
}

async function defaultDeps(): Promise<AppraisalDeps> {
  const store = await getStore();
  const { loadDataset, invalidateDataset } = await import("./dataset");
  const { authSecret } = await import("../auth/secret");
  const redis = sharedRedis();
  return {
    store,
    // The workbook is re-read when its file changes; Google's snapshot may be seconds old, so a ballot reads afresh.
    read: async () => (store.kind === "xlsx" ? loadDataset() : parseWorkbook(await store.readAll())),
    afterWrite: invalidateDataset,
    codeKey: ballotCodeKey(authSecret()),
    ...(redis && {
      claim: {
        take: async (key: string) => (await redis.set(redisKey("ballot", key), "1", "EX", 90 * 86_400, "NX")) === "OK",
        release: async (key: string) => void (await redis.del(redisKey("ballot", key))),
      },
    }),
  };
}

async function depsWith(overrides: Partial<AppraisalDeps> = {}): Promise<AppraisalDeps> {
  if (overrides.store && overrides.read && overrides.afterWrite && overrides.codeKey) return overrides as AppraisalDeps;
  return { ...(await defaultDeps()), ...overrides };
}

export function ballotCodeKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("dutyboard/ballot-codes/v1").digest();
}

/**
 * The session's codes, derived from the server's key so the slip sheet can be
 * printed again; the spreadsheet keeps only their hashes. 160 bits each.
 */
export function sessionCodes(key: Buffer, sessionId: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    base32(
      createHmac("sha256", key)
        .update(`${sessionId}\n${i}`)
        .digest()
        .subarray(0, CODE_BITS / 8),
    ),
  );
}

/** A refusal: its code and parameters (lib/i18n's `appraisalText` says them in the viewer's language); `message` is the Chinese text for logs. */
export type AppraisalFailure = { ok: false; code: string; message: string; params?: ErrorParams };

function fail(code: string, message: string, params?: ErrorParams): AppraisalFailure {
  return { ok: false, code, message, ...(params && { params }) };
}

// ---------------------------------------------------------------------------
// Opening.

export interface OpenInput {
  date: string;
  title: string;
  units: string[];
  ballots: number;
}

export async function openSession(writer: Writer, input: OpenInput, overrides?: Partial<AppraisalDeps>): Promise<{ ok: true; id: string } | AppraisalFailure> {
  const deps = await depsWith(overrides);
  const id = `CP${input.date.replaceAll("-", "")}-${randomBytes(3).toString("hex").toUpperCase()}`;
  const hashes = sessionCodes(deps.codeKey, id, input.ballots).map(codeHash).sort();
  // The hashes first: a session row without its codes would take no ballot.
  const codes = await deps.store.append(
    ballotCodesTab,
    hashes.map((hash) => ({ hash, session: id, spent: null })),
  );
  if (!codes.ok)
    return fail(
      codes.reason,
      codes.reason === "missing-tab" ? `表格中找不到「${ballotCodesTab.title}」工作表，请先恢复它。` : "测评码未能写入表格，请稍后再试。",
    );
  await recordAudit(writer, [{ action: "生成测评码", spec: ballotCodesTab, rowId: id, before: null, after: { 票数: input.ballots } }], { store: deps.store });
  const row = { id, date: { date: input.date }, title: input.title, units: input.units.join("、"), ballots: input.ballots, status: "进行中" };
  const written = await appendRow(writer, appraisalsTab, row, { action: "开启述职评议测评" }, { store: deps.store, afterWrite: deps.afterWrite });
  if (!written.ok) return fail(written.reason, written.message, written.params);
  return { ok: true, id };
}

// ---------------------------------------------------------------------------
// Voting.

export type BallotLookup = { ok: true; session: Appraisal; hash: string } | AppraisalFailure;

/** The session a code belongs to, if it may still vote. */
export function lookupCode(dataset: Pick<Dataset, "appraisals" | "ballotCodes">, code: string): BallotLookup {
  const hash = codeHash(code);
  const row = dataset.ballotCodes.find((c) => c.hash === hash);
  if (!row) return fail("unknown-code", "测评码无效：请检查是否完整扫描了测评票上的二维码。");
  const session = dataset.appraisals.find((s) => s.id === row.session);
  if (!session) return fail("unknown-code", "测评码无效：找不到它所属的测评。");
  if (session.status !== "进行中") return fail("closed", "本场测评已结束，不再收票。");
  if (row.spent) return fail("spent", "该测评码已经投过票，每张测评票只能提交一次。");
  return { ok: true, session, hash };
}

/**
 * A room votes within a minute: this process's ballots queue here, one store
 * write at a time, instead of all polling the workbook's lock file (whose wait
 * has a deadline meant for the odd concurrent save, not for fifty).
 */
let queue: Promise<unknown> = Promise.resolve();
function inTurn<T>(write: () => Promise<T>): Promise<T> {
  const turn = queue.then(write);
  queue = turn.catch(() => undefined);
  return turn;
}

export interface BallotInput {
  code: string;
  sessionId: string;
  grades: Record<string, string>;
  comments?: Record<string, string>;
}

export async function castBallot(input: BallotInput, overrides?: Partial<AppraisalDeps>): Promise<{ ok: true } | AppraisalFailure> {
  const deps = await depsWith(overrides);
  const found = lookupCode(await deps.read(), input.code);
  if (!found.ok) return found;
  if (found.session.id !== input.sessionId) return fail("other-session", "该测评码不属于本场测评，本票未保存。请使用本场测评发放的测评票。");
  const ballot = checkBallot(found.session.units, input.grades, input.comments);
  if (!ballot.ok) return fail(ballot.code, ballot.message, { unit: ballot.unit ?? "", max: COMMENT_MAX });

  if (deps.claim && !(await deps.claim.take(found.hash))) return fail("spent", "该测评码已经投过票，每张测评票只能提交一次。");
  const row = {
    id: randomBytes(8).toString("hex").toUpperCase(),
    session: found.session.id,
    date: { date: found.session.date },
    grades: JSON.stringify(ballot.grades),
    comments: Object.keys(ballot.comments).length ? JSON.stringify(ballot.comments) : "",
  };
  const expected: Record<string, CellValue> = { spent: null, session: found.session.id };
  let result;
  try {
    result = await inTurn(() => deps.store.updateById(ballotCodesTab, found.hash, { spent: true }, expected, { spec: ballotsTab, rows: () => [row] }));
  } catch (error) {
    await deps.claim?.release(found.hash);
    // Decided by the error's code (the lock waited too long, or lost its hold), never by its message.
    if (isDutyError(error, ...WRITE_BUSY_CODES)) return fail("busy", "投票人数较多，服务器正忙，本票未保存，请稍后再提交一次。");
    throw error;
  }
  if (!result.ok) {
    if (result.reason === "conflict") {
      const other = result.current?.session;
      if (other !== undefined && other !== null && String(other) !== found.session.id) return fail("other-session", "该测评码不属于本场测评，本票未保存。");
      return fail("spent", "该测评码已经投过票，每张测评票只能提交一次。");
    }
    await deps.claim?.release(found.hash);
    if (result.reason === "locked") return fail("busy", "工作簿正被其他人打开编辑，本票未保存，请稍后再提交一次。", { cause: "locked" });
    return fail(result.reason, "本票未能保存，请稍后再提交一次。");
  }
  if (result.logged === false) {
    // The mark landed, the ballot did not (Google): take the mark back so the code may vote again.
    await deps.store.updateById(ballotCodesTab, found.hash, { spent: null }, { spent: true });
    await deps.claim?.release(found.hash);
    return fail("failed", "本票未能保存，请稍后再提交一次。");
  }
  await deps.afterWrite();
  return { ok: true };
}

// ---------------------------------------------------------------------------
// Counting and closing.

export interface SessionProgress {
  session: Appraisal;
  received: number;
}

/** 已收回 N / M 票 of the open sessions: how many, never how. */
export function openSessionProgress(dataset: Pick<Dataset, "appraisals" | "ballots">): SessionProgress[] {
  return dataset.appraisals
    .filter((s) => s.status === "进行中")
    .map((session) => ({ session, received: dataset.ballots.filter((b) => b.session === session.id).length }));
}

export function sessionTallies(dataset: Pick<Dataset, "ballots" | "settings">, session: Appraisal): UnitTally[] {
  return tallyAppraisal(
    session.units,
    dataset.ballots.filter((b) => b.session === session.id),
    dataset.settings,
  );
}

export function scoreRowId(sessionId: string, index: number): string {
  return `${sessionId}-${String(index + 1).padStart(2, "0")}`;
}

/**
 * Closes the session (no ballot is taken after), then writes one 述职评议 row
 * per unit to 考核 with the tallies in its note. Run again, it writes only
 * the rows still missing.
 */
export async function closeSession(
  writer: Writer,
  sessionId: string,
  overrides?: Partial<AppraisalDeps>,
): Promise<{ ok: true; tallies: UnitTally[] } | AppraisalFailure> {
  const deps = await depsWith(overrides);
  const before = await deps.read();
  const session = before.appraisals.find((s) => s.id === sessionId);
  if (!session) return fail("not-found", `找不到测评「${sessionId}」。`, { id: sessionId });
  if (session.status === "进行中") {
    const closed = await updateRow(
      writer,
      appraisalsTab,
      sessionId,
      { values: { status: "已结束" }, seen: { status: "进行中" } },
      { action: "结束述职评议测评" },
      { store: deps.store, afterWrite: deps.afterWrite },
    );
    if (!closed.ok) return fail(closed.reason, closed.message, "params" in closed ? closed.params : undefined);
  }
  const dataset = await deps.read();
  const tallies = sessionTallies(dataset, session);
  const year = yearOf(session.date);
  for (const [i, t] of tallies.entries()) {
    if (t.score === null) continue;
    const row = {
      id: scoreRowId(session.id, i),
      year,
      unit: t.unit,
      method: "述职评议",
      date: { date: session.date },
      score: t.score,
      inspector: "民主测评",
      deductions: tallyNote(t, session.id),
    };
    const written = await appendRow(writer, scoresTab, row, { action: "写入述职评议测评结果" }, { store: deps.store, afterWrite: deps.afterWrite });
    if (!written.ok) return fail(written.reason, written.message, written.params);
  }
  return { ok: true, tallies };
}
