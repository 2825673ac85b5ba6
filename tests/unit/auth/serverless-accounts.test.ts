/**
 * On a serverless host: local accounts from ACCOUNTS_JSON (read only), state
 * files only under /tmp, and no secret generated.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AccountError,
  accountsAreReadOnly,
  addLocalAccount,
  exportAccountsJson,
  listLocalAccounts,
  setLocalPassword,
  verifyLocalLogin,
} from "@/lib/auth/accounts";
import { authSecret, MissingSecretError } from "@/lib/auth/secret";
import { resetEnvForTests } from "@/lib/env";
import { isServerless, stateFilePath } from "@/lib/state/serverless";

const CHEAP = { N: 1024, r: 8, p: 1 };
const saved = { ...process.env };
let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "dutyboard-serverless-"));
  file = path.join(dir, "accounts.json");
  await addLocalAccount("zhang", "zhang-password-123", { file, hashParams: CHEAP });
  await addLocalAccount("li", "li-password-12345", { file, hashParams: CHEAP });
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

function useEnv(values: Record<string, string | undefined>) {
  process.env = { ...saved, ...values };
  for (const [k, v] of Object.entries(values)) if (v === undefined) delete process.env[k];
  resetEnvForTests();
}

describe("ACCOUNTS_JSON, the accounts of a host without a writable disk", () => {
  it("signs in with the accounts `npm run accounts -- export` printed, and refuses changes with a clear message", async () => {
    const json = await exportAccountsJson(file);
    expect(json).not.toMatch(/\n/u);
    expect(json).not.toContain("zhang-password-123");
    // The configured file does not exist here: the accounts come from the variable alone.
    useEnv({ ACCOUNTS_JSON: json, ACCOUNTS_FILE: path.join(dir, "missing", "accounts.json") });
    expect(accountsAreReadOnly()).toBe(true);
    expect((await listLocalAccounts()).map((a) => a.login)).toEqual(["li", "zhang"]);
    expect(await verifyLocalLogin("zhang", "zhang-password-123")).toBe("zhang");
    expect(await verifyLocalLogin("zhang", "wrong-password-123")).toBeUndefined();
    await expect(addLocalAccount("wang", "wang-password-123", { hashParams: CHEAP })).rejects.toThrow(AccountError);
    await expect(setLocalPassword("zhang", "another-password-1", { hashParams: CHEAP })).rejects.toThrow(/ACCOUNTS_JSON/u);
    expect(await readdir(dir)).toEqual(["accounts.json"]);
  });

  it("names ACCOUNTS_JSON when its value is not the accounts JSON", async () => {
    useEnv({ ACCOUNTS_JSON: '{"version":1,"accounts":{"x":{}}}' });
    await expect(verifyLocalLogin("x", "whatever-password")).rejects.toThrow(/ACCOUNTS_JSON 格式不正确/u);
    useEnv({ ACCOUNTS_JSON: "{not json" });
    await expect(listLocalAccounts()).rejects.toThrow(/ACCOUNTS_JSON 不是有效的 JSON/u);
  });

  it("keeps the accounts file writable when ACCOUNTS_JSON is unset", () => {
    useEnv({ ACCOUNTS_JSON: undefined });
    expect(accountsAreReadOnly()).toBe(false);
  });
});

describe("serverless mode (VERCEL or DUTYBOARD_READONLY=1)", () => {
  it("keeps state files under /tmp only, and beside the accounts file otherwise", () => {
    useEnv({ DUTYBOARD_READONLY: "1", VERCEL: undefined, ACCOUNTS_FILE: path.join(dir, "accounts.json") });
    expect(isServerless()).toBe(true);
    expect(stateFilePath(".sign-in-failures.json").startsWith(`${tmpdir()}/`)).toBe(true);
    useEnv({ DUTYBOARD_READONLY: undefined, VERCEL: "1" });
    expect(isServerless()).toBe(true);
    useEnv({ DUTYBOARD_READONLY: undefined, VERCEL: undefined, ACCOUNTS_FILE: path.join(dir, "accounts.json") });
    expect(isServerless()).toBe(false);
    expect(stateFilePath(".sign-in-failures.json")).toBe(path.join(dir, ".sign-in-failures.json"));
  });

  it("refuses to generate a session secret there, even outside production", async () => {
    useEnv({ DUTYBOARD_READONLY: "1", NODE_ENV: "development", NEXTAUTH_SECRET: undefined, ACCOUNTS_FILE: path.join(dir, "accounts.json") });
    expect(() => authSecret()).toThrow(MissingSecretError);
    expect(await readdir(dir)).not.toContain(".secret");
    useEnv({ DUTYBOARD_READONLY: "1", NEXTAUTH_SECRET: "s".repeat(40) });
    expect(authSecret()).toBe("s".repeat(40));
  });
});
