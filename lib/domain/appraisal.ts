/**
 * 述职评议 by ballot (民主测评): codes, what a valid ballot is, and the tallies.
 * Pure apart from the random source of new codes.
 */
import { createHash } from "node:crypto";
import type { Settings } from "../schema/settings";
import { APPRAISAL_GRADES, type AppraisalGrade, type Ballot } from "../schema/tabs";
import { round } from "./numbers";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/** Codes are 160 bits: 32 base32 characters, far past guessing (≥ 128 bits asked). */
export const CODE_BITS = 160;
export const CODE_PATTERN = /^[A-Z2-7]{32}$/u;

/** RFC 4648 base32 without padding. */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** A code as typed or scanned: upper case, no spaces or dashes. */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]/gu, "").toUpperCase();
}

/** What 测评码 keeps of a code: its SHA-256 (hex). The code itself is stored nowhere. */
export function codeHash(code: string): string {
  return createHash("sha256")
    .update(`dutyboard-ballot\n${normaliseCode(code)}`)
    .digest("hex");
}

export function isGrade(value: unknown): value is AppraisalGrade {
  return typeof value === "string" && (APPRAISAL_GRADES as readonly string[]).includes(value);
}

export type BallotCheck =
  | { ok: true; grades: Record<string, AppraisalGrade>; comments: Record<string, string> }
  | { ok: false; code: "unit-outside" | "unit-missing" | "bad-grade" | "comment-long"; unit?: string; message: string };

export const COMMENT_MAX = 200;

/**
 * A ballot must rate exactly the session's units, each 好 / 较好 / 一般 / 差; a
 * unit outside the session (a forged post) refuses the whole ballot.
 */
export function checkBallot(sessionUnits: readonly string[], grades: Record<string, string>, comments: Record<string, string> = {}): BallotCheck {
  const inSession = new Set(sessionUnits);
  for (const unit of [...Object.keys(grades), ...Object.keys(comments)]) {
    if (!inSession.has(unit)) return { ok: false, code: "unit-outside", unit, message: `「${unit}」不在本场测评的参评单位中，本票未保存。` };
  }
  const out: Record<string, AppraisalGrade> = {};
  for (const unit of sessionUnits) {
    const g = grades[unit];
    if (g === undefined || g === "") return { ok: false, code: "unit-missing", unit, message: `请为「${unit}」选择评价等次（好 / 较好 / 一般 / 差）。` };
    if (!isGrade(g)) return { ok: false, code: "bad-grade", unit, message: `「${unit}」的评价「${g}」无效，只能是 好 / 较好 / 一般 / 差。` };
    out[unit] = g;
  }
  const notes: Record<string, string> = {};
  for (const [unit, text] of Object.entries(comments)) {
    const t = text.trim();
    if (t.length > COMMENT_MAX) return { ok: false, code: "comment-long", unit, message: `对「${unit}」的意见超过 ${COMMENT_MAX} 字，请精简后再提交。` };
    if (t) notes[unit] = t;
  }
  return { ok: true, grades: out, comments: notes };
}

export interface UnitTally {
  unit: string;
  counts: Record<AppraisalGrade, number>;
  ballots: number;
  /** (好 + 较好) ÷ ballots, 0–1; null with no ballots. */
  goodShare: number | null;
  /** Mean of the grades' scores by 设置 appraisal.*, 2 decimals; null with no ballots. */
  score: number | null;
}

/** The ballots' grades as stored (JSON), or undefined for a row that is not a readable ballot. */
export function ballotGrades(ballot: Pick<Ballot, "grades">): Record<string, AppraisalGrade> | undefined {
  try {
    const parsed: unknown = JSON.parse(ballot.grades);
    if (!parsed || typeof parsed !== "object") return undefined;
    const out: Record<string, AppraisalGrade> = {};
    for (const [unit, g] of Object.entries(parsed)) if (isGrade(g)) out[unit] = g;
    return out;
  } catch {
    return undefined;
  }
}

export function tallyAppraisal(units: readonly string[], ballots: readonly Pick<Ballot, "grades">[], settings: Pick<Settings, "appraisal">): UnitTally[] {
  const parsed = ballots.map(ballotGrades);
  return units.map((unit) => {
    const counts: Record<AppraisalGrade, number> = { 好: 0, 较好: 0, 一般: 0, 差: 0 };
    for (const grades of parsed) {
      const g = grades?.[unit];
      if (g) counts[g] += 1;
    }
    const n = APPRAISAL_GRADES.reduce((s, g) => s + counts[g], 0);
    const sum = APPRAISAL_GRADES.reduce((s, g) => s + counts[g] * settings.appraisal[g], 0);
    return { unit, counts, ballots: n, goodShare: n ? (counts.好 + counts.较好) / n : null, score: n ? round(sum / n, 2) : null };
  });
}

/** The note a 考核 row carries: the tallies behind its score. */
export function tallyNote(t: UnitTally, sessionId: string): string {
  const share = t.goodShare === null ? "—" : `${round(t.goodShare * 100, 1)}%`;
  return `民主测评 ${sessionId}：好 ${t.counts.好} 票、较好 ${t.counts.较好} 票、一般 ${t.counts.一般} 票、差 ${t.counts.差} 票，共 ${t.ballots} 票，好和较好占 ${share}`;
}
