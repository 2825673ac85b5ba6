import { requireApiAccess } from "@/lib/auth/access";
import { noticeResponse } from "@/app/_lib/notice-response";
import type { Viewer } from "@/lib/auth/roles";
import { loadDataset } from "@/lib/data/dataset";
import { dataVersion, MeetingPackRenders } from "@/lib/data/meeting-pack-renders";
import { env } from "@/lib/env";
import { MeetingPackError, renderMeetingPack } from "@/app/screen/_lib/meeting-pack";

const RENDERS = Symbol.for("dutyboard.letterRenders");
/** Letters are rationed like the meeting pack, in a ration of their own; both go through the one renderer queue. */
function letterRenders(): MeetingPackRenders {
  const g = globalThis as { [RENDERS]?: MeetingPackRenders };
  g[RENDERS] ??= new MeetingPackRenders({ perViewer: 10, windowMs: 5 * 60_000, globalInFlight: 3, typicalRenderMs: 5_000, cacheEntries: 32 });
  return g[RENDERS];
}

function viewerKey(viewer: Viewer): string {
  return viewer.kind === "screen" ? `link:${viewer.linkId}` : `user:${viewer.login}`;
}

/** 目标责任状 as an A4 PDF: one unit's (?unit=) or every unit's, one letter each, printed by headless Chromium as the caller. */
export async function GET(request: Request) {
  const access = await requireApiAccess(request, "admin");
  if (!access.ok) return access.response;
  const asked = new URL(request.url).searchParams;
  const configured = env().NEXTAUTH_URL;
  const origin = configured ? new URL(configured).origin : `http://127.0.0.1:${new URL(request.url).port || "80"}`;
  const url = new URL("/admin/letters/print", origin);
  const year = asked.get("year");
  const unit = asked.get("unit");
  if (year) url.searchParams.set("year", year);
  if (unit) url.searchParams.set("unit", unit);
  const cookies = parseCookies(request.headers.get("cookie"));
  try {
    const dataset = await loadDataset();
    const version = dataVersion({ tasks: dataset.tasks, units: dataset.units, settings: dataset.settings, q: url.search });
    const outcome = await letterRenders().get(viewerKey(access.viewer), version, () => renderMeetingPack(url, cookies));
    if (outcome.kind === "limited") {
      return noticeResponse(
        "letters-busy",
        { code: "api.letters-busy", params: { seconds: outcome.retryAfterSeconds } },
        { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds), "Cache-Control": "no-store" } },
      );
    }
    const name = `${year ?? ""}目标责任状${unit ? `-${unit}` : "-全部单位"}.pdf`;
    return new Response(new Uint8Array(outcome.pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="letters.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    console.error("[letters-pdf]", e instanceof MeetingPackError ? e.message : e);
    return noticeResponse("letters-failed", { code: "api.letters-failed" }, { status: 502, headers: { "Cache-Control": "no-store" } });
  }
}

function parseCookies(header: string | null): { name: string; value: string }[] {
  if (!header) return [];
  return header
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean)
    .flatMap((part) => {
      const eq = part.indexOf("=");
      return eq > 0 ? [{ name: part.slice(0, eq), value: part.slice(eq + 1) }] : [];
    });
}
