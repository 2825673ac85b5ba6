import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BallotLimiter } from "@/lib/auth/ballot-limiter";
import { isPublicPath } from "@/lib/auth/gate";
import { zipFiles } from "@/lib/export/zip";

describe("the ballot page's rate limit", () => {
  it("lets a room of phones on one address through, and stops an address guessing codes", () => {
    let now = 0;
    const limiter = new BallotLimiter({ requests: 120, misses: 5, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 120; i++) expect(limiter.take("10.0.0.1", "request").ok).toBe(true);
    expect(limiter.take("10.0.0.1", "request")).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(limiter.take("10.0.0.2", "request").ok).toBe(true);
    for (let i = 0; i < 5; i++) limiter.take("10.0.0.3", "miss");
    expect(limiter.blocked("10.0.0.3").ok).toBe(false);
    expect(limiter.blocked("10.0.0.2").ok).toBe(true);
    now = 60_001;
    expect(limiter.blocked("10.0.0.3").ok).toBe(true);
    expect(limiter.take("10.0.0.1", "request").ok).toBe(true);
  });

  it("is reached without signing in", () => {
    expect(isPublicPath("/ballot/ABCDEFGH")).toBe(true);
    expect(isPublicPath("/admin/appraisal")).toBe(false);
  });
});

describe("zipFiles", () => {
  it("writes a zip that unzip lists and extracts, with Chinese names", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "s23-h6-zip-"));
    try {
      const file = path.join(dir, "a.zip");
      writeFileSync(
        file,
        zipFiles([
          { name: "2026年度目标责任状-经棚镇.docx", data: Buffer.from("甲方乙方".repeat(100)) },
          { name: "b.txt", data: Buffer.from("") },
        ]),
      );
      expect(execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).trim().split("\n")).toEqual(["2026年度目标责任状-经棚镇.docx", "b.txt"]);
      expect(execFileSync("unzip", ["-p", file, "2026年度目标责任状-经棚镇.docx"], { encoding: "utf8" })).toBe("甲方乙方".repeat(100));
      execFileSync("unzip", ["-tq", file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
