/** Meeting-screen links: made and revoked on /admin, read-only, refused when tampered, expired or revoked. */
import { expect, test, type Browser } from "./support/fixtures";
import { readFile } from "node:fs/promises";
import { apiAs, E2E_SCREEN_LINKS_FILE, makeScreenLink, SIGNED_OUT } from "./support/auth";

const DAY = 86_400_000;

/** A meeting-room PC: a browser with no sign-in. */
async function meetingRoom(browser: Browser) {
  return browser.newContext({ storageState: SIGNED_OUT });
}

async function expectRefused(browser: Browser, url: string) {
  const context = await meetingRoom(browser);
  const page = await context.newPage();
  const res = await page.goto(url);
  expect(res?.status()).toBe(401);
  await expect(page.getByRole("heading", { name: "会议大屏链接无效" })).toBeVisible();
  await context.close();
  const token = new URL(url).searchParams.get("token") ?? "";
  const api = await apiAs("signed-out");
  const bearer = await api.get("/api/summary", { headers: { Authorization: `Bearer ${token}` } });
  expect(bearer.status()).toBe(401);
  expect((await bearer.json()).error).toBe("invalid-screen-link");
  await api.dispose();
}

test("an admin makes a link on /admin; it opens the meeting screen and the summary API, nothing else; revoked, it is refused", async ({
  page,
  browser,
  baseURL,
}) => {
  await page.goto("/admin");
  await page.getByLabel("有效天数").fill("3");
  await page.getByLabel("备注").fill("三楼会议室");
  await page.getByRole("button", { name: "生成链接" }).click();
  const url = await page.getByTestId("new-screen-link-url").inputValue();
  expect(url).toMatch(new RegExp(`^${baseURL}/screen\\?token=`, "u"));
  const row = page.getByTestId("screen-link").filter({ hasText: "三楼会议室" });
  await expect(row.getByTestId("screen-link-status")).toHaveText("有效");
  const token = new URL(url).searchParams.get("token") ?? "";

  // The meeting-room PC, with no sign-in.
  const room = await meetingRoom(browser);
  const screen = await room.newPage();
  expect((await screen.goto(url))?.status()).toBe(200);
  await expect(screen).toHaveURL(url);
  await expect(screen.getByRole("region", { name: "会议大屏" })).toBeVisible();
  // Nothing but the screen: elsewhere the holder of a link is not signed in.
  for (const path of ["/", "/data-health", "/admin", "/tasks"]) {
    const res = await screen.request.get(`${path}?token=${encodeURIComponent(token)}`, { maxRedirects: 0 });
    expect(res.status(), path).toBe(307);
  }
  await room.close();

  const api = await apiAs("signed-out");
  const summary = await api.get("/api/summary", { headers: { Authorization: `Bearer ${token}` } });
  expect(summary.status()).toBe(200);
  expect((await summary.json()).figures.visits.count).toBe(584);

  // Revoked on /admin: refused from the next request on.
  await row.getByRole("button", { name: "撤销" }).click();
  await expect(row.getByTestId("screen-link-status")).toHaveText("已撤销");
  await expectRefused(browser, url);
  await api.dispose();
});

test("a tampered link is refused", async ({ browser, baseURL }) => {
  const { token } = await makeScreenLink({ days: 1 });
  const [body, signature] = token.split(".") as [string, string];
  const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  payload.exp += 365 * 86_400;
  const longer = `${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${signature}`;
  await expectRefused(browser, `${baseURL}/screen?token=${encodeURIComponent(longer)}`);
  const flipped = `${body}.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
  await expectRefused(browser, `${baseURL}/screen?token=${encodeURIComponent(flipped)}`);
});

test("an expired link is refused", async ({ browser, baseURL }) => {
  const { token } = await makeScreenLink({ days: 1, now: new Date(Date.now() - 2 * DAY) });
  await expectRefused(browser, `${baseURL}/screen?token=${encodeURIComponent(token)}`);
});

test("the registry keeps what identifies a link, never the token", async () => {
  const { token, link } = await makeScreenLink({ days: 1, note: "registry" });
  const registry = await readFile(E2E_SCREEN_LINKS_FILE, "utf8");
  expect(registry).toContain(link.id);
  expect(registry).not.toContain(token.split(".")[1] ?? "");
});
