/**
 * The first ten minutes (issue 20): the sign-in page names the demo logins,
 * every navigation link opens for the role that sees it, empty variables break
 * nothing, and a bad one is reported once at start.
 */
import { expect, test, type Page } from "./support/fixtures";
import { spawn } from "node:child_process";
import path from "node:path";
import { createDemoAccounts } from "../../lib/auth/demo-accounts";
import { setLocalPassword } from "../../lib/auth/accounts";
import { E2E_EMPTY_VARIABLES } from "../../playwright.config";
import { DEMO_PASSWORD, ROLES, SIGNED_OUT, signInWithPassword, storageStateOf, type DemoRole } from "./support/auth";

/** The links of the side navigation (the page list and the user menu). */
async function navLinks(page: Page): Promise<{ name: string; href: string }[]> {
  const links = page.getByRole("navigation").first().getByRole("link");
  return links.evaluateAll((as) => as.map((a) => ({ name: (a.textContent ?? "").trim(), href: a.getAttribute("href") ?? "" })));
}

test.describe("navigation per role: every link opens", () => {
  test.describe("signed out", () => {
    test.use({ storageState: SIGNED_OUT });
    test("sees the sign-in page with the app's name and no page links", async ({ page }) => {
      const res = await page.goto("/login");
      expect(res?.status()).toBe(200);
      // The signed-in pages' navigation is not there: nothing to open before signing in.
      expect(await navLinks(page)).toEqual([]);
      await expect(page.getByRole("banner")).toContainText("党建责任落实看板");
      await expect(page.getByRole("button", { name: "登录", exact: true })).toBeVisible();
    });
  });

  const expected: Record<DemoRole, string[]> = {
    admin: ["总览", "任务", "走访", "会议", "考核", "问责", "单位", "数据体检", "管理"],
    leader: ["总览", "任务", "走访", "会议", "考核", "问责", "单位", "数据体检"],
    // A unit user's home, 本单位 (their unit's page), comes right after the overview.
    unit: ["总览", "本单位", "任务", "走访", "会议", "考核", "问责", "单位", "数据体检"],
    viewer: ["总览", "任务", "走访", "会议", "单位"],
  };
  for (const role of ROLES) {
    test.describe(role, () => {
      test.use({ storageState: storageStateOf(role) });
      test(`${role}: each link answers 200, none a 403 or the sign-in page`, async ({ page }) => {
        await page.goto("/");
        const links = await navLinks(page);
        expect(links.map((l) => l.name)).toEqual(expected[role]);
        for (const link of links) {
          const res = await page.goto(link.href);
          expect(res?.status(), `${role} → ${link.href}`).toBe(200);
          expect(new URL(page.url()).pathname, `${role} → ${link.href}`).toBe(link.href);
        }
      });
    });
  }
});

test.describe("the sign-in page on the demo's server", () => {
  test.use({ storageState: SIGNED_OUT });

  test("names the demo logins and their password, and they sign in", async ({ page }) => {
    await page.goto("/login");
    const note = page.getByRole("region", { name: "演示账号" });
    await expect(note).toContainText(DEMO_PASSWORD);
    await expect(note.getByRole("listitem")).toHaveText(["admin 管理员", "leader 领导", "unit 单位（经棚镇）", "viewer 查看"]);
    await signInWithPassword(page, "viewer", DEMO_PASSWORD);
    await expect(page.getByTestId("user-role")).toHaveText("查看");
  });

  test("stops naming a demo login once its password is changed", async ({ page, instance }) => {
    await setLocalPassword("viewer", "a-password-of-their-own", { file: instance.accountsFile, hashParams: { N: 1024, r: 8, p: 1 } });
    try {
      await page.goto("/login");
      const note = page.getByRole("region", { name: "演示账号" });
      await expect(note.getByRole("listitem")).toHaveText(["admin 管理员", "leader 领导", "unit 单位（经棚镇）"]);
    } finally {
      await createDemoAccounts({ file: instance.accountsFile, hashParams: { N: 1024, r: 8, p: 1 } });
    }
    await page.goto("/login");
    await expect(page.getByRole("region", { name: "演示账号" }).getByRole("listitem")).toHaveCount(4);
  });
});

test.describe("forgiving configuration", () => {
  test(`with ${E2E_EMPTY_VARIABLES.join("=, ")}= the pages and the meeting PDF work`, async ({ page }) => {
    test.setTimeout(120_000);
    for (const href of ["/", "/tasks", "/visits", "/data-health", "/screen"]) {
      const res = await page.goto(href);
      expect(res?.status(), href).toBe(200);
    }
    const pdf = await page.request.get("/api/screen/pack.pdf", { timeout: 60_000 });
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  test("a bad value stops the server at start with one message naming it, in Chinese and English", async ({ instance }) => {
    test.setTimeout(90_000);
    // This worker's spare port (the server must stop before it listens).
    const port = String(instance.ownPort);
    const child = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", port], {
      env: {
        ...process.env,
        SIGN_IN_WINDOW_SECONDS: "abc",
        CHROMIUM_PATH: "",
        DATA_FILE: instance.dataFile,
        ACCOUNTS_FILE: instance.accountsFile,
        NEXTAUTH_SECRET: "x".repeat(32),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).not.toBe(0);
    const named = output.split("\n").filter((line) => line.includes("SIGN_IN_WINDOW_SECONDS"));
    expect(named).toHaveLength(2);
    expect(named[0]).toMatch(/取值「abc」无效，应为 ?1 到 86400 之间的整数（秒）/u);
    expect(named[1]).toContain('the value "abc" is invalid; expected a whole number of seconds from 1 to 86400');
    expect(output).not.toContain("CHROMIUM_PATH");
  });
});
