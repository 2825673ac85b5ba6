/** POST /api/revalidate: the secret only in a header, never in the URL (URLs end up in logs). */
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/revalidate/route";
import { resetEnvForTests } from "@/lib/env";

const SECRET = "revalidate-secret-for-the-unit-test-0123";
// The right secret in a header goes on to read the sheet, which needs Next's request
// context: tests/e2e/google-overview.spec.ts covers it against a running server.
afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

function withSecret(secret: string | undefined) {
  vi.stubEnv("REVALIDATE_SECRET", secret);
  resetEnvForTests();
}

const post = (query: string, headers: Record<string, string> = {}) => POST(new Request(`http://127.0.0.1/api/revalidate${query}`, { method: "POST", headers }));

describe("the revalidation webhook", () => {
  it("is off without REVALIDATE_SECRET", async () => {
    withSecret(undefined);
    expect((await post("", { authorization: `Bearer ${SECRET}` })).status).toBe(404);
  });

  it("refuses a secret in the URL, even the right one, and says to use the header", async () => {
    withSecret(SECRET);
    for (const query of [`?secret=${SECRET}`, `?token=${SECRET}`, `?secret=${SECRET}&x=1`]) {
      const res = await post(query);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe("secret-in-url");
      expect(body.message).toContain("请求头 Authorization: Bearer");
      expect(body.message).toContain("x-revalidate-secret");
    }
    // A header does not rescue a URL that also carries it: the URL is already in some log.
    expect((await post(`?secret=${SECRET}`, { authorization: `Bearer ${SECRET}` })).status).toBe(400);
  });

  it("refuses a missing or wrong secret in the header", async () => {
    withSecret(SECRET);
    expect((await post("")).status).toBe(401);
    expect((await post("", { authorization: `Bearer ${SECRET}x` })).status).toBe(401);
    expect((await post("", { "x-revalidate-secret": SECRET.slice(1) })).status).toBe(401);
  });
});
