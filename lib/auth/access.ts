import "server-only";
import { forbidden, redirect } from "next/navigation";
import { loadDataset } from "../data/dataset";
import { can, type Capability, type Viewer } from "./roles";

/**
 * Who is asking. Sign-in lands in "Sign-in and roles"; until then every
 * visitor is treated as an admin of the local demo.
 */
export async function currentViewer(): Promise<Viewer | null> {
  return { kind: "user", login: "local", role: "admin" };
}

async function accessContext() {
  const dataset = await loadDataset();
  return { rankingPublic: dataset.settings.rankingPublic };
}

/**
 * For pages: the signed-out go to the sign-in page, the rest get a 403 page
 * unless their role has the capability. Call it before any Suspense boundary
 * so the status code is right.
 */
export async function requirePageAccess(capability: Capability, nextPath = "/"): Promise<Viewer> {
  const viewer = await currentViewer();
  if (!viewer) redirect(`/login?next=${encodeURIComponent(nextPath)}`);
  if (!can(viewer, capability, await accessContext())) forbidden();
  return viewer;
}

export type ApiAccess = { ok: true; viewer: Viewer } | { ok: false; response: Response };

/** For route handlers: 401 for the signed-out, 403 for the rest without the capability. */
export async function requireApiAccess(_request: Request, capability: Capability): Promise<ApiAccess> {
  const viewer = await currentViewer();
  if (!viewer) return { ok: false, response: Response.json({ error: "unauthorized", message: "请先登录" }, { status: 401 }) };
  if (!can(viewer, capability, await accessContext())) {
    return { ok: false, response: Response.json({ error: "forbidden", message: "您的角色无权访问此内容" }, { status: 403 }) };
  }
  return { ok: true, viewer };
}

export type ActionAccess = { ok: true; viewer: Viewer } | { ok: false; error: "unauthorized" | "forbidden"; message: string };

/** For server actions: a typed refusal the form can show, never a thrown error. */
export async function requireActionAccess(capability: Capability): Promise<ActionAccess> {
  const viewer = await currentViewer();
  if (!viewer) return { ok: false, error: "unauthorized", message: "登录已失效，请重新登录后再提交。" };
  if (!can(viewer, capability, await accessContext())) return { ok: false, error: "forbidden", message: "您的角色无权进行此操作。" };
  return { ok: true, viewer };
}
