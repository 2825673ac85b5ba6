import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createScreenLink,
  listScreenLinks,
  readScreenToken,
  revokeScreenLink,
  screenLinkStatus,
  screenUrl,
  signScreenToken,
  verifyScreenLink,
} from "@/lib/auth/screen-links";

const DAY = 86_400_000;
const key = randomBytes(32);
const now = new Date("2026-11-20T02:00:00Z");

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dutyboard-screen-links-"));
  file = path.join(dir, "screen-links.json");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function tamper(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [body, sig] = token.split(".") as [string, string];
  const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
  change(payload);
  return `${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${sig}`;
}

describe("meeting-screen links", () => {
  it("a new link opens until it expires, and is registered with its note and creator", async () => {
    const { link, token } = await createScreenLink({ days: 7, note: "三楼会议室", createdBy: "admin" }, { key, file, now });
    expect(link).toMatchObject({
      note: "三楼会议室",
      createdBy: "admin",
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 7 * DAY).toISOString(),
    });
    expect(await verifyScreenLink(token, { key, file, now })).toEqual({ ok: true, link });
    expect(await verifyScreenLink(token, { key, file, now: new Date(now.getTime() + 7 * DAY - 1000) })).toMatchObject({ ok: true });
    expect(await verifyScreenLink(token, { key, file, now: new Date(now.getTime() + 7 * DAY) })).toEqual({ ok: false, reason: "expired" });
    expect(screenUrl("http://example.org/", token)).toBe(`http://example.org/screen?token=${encodeURIComponent(token)}`);
    // The registry holds no token, only what identifies it.
    expect(await readFile(file, "utf8")).not.toContain(token.split(".")[1]);
  });

  it("refuses a tampered token: a later expiry, another ID, a changed signature, another key", async () => {
    const { token } = await createScreenLink({ days: 1, createdBy: "admin" }, { key, file, now });
    const later = tamper(token, (p) => (p.exp = Number(p.exp) + 365 * 86_400));
    expect(await verifyScreenLink(later, { key, file, now })).toEqual({ ok: false, reason: "bad-signature" });
    const other = tamper(token, (p) => (p.id = "someone-else"));
    expect(await verifyScreenLink(other, { key, file, now })).toEqual({ ok: false, reason: "bad-signature" });
    const flipped = `${token.slice(0, -2)}${token.endsWith("A") ? "B" : "A"}A`;
    expect((await verifyScreenLink(flipped, { key, file, now })).ok).toBe(false);
    // The last character of a 32-byte MAC carries two unused bits: another spelling of the same bytes is refused too.
    const last = token.at(-1) ?? "A";
    const respelled = `${token.slice(0, -1)}${String.fromCharCode(last.charCodeAt(0) ^ 1)}`;
    expect(await verifyScreenLink(respelled, { key, file, now })).toEqual({ ok: false, reason: "bad-signature" });
    expect(await verifyScreenLink(token, { key: randomBytes(32), file, now })).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuses malformed tokens", async () => {
    for (const bad of ["", "abc", "a.b.c", ".", "x".repeat(2000)]) {
      expect((await verifyScreenLink(bad, { key, file, now })).ok).toBe(false);
    }
    const notJson = `${Buffer.from("not json").toString("base64url")}`;
    expect(readScreenToken(`${notJson}.${signScreenToken({ v: 1, id: "x", scope: "screen", exp: 0 }, key).split(".")[1]}`, key, now)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  it("refuses a correctly signed token of another scope", () => {
    const token = signScreenToken({ v: 1, id: "x", scope: "admin", exp: Math.floor(now.getTime() / 1000) + 3600 }, key);
    expect(readScreenToken(token, key, now)).toEqual({ ok: false, reason: "wrong-scope" });
  });

  it("refuses a correctly signed token whose own expiry has passed, even if the registry says otherwise", () => {
    const token = signScreenToken({ v: 1, id: "x", scope: "screen", exp: Math.floor(now.getTime() / 1000) - 1 }, key);
    expect(readScreenToken(token, key, now)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a signed token the registry does not know (e.g. the registry was reset)", async () => {
    const token = signScreenToken({ v: 1, id: "never-registered", scope: "screen", exp: Math.floor(now.getTime() / 1000) + 3600 }, key);
    expect(await verifyScreenLink(token, { key, file, now })).toEqual({ ok: false, reason: "unknown" });
  });

  it("refuses a revoked link from the next check on", async () => {
    const { link, token } = await createScreenLink({ days: 30, note: "大屏", createdBy: "admin" }, { key, file, now });
    expect((await verifyScreenLink(token, { key, file, now })).ok).toBe(true);
    expect(await revokeScreenLink(link.id, { file, now })).toBe(true);
    expect(await verifyScreenLink(token, { key, file, now })).toEqual({ ok: false, reason: "revoked" });
    expect(await revokeScreenLink(link.id, { file, now })).toBe(false);
    expect(await revokeScreenLink("no-such-link", { file, now })).toBe(false);
    const listed = (await listScreenLinks(file)).find((l) => l.id === link.id);
    expect(listed && screenLinkStatus(listed, now)).toBe("revoked");
  });

  it("refuses impossible lifetimes", async () => {
    await expect(createScreenLink({ days: 0, createdBy: "admin" }, { key, file, now })).rejects.toThrow(RangeError);
    await expect(createScreenLink({ days: 400, createdBy: "admin" }, { key, file, now })).rejects.toThrow(RangeError);
  });
});
