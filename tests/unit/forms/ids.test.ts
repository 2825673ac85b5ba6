import { describe, expect, it } from "vitest";
import { newRowId } from "@/lib/forms/ids";

describe("IDs for new rows", () => {
  it("carry the tab's prefix and the year, and sort in the order they were made", () => {
    const ids = Array.from({ length: 200 }, () => newRowId("tasks", 2026));
    for (const id of ids) expect(id).toMatch(/^RW-2026-[0-9A-Z]{11}$/u);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sort after the sample data's numbered IDs", () => {
    expect(["ZF-2026-0584", newRowId("visits", 2026)].sort()[0]).toBe("ZF-2026-0584");
  });

  it("differ between two servers in the same millisecond", () => {
    const a = newRowId("visits", 2026, Date.UTC(2030, 0, 1), () => 0.1);
    const b = newRowId("visits", 2026, Date.UTC(2030, 0, 1), () => 0.9);
    expect(a).not.toBe(b);
  });
});
