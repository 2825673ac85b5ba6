import { requireApiAccess } from "@/lib/auth/access";
import { today } from "@/lib/data/dataset";
import { env } from "@/lib/env";
import { MeetingPackError, renderMeetingPack } from "@/app/screen/_lib/meeting-pack";

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
    const pdf = await renderMeetingPack(url, cookies);
    const date = today();
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="meeting-pack-${date}.pdf"; filename*=UTF-8''${encodeURIComponent(`会议材料-${date}.pdf`)}`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    console.error("[meeting-pack]", e instanceof MeetingPackError ? e.message : e);
    return Response.json({ error: "pack-failed", message: "会议材料 PDF 生成失败，请稍后再试" }, { status: 502, headers: { "Cache-Control": "no-store" } });
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
