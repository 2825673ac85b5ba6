import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { isSessionRevoked, newSessionId, revokeSession, type RevokedSessions } from "@/lib/auth/revoked-sessions";
import { FileState } from "@/lib/auth/shared-state";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dutyboard-revoked-"));
  return () => rm(dir, { recursive: true, force: true });
});

describe("revoked sessions", () => {
  it("are kept in a file every process reads, until the session would have expired", async () => {
    const file = path.join(dir, ".revoked-sessions.json");
    const writer = new FileState<RevokedSessions>(file, () => ({}));
    const reader = new FileState<RevokedSessions>(file, () => ({}));
    const [a, b] = [newSessionId(), newSessionId()];
    expect(a).not.toBe(b);
    const now = Date.now();
    await revokeSession(a, now + 3_600_000, writer, now);
    expect(await isSessionRevoked(a, reader)).toBe(true);
    expect(await isSessionRevoked(b, reader)).toBe(false);
    // Expired entries are dropped at the next revocation: the file does not grow for ever.
    await revokeSession(b, now + 3_600_000, writer, now + 7_200_000);
    expect(await isSessionRevoked(a, reader)).toBe(false);
    expect(await isSessionRevoked(b, reader)).toBe(true);
  });
});
