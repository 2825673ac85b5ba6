import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/** Where people reach this site: NEXTAUTH_URL, else the host this request came to. */
export async function siteOrigin(): Promise<string> {
  const configured = env().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}
