import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { forbidden, redirect, unauthorized } from "next/navigation";
import { cache } from "react";
import { loadDataset } from "../data/dataset";
import { env } from "../env";
import { SCREEN_TOKEN_HEADER, loginPath } from "./gate";
import { authOptions } from "./options";
import { can, type AccessContext, type Capability, type Viewer } from "./roles";
import { verifyScreenLink, type ScreenTokenRefusal } from "./screen-links";
import { screenLinkKey } from "./secret";
import { resolveViewer, type Identity } from "./viewer";
import type { ErrorCode } from "../errors";

export const NOT_AUTHORISED_MESSAGE = "未获授权 — 请联系组织部管理员在「用户」表中添加您的账号";
export const INVALID_SCREEN_LINK_MESSAGE = "会议大屏链接无效、已过期或已撤销，请向管理员索取新链接";

/** Who is asking, as far as access goes. */
export type AccessState =
  | { kind: "signed-out" }
  /** A meeting-screen token that is tampered, expired, revoked or unknown. */
  | { kind: "bad-screen-link"; reason: ScreenTokenRefusal }
  /** Signed in, but absent from 用户 or not 启用. */
  | { kind: "not-authorised"; login: string; name?: string }
  | { kind: "viewer"; viewer: Viewer };

/** The signed-in identity from the next-auth session: a login and a name, never a role. */
export async function sessionIdentity(): Promise<Identity | null> {
  const session = await getServerSession(authOptions());
  const user = session?.user as { login?: unknown; name?: unknown } | undefined;
  if (typeof user?.login !== "string" || !user.login) return null;
  return { login: user.login, ...(typeof user.name === "string" && user.name && { name: user.name }) };
}

async function sessionState(): Promise<AccessState> {
  const identity = await sessionIdentity();
  if (!identity) return { kind: "signed-out" };
  // Read through the cached dataset on every request: a role changed or a user
  // disabled in the sheet counts from the next request, not the next sign-in.
  // A workbook that cannot be read leaves ADMIN_LOGINS, so admins can still reach 数据体检 and /admin.
  const dataset = await loadDataset().catch(() => undefined);
  const resolution = resolveViewer(identity, { users: dataset?.users ?? [], units: dataset?.units ?? [], adminLogins: env().ADMIN_LOGINS });
  if (resolution.kind === "viewer") return resolution;
  return { kind: "not-authorised", login: resolution.login, ...(identity.name && { name: identity.name }) };
}

async function screenState(token: string): Promise<AccessState> {
  const result = await verifyScreenLink(token, { key: screenLinkKey() });
  return result.ok ? { kind: "viewer", viewer: { kind: "screen", linkId: result.link.id } } : { kind: "bad-screen-link", reason: result.reason };
}

/**
 * For pages and layouts: the session, or on /screen the meeting-screen token
 * the proxy forwarded. One resolution per request.
 */
export const currentAccess = cache(async (): Promise<AccessState> => {
  const token = (await headers()).get(SCREEN_TOKEN_HEADER);
  if (token) return screenState(token);
  return sessionState();
});

/** Who is asking: null when signed out, refused, or holding a bad link. */
export async function currentViewer(): Promise<Viewer | null> {
  const state = await currentAccess();
  return state.kind === "viewer" ? state.viewer : null;
}

/** Settings the role table depends on (设置 ranking.public, screen.ranking). */
export async function accessContext(): Promise<AccessContext> {
  const dataset = await loadDataset().catch(() => undefined);
  return dataset ? { rankingPublic: dataset.settings.rankingPublic, screenRanking: dataset.settings.screenRanking } : {};
}

/**
 * For pages: the signed-out go to the sign-in page, a bad meeting-screen link
 * gets a 401 page, the rest get a 403 page unless their role has the
 * capability. Call it before any Suspense boundary so the status code is right.
 */
export async function requirePageAccess(capability: Capability, nextPath = "/"): Promise<Viewer> {
  const state = await currentAccess();
  if (state.kind === "signed-out") redirect(loginPath(nextPath));
  if (state.kind === "bad-screen-link") unauthorized();
  // app/forbidden.tsx names the login and says whom to ask.
  if (state.kind === "not-authorised") forbidden();
  if (!can(state.viewer, capability, await accessContext())) forbidden();
  return state.viewer;
}

export type ApiAccess = { ok: true; viewer: Viewer } | { ok: false; response: Response };

function refusal(status: 401 | 403, body: Record<string, string>): { ok: false; response: Response } {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (status === 401) headers["WWW-Authenticate"] = 'Bearer realm="dutyboard"';
  return { ok: false, response: Response.json(body, { status, headers }) };
}

/**
 * For route handlers: the session cookie, or a meeting-screen token sent as
 * `Authorization: Bearer <token>`. 401 for the signed-out and bad tokens, 403
 * for the rest without the capability.
 */
export async function requireApiAccess(request: Request, capability: Capability): Promise<ApiAccess> {
  const bearer = /^Bearer\s+(\S+)\s*$/iu.exec(request.headers.get("authorization") ?? "")?.[1];
  const state = bearer ? await screenState(bearer) : await sessionState();
  switch (state.kind) {
    case "signed-out":
      return refusal(401, { error: "unauthorized", message: "请先登录" });
    case "bad-screen-link":
      return refusal(401, { error: "invalid-screen-link", message: INVALID_SCREEN_LINK_MESSAGE });
    case "not-authorised":
      return refusal(403, { error: "not-authorised", message: NOT_AUTHORISED_MESSAGE, login: state.login });
    case "viewer":
      if (!can(state.viewer, capability, await accessContext())) return refusal(403, { error: "forbidden", message: "您的角色无权访问此内容" });
      return { ok: true, viewer: state.viewer };
  }
}

/** `code` is what forms show (in the viewer's language, lib/i18n errorText); `message` is the Chinese text. */
export type ActionAccess = { ok: true; viewer: Viewer } | { ok: false; error: "unauthorized" | "forbidden"; code: ErrorCode; message: string };

/**
 * For server actions: a typed refusal the form can show, never a thrown error.
 * Only a signed-in user acts; a meeting-screen link never does.
 */
export async function requireActionAccess(capability: Capability): Promise<ActionAccess> {
  const state = await sessionState();
  if (state.kind === "signed-out" || state.kind === "bad-screen-link") {
    return { ok: false, error: "unauthorized", code: "auth.signed-out", message: "登录已失效，请重新登录后再提交。" };
  }
  if (state.kind === "not-authorised") return { ok: false, error: "forbidden", code: "auth.not-listed", message: NOT_AUTHORISED_MESSAGE };
  if (!can(state.viewer, capability, await accessContext()))
    return { ok: false, error: "forbidden", code: "auth.forbidden", message: "您的角色无权进行此操作。" };
  return { ok: true, viewer: state.viewer };
}
