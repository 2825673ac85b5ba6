/** The navigation shows a page exactly to the viewers the page lets in. */
import { describe, expect, it } from "vitest";
import { NAV_PAGES, navPagesFor, pageCapability } from "@/lib/auth/pages";
import { can, type Viewer } from "@/lib/auth/roles";
import { demoHintAllowed } from "@/lib/auth/demo-accounts";

const user = (role: "admin" | "leader" | "unit" | "viewer"): Viewer => ({ kind: "user", login: role, role, ...(role === "unit" && { unit: "经棚镇" }) });

describe("navigation per role", () => {
  it("the signed-out get no page links", () => {
    expect(navPagesFor(null)).toEqual([]);
  });

  it("a 查看 user is not offered 数据体检, 考核 or 问责, which answer 403 for them", () => {
    expect(navPagesFor(user("viewer")).map((p) => p.href)).toEqual(["/", "/tasks", "/visits", "/meetings", "/units"]);
  });

  it("admins, leaders and units see every page", () => {
    for (const role of ["admin", "leader", "unit"] as const) expect(navPagesFor(user(role))).toHaveLength(NAV_PAGES.length);
  });

  it("every link is one the page's own check passes", () => {
    for (const role of ["admin", "leader", "unit", "viewer"] as const) {
      for (const page of NAV_PAGES) {
        expect(navPagesFor(user(role)).includes(page), `${role} ${page.href}`).toBe(can(user(role), pageCapability(page.href)));
      }
    }
  });
});

describe("the sign-in page's demo note", () => {
  it("is allowed outside production, and in production only on the demo's own server", () => {
    expect(demoHintAllowed({ NODE_ENV: "development" })).toBe(true);
    expect(demoHintAllowed({ NODE_ENV: "production" })).toBe(false);
    expect(demoHintAllowed({ NODE_ENV: "production", DUTYBOARD_DEMO: "1" })).toBe(true);
  });
});
