/**
 * Forgiving configuration: a variable set to "" counts as unset, and a bad
 * value is named with what it expects, in Chinese and English.
 */
import { afterEach, describe, expect, it } from "vitest";
import { env, EnvError, envProblems, envValue, formatEnvProblems, resetEnvForTests } from "@/lib/env";

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

describe("empty variables are unset", () => {
  it("gives every empty variable its default instead of failing", () => {
    Object.assign(process.env, {
      CHROMIUM_PATH: "",
      DATA_FILE: "",
      DATA_BACKUPS: "",
      NEXTAUTH_URL: "",
      NEXTAUTH_SECRET: "",
      OIDC_ISSUER: " ",
      SIGN_IN_WINDOW_SECONDS: "",
      GOOGLE_CLIENT_ID: "",
      DUTYBOARD_TODAY: "",
      SHEETS_BACKEND: "",
    });
    resetEnvForTests();
    const e = env();
    expect(e.CHROMIUM_PATH).toBe("/usr/bin/chromium");
    expect(e.DATA_FILE).toBe("data/dutyboard.xlsx");
    expect(e.DATA_BACKUPS).toBe(10);
    expect(e.SIGN_IN_WINDOW_SECONDS).toBe(900);
    expect(e.SHEETS_BACKEND).toBe("xlsx");
    expect(e.NEXTAUTH_URL).toBeUndefined();
    expect(e.NEXTAUTH_SECRET).toBeUndefined();
    expect(e.OIDC_ISSUER).toBeUndefined();
    expect(e.DUTYBOARD_TODAY).toBeUndefined();
  });

  it("reads one variable the same way", () => {
    expect(envValue("PORT", { PORT: "" })).toBeUndefined();
    expect(envValue("PORT", {})).toBeUndefined();
    expect(envValue("PORT", { PORT: "3000" })).toBe("3000");
  });
});

describe("a bad value is named, with what it expects, in both languages", () => {
  it("SIGN_IN_WINDOW_SECONDS=abc", () => {
    const problems = envProblems({ SIGN_IN_WINDOW_SECONDS: "abc" });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ variable: "SIGN_IN_WINDOW_SECONDS" });
    expect(problems[0]!.zh).toBe("取值「abc」无效，应为 1 到 86400 之间的整数（秒）");
    expect(problems[0]!.en).toBe('the value "abc" is invalid; expected a whole number of seconds from 1 to 86400');
    const report = formatEnvProblems(problems);
    expect(report).toContain("环境变量无效");
    expect(report).toContain("Invalid environment");
    expect(report.split("\n").filter((l) => l.includes("SIGN_IN_WINDOW_SECONDS"))).toHaveLength(2);
  });

  it("never repeats a secret's value", () => {
    const [problem] = envProblems({ NEXTAUTH_SECRET: "short-secret" });
    expect(problem?.variable).toBe("NEXTAUTH_SECRET");
    expect(`${problem?.zh} ${problem?.en}`).not.toContain("short-secret");
  });

  it("explains a missing partner variable in both languages", () => {
    const [problem] = envProblems({ GOOGLE_CLIENT_ID: "id", GOOGLE_CLIENT_SECRET: "" });
    expect(problem).toEqual({
      variable: "GOOGLE_CLIENT_SECRET",
      zh: "Google 登录需要同时设置 GOOGLE_CLIENT_ID 和 GOOGLE_CLIENT_SECRET",
      en: "Google sign-in needs both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET",
    });
  });

  it("env() throws one EnvError carrying every problem", () => {
    Object.assign(process.env, { SIGN_IN_WINDOW_SECONDS: "abc", DUTYBOARD_TODAY: "2026/11/20" });
    resetEnvForTests();
    let error: unknown;
    try {
      env();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).problems.map((p) => p.variable).sort()).toEqual(["DUTYBOARD_TODAY", "SIGN_IN_WINDOW_SECONDS"]);
  });
});
