/**
 * Meeting-screen links: `/screen?token=…` opens the read-only meeting screen on
 * a meeting-room PC with no sign-in. The token is signed (HMAC-SHA256), carries
 * its ID, scope and expiry, and is checked against a registry file beside the
 * accounts file so an admin can revoke it before it expires.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { env } from "../env";
import { withFileLock } from "../sheets";

export const SCREEN_SCOPE = "screen";
export const MAX_SCREEN_LINK_DAYS = 366;

const payloadSchema = z.object({ v: z.literal(1), id: z.string().min(1).max(64), scope: z.string(), exp: z.number().int() });
export type ScreenTokenPayload = z.infer<typeof payloadSchema>;

const linkSchema = z.object({
  id: z.string(),
  note: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().optional(),
  createdBy: z.string(),
});
export type ScreenLink = z.infer<typeof linkSchema>;
const registrySchema = z.object({ version: z.literal(1), links: z.array(linkSchema) });
type Registry = z.infer<typeof registrySchema>;

export type ScreenTokenRefusal = "malformed" | "bad-signature" | "wrong-scope" | "expired" | "revoked" | "unknown";

function mac(key: Buffer, body: string): Buffer {
  return createHmac("sha256", key).update(body).digest();
}

export function signScreenToken(payload: ScreenTokenPayload, key: Buffer): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(key, body).toString("base64url")}`;
}

/** Checks signature, scope and expiry; the registry is checked by verifyScreenLink. */
export function readScreenToken(
  token: string,
  key: Buffer,
  now: Date = new Date(),
): { ok: true; payload: ScreenTokenPayload } | { ok: false; reason: ScreenTokenRefusal } {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined || token.length > 1024) return { ok: false, reason: "malformed" };
  // Compared as canonical base64url text: another spelling of the same bytes is not this token.
  const given = Buffer.from(signature);
  const expected = Buffer.from(mac(key, body).toString("base64url"));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad-signature" };
  let payload: ScreenTokenPayload;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
    if (!parsed.success) return { ok: false, reason: "malformed" };
    payload = parsed.data;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (payload.scope !== SCREEN_SCOPE) return { ok: false, reason: "wrong-scope" };
  if (payload.exp * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, payload };
}

/** `data/screen-links.json` when ACCOUNTS_FILE is `data/accounts.json`. */
export function screenLinksFile(accountsFile = env().ACCOUNTS_FILE): string {
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ accountsFile)), "screen-links.json");
}

const cache = new Map<string, { mtimeMs: number; size: number; data: Registry }>();

async function load(file: string): Promise<Registry> {
  let info;
  try {
    info = await stat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, links: [] };
    throw e;
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit.data;
  const parsed = registrySchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`会议大屏链接登记文件格式不正确：${file}`);
  cache.set(file, { mtimeMs: info.mtimeMs, size: info.size, data: parsed.data });
  return parsed.data;
}

async function update<T>(file: string, change: (data: Registry) => T): Promise<T> {
  await mkdir(path.dirname(file), { recursive: true });
  return withFileLock(file, async () => {
    const data = structuredClone(await load(file));
    const result = change(data);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, file);
    cache.delete(file);
    return result;
  });
}

export interface ScreenLinkOptions {
  key: Buffer;
  file?: string;
  now?: Date;
}

/** A token that is signed, in scope, unexpired, registered and not revoked. */
export async function verifyScreenLink(
  token: string,
  opts: ScreenLinkOptions,
): Promise<{ ok: true; link: ScreenLink } | { ok: false; reason: ScreenTokenRefusal }> {
  const now = opts.now ?? new Date();
  const read = readScreenToken(token, opts.key, now);
  if (!read.ok) return read;
  const link = (await load(opts.file ?? screenLinksFile())).links.find((l) => l.id === read.payload.id);
  if (!link) return { ok: false, reason: "unknown" };
  if (link.revokedAt) return { ok: false, reason: "revoked" };
  if (Date.parse(link.expiresAt) <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, link };
}

export async function createScreenLink(
  input: { days: number; note?: string; createdBy: string },
  opts: ScreenLinkOptions,
): Promise<{ link: ScreenLink; token: string }> {
  if (!Number.isFinite(input.days) || input.days <= 0 || input.days > MAX_SCREEN_LINK_DAYS) {
    throw new RangeError(`有效天数应在 1 到 ${MAX_SCREEN_LINK_DAYS} 之间`);
  }
  const now = opts.now ?? new Date();
  const exp = Math.floor(now.getTime() / 1000 + input.days * 86_400);
  const link: ScreenLink = {
    id: randomBytes(9).toString("base64url"),
    note: (input.note ?? "").trim().slice(0, 100),
    createdAt: now.toISOString(),
    expiresAt: new Date(exp * 1000).toISOString(),
    createdBy: input.createdBy,
  };
  await update(opts.file ?? screenLinksFile(), (data) => {
    data.links.push(link);
  });
  return { link, token: signScreenToken({ v: 1, id: link.id, scope: SCREEN_SCOPE, exp }, opts.key) };
}

export async function listScreenLinks(file = screenLinksFile()): Promise<ScreenLink[]> {
  return [...(await load(file)).links].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Marks a link revoked; false when there is no such link or it was revoked already. */
export async function revokeScreenLink(id: string, opts: { file?: string; now?: Date } = {}): Promise<boolean> {
  const at = (opts.now ?? new Date()).toISOString();
  return update(opts.file ?? screenLinksFile(), (data) => {
    const link = data.links.find((l) => l.id === id);
    if (!link || link.revokedAt) return false;
    link.revokedAt = at;
    return true;
  });
}

export type ScreenLinkStatus = "active" | "expired" | "revoked";

export function screenLinkStatus(link: ScreenLink, now: Date = new Date()): ScreenLinkStatus {
  if (link.revokedAt) return "revoked";
  return Date.parse(link.expiresAt) <= now.getTime() ? "expired" : "active";
}

export function screenUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/u, "")}/screen?token=${encodeURIComponent(token)}`;
}
