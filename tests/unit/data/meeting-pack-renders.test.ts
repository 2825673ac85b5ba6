/** The meeting pack's ration: one render per data version, a few per viewer, a few at once. */
import { describe, expect, it } from "vitest";
import { dataVersion, MeetingPackRenders, type PackLimits } from "@/lib/data/meeting-pack-renders";

const LIMITS: PackLimits = { perViewer: 2, windowMs: 60_000, globalInFlight: 2, typicalRenderMs: 4_000, cacheEntries: 4 };

function counter() {
  let renders = 0;
  const render = async () => Buffer.from(`pdf ${++renders}`);
  return { render, count: () => renders };
}

describe("meeting pack renders", () => {
  it("renders once per data version: the same version again is answered from memory", async () => {
    const packs = new MeetingPackRenders(LIMITS);
    const { render, count } = counter();
    const first = await packs.get("user:admin", "v1", render);
    const again = await packs.get("user:admin", "v1", render);
    expect(first).toEqual({ kind: "pdf", pdf: Buffer.from("pdf 1"), cached: false });
    expect(again).toEqual({ kind: "pdf", pdf: Buffer.from("pdf 1"), cached: true });
    expect(count()).toBe(1);
    // Changed data, or another viewer (who may see other rows), is a new render.
    expect(await packs.get("user:admin", "v2", render)).toMatchObject({ cached: false, pdf: Buffer.from("pdf 2") });
    expect(await packs.get("link:abc", "v2", render)).toMatchObject({ cached: false, pdf: Buffer.from("pdf 3") });
  });

  it("limits the renders one viewer starts per window, and says when to try again", async () => {
    let now = 1_000_000;
    const packs = new MeetingPackRenders(LIMITS, () => now);
    const { render, count } = counter();
    await packs.get("link:abc", "v1", render);
    now += 10_000;
    await packs.get("link:abc", "v2", render);
    now += 5_000;
    expect(await packs.get("link:abc", "v3", render)).toEqual({ kind: "limited", scope: "viewer", retryAfterSeconds: 45 });
    // A cached version still answers, and someone else is not held up.
    expect(await packs.get("link:abc", "v2", render)).toMatchObject({ kind: "pdf", cached: true });
    expect(await packs.get("user:leader", "v3", render)).toMatchObject({ kind: "pdf", cached: false });
    expect(count()).toBe(3);
    now += 45_000;
    expect(await packs.get("link:abc", "v3", render)).toMatchObject({ kind: "pdf", cached: false });
  });

  it("refuses past the global limit of renders in flight, and shares one render among identical requests", async () => {
    const packs = new MeetingPackRenders(LIMITS);
    const releases: (() => void)[] = [];
    let renders = 0;
    const slow = () =>
      new Promise<Buffer>((resolve) => {
        renders += 1;
        releases.push(() => resolve(Buffer.from("slow")));
      });
    const a = packs.get("user:a", "v1", slow);
    const a2 = packs.get("user:a", "v1", slow);
    const b = packs.get("user:b", "v1", slow);
    expect(await packs.get("user:c", "v1", slow)).toEqual({ kind: "limited", scope: "global", retryAfterSeconds: 8 });
    expect(renders).toBe(2);
    for (const release of releases) release();
    expect(await a).toMatchObject({ kind: "pdf", cached: false });
    expect(await a2).toMatchObject({ kind: "pdf", cached: true });
    expect(await b).toMatchObject({ kind: "pdf", cached: false });
    // Once they are done, there is room again.
    expect(await packs.get("user:c", "v1", async () => Buffer.from("fast"))).toMatchObject({ kind: "pdf", cached: false });
  });

  it("does not keep a failed render", async () => {
    const packs = new MeetingPackRenders(LIMITS);
    await expect(packs.get("user:a", "v1", () => Promise.reject(new Error("chromium died")))).rejects.toThrow("chromium died");
    expect(await packs.get("user:a", "v1", async () => Buffer.from("ok"))).toMatchObject({ kind: "pdf", cached: false });
  });
});

describe("the data version", () => {
  it("changes with the data, not with when it was read", () => {
    const base = { tasks: [{ id: "RW-2026-001", progress: 60 }], readAt: "2026-11-20T08:00:00Z" };
    expect(dataVersion({ ...base, readAt: "2026-11-20T09:00:00Z" })).toBe(dataVersion(base));
    expect(dataVersion({ ...base, tasks: [{ id: "RW-2026-001", progress: 70 }] })).not.toBe(dataVersion(base));
  });
});
