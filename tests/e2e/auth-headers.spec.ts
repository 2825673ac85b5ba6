/** Security headers on every response, and a Content-Security-Policy the pages actually work under. */
import { expect, test } from "./support/fixtures";
import { apiAs } from "./support/auth";

test("every response carries the security headers; pages get a fresh script nonce each time", async ({ request, page }) => {
  await page.goto("/");
  const chunk = await page.locator('script[src*="/_next/static/"]').first().getAttribute("src");
  const signedOut = await apiAs("signed-out");
  const responses = [
    await request.get("/"),
    await request.get("/admin"),
    await signedOut.get("/login"),
    await signedOut.get("/", { maxRedirects: 0 }),
    await request.get("/api/summary"),
    await signedOut.get("/api/summary"),
    await request.get("/api/health"),
    await request.get(chunk ?? "/favicon.ico"),
  ];
  for (const res of responses) {
    const h = res.headers();
    expect(h["x-content-type-options"], res.url()).toBe("nosniff");
    expect(h["referrer-policy"], res.url()).toBe("same-origin");
    expect(h["x-frame-options"], res.url()).toBe("DENY");
    expect(h["content-security-policy"], res.url()).toContain("frame-ancestors 'none'");
  }
  const nonceOf = (csp: string | undefined) => /'nonce-([^']+)'/u.exec(csp ?? "")?.[1];
  const [a, b] = [nonceOf(responses[0]?.headers()["content-security-policy"]), nonceOf(responses[1]?.headers()["content-security-policy"])];
  expect(a).toBeTruthy();
  expect(a).not.toBe(b);
  expect(responses[0]?.headers()["content-security-policy"]).not.toMatch(/script-src[^;]*'unsafe-inline'/u);
  await signedOut.dispose();
});

test("the pages run under the policy: no violation while the overview's charts, the admin page and sign-in load", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/iu.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto("/");
  await expect(page.getByTestId("chart-visits-by-month").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await page.goto("/admin");
  await expect(page.getByRole("button", { name: "生成链接" })).toBeEnabled();
  await page.goto("/login");
  await expect(page.getByLabel("账号", { exact: true })).toBeVisible();
  expect(violations).toEqual([]);
});
