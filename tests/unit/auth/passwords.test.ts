import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccountError,
  addLocalAccount,
  hasEnabledLocalAccounts,
  listLocalAccounts,
  setLocalAccountDisabled,
  setLocalPassword,
  verifyLocalLogin,
} from "@/lib/auth/accounts";
import { createDemoAccounts, DEMO_PASSWORD } from "@/lib/auth/demo-accounts";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";

const CHEAP = { N: 1024, r: 8, p: 1 };

describe("password hashing (scrypt)", () => {
  it("verifies the password it hashed and nothing else", async () => {
    const hash = await hashPassword("correct horse battery", CHEAP);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/u);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same password", CHEAP), hashPassword("same password", CHEAP)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", b)).toBe(true);
  });

  it("uses the parameters recorded in the hash (the default ones too)", async () => {
    const strong = await hashPassword("default parameters");
    expect(strong.split("$")[1]).toBe(String(2 ** 15));
    expect(await verifyPassword("default parameters", strong)).toBe(true);
  });

  it("never matches a malformed hash", async () => {
    for (const bad of ["", "plain", "scrypt$x$8$1$abc$def", "bcrypt$1024$8$1$abc$def", "scrypt$1024$8$1$abc$"]) {
      expect(await verifyPassword("anything", bad)).toBe(false);
    }
  });
});

describe("the accounts file", () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "dutyboard-accounts-"));
    file = path.join(dir, "accounts.json");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("adds, verifies, changes, disables and re-enables an account, keeping only hashes, readable by the owner only", async () => {
    expect(await hasEnabledLocalAccounts(file)).toBe(false);
    await addLocalAccount(" Zhang@Example.GOV.cn ", "first-password", { file, hashParams: CHEAP });
    expect(await listLocalAccounts(file)).toEqual([{ login: "zhang@example.gov.cn", disabled: false }]);
    expect(await verifyLocalLogin("ZHANG@example.gov.cn", "first-password", file)).toBe("zhang@example.gov.cn");
    expect(await verifyLocalLogin("zhang@example.gov.cn", "wrong-password", file)).toBeUndefined();
    expect(await verifyLocalLogin("nobody", "first-password", file)).toBeUndefined();

    const text = await readFile(file, "utf8");
    expect(text).not.toContain("first-password");
    expect(JSON.parse(text).accounts["zhang@example.gov.cn"].hash).toMatch(/^scrypt\$/u);
    expect((await stat(file)).mode & 0o077).toBe(0);

    await expect(addLocalAccount("zhang@example.gov.cn", "another-password", { file, hashParams: CHEAP })).rejects.toThrow(AccountError);
    await setLocalPassword("zhang@example.gov.cn", "second-password", { file, hashParams: CHEAP });
    expect(await verifyLocalLogin("zhang@example.gov.cn", "first-password", file)).toBeUndefined();
    expect(await verifyLocalLogin("zhang@example.gov.cn", "second-password", file)).toBe("zhang@example.gov.cn");

    await setLocalAccountDisabled("zhang@example.gov.cn", true, { file });
    expect(await verifyLocalLogin("zhang@example.gov.cn", "second-password", file)).toBeUndefined();
    expect(await hasEnabledLocalAccounts(file)).toBe(false);
    await setLocalAccountDisabled("zhang@example.gov.cn", false, { file });
    expect(await verifyLocalLogin("zhang@example.gov.cn", "second-password", file)).toBe("zhang@example.gov.cn");
  });

  it("refuses short passwords and unknown accounts", async () => {
    await expect(addLocalAccount("li", "short", { file, hashParams: CHEAP })).rejects.toThrow("至少需要 8 个字符");
    await expect(setLocalPassword("nobody", "long-enough-password", { file, hashParams: CHEAP })).rejects.toThrow("没有这个账号");
    await expect(addLocalAccount("  ", "long-enough-password", { file, hashParams: CHEAP })).rejects.toThrow("账号不能为空");
    // A login that looks like another: "admin" with a zero-width space, or reversed by a bidi override.
    await expect(addLocalAccount("adm\u200Bin", "long-enough-password", { file, hashParams: CHEAP })).rejects.toThrow(
      "账号含有看不见的字符或文字方向控制符（U+200B）",
    );
    await expect(addLocalAccount("\u202Enimda", "long-enough-password", { file, hashParams: CHEAP })).rejects.toThrow("（U+202E）");
    await expect(addLocalAccount("li\uFFFF", "long-enough-password", { file, hashParams: CHEAP })).rejects.toThrow("账号格式不正确");
  });

  it("creates one demo account per role with the demo password", async () => {
    const demoFile = path.join(dir, "demo.json");
    await createDemoAccounts({ file: demoFile, hashParams: CHEAP });
    expect((await listLocalAccounts(demoFile)).map((a) => a.login)).toEqual(["admin", "leader", "unit", "viewer"]);
    for (const login of ["admin", "leader", "unit", "viewer"]) expect(await verifyLocalLogin(login, DEMO_PASSWORD, demoFile)).toBe(login);
  });
});
