import { requireApiAccess } from "@/lib/auth/access";
import { currentMessages } from "@/app/_lib/locale";
import { noticeResponse } from "@/app/_lib/notice-response";
import { noticeText } from "@/lib/i18n";
import type { Viewer } from "@/lib/auth/roles";
import { loadDataset, today } from "@/lib/data/dataset";
import { dataVersion, MeetingPackRenders } from "@/lib/data/meeting-pack-renders";
import { env } from "@/lib/env";
import { MeetingPackError, renderMeetingPack } from "@/app/screen/_lib/meeting-pack";

const RENDERS = Symbol.for("dutyboard.meetingPackRenders");
/** One ration and cache per server process, however many bundles load this route. */
function packRenders(): MeetingPackRenders {
  const g = globalThis as { [RENDERS]?: MeetingPackRenders };
  g[RENDERS] ??= new MeetingPackRenders();
  return g[RENDERS];
}

const versions = new WeakMap<object, string>();
/** Hashing the data costs far less than a render, and once per read. */
function versionOf(dataset: object): string {
  let v = versions.get(dataset);
  if (!v) versions.set(dataset, (v = dataVersion(dataset)));
  return v;
}

/** Whom a pack is rationed and cached for: a signed-in login, or one meeting-screen link. */
function viewerKey(viewer: Viewer): string {
  return viewer.kind === "screen" ? `link:${viewer.linkId}` : `user:${viewer.login}`;
}

/**
 * The meeting pack: every slide of the meeting screen as a PDF for the minutes.
 * Headless Chromium opens the print view as the caller (their cookies, or their
 * screen-link token), so the pack shows exactly what they may see.
 */
export async function GET(request: Request) {
  const access = await requireApiAccess(request, "screen");
  if (!access.ok) return access.response;

  // Never the Host header: it names whatever the client likes. The configured public
  // URL, else this server on loopback.
  const configured = env().NEXTAUTH_URL;
  const origin = configured ? new URL(configured).origin : `http://127.0.0.1:${new URL(request.url).port || "80"}`;
  const url = new URL("/screen/print", origin);
  const bearer = /^Bearer\s+(\S+)\s*$/iu.exec(request.headers.get("authorization") ?? "")?.[1];
  if (bearer) url.searchParams.set("token", bearer);
  const cookies = bearer ? [] : parseCookies(request.headers.get("cookie"));

  try {
    const date = today();
    const outcome = await packRenders().get(viewerKey(access.viewer), `${date}\n${versionOf(await loadDataset())}`, () => renderMeetingPack(url, cookies));
    if (outcome.kind === "limited") {
      const { t } = await currentMessages();
      const message = noticeText(t, { code: outcome.scope === "viewer" ? "api.pack-again" : "api.pack-busy", params: { seconds: outcome.retryAfterSeconds } });
      return Response.json(
        { error: "pack-busy", scope: outcome.scope, message },
        { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds), "Cache-Control": "no-store" } },
      );
    }
    const pdf = outcome.pdf;
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="meeting-pack-${date}.pdf"; filename*=UTF-8''${encodeURIComponent(`会议材料-${date}.pdf`)}`,
        "Cache-Control": "no-store",
        "X-Meeting-Pack": outcome.cached ? "cached" : "rendered",
      },
    });
  } catch (e) {
    console.error("[meeting-pack]", e instanceof MeetingPackError ? e.message : e);
    return noticeResponse("pack-failed", { code: "api.pack-failed" }, { status: 502, headers: { "Cache-Control": "no-store" } });
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
