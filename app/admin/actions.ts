"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { requireActionAccess } from "@/lib/auth/access";
import { createScreenLink, MAX_SCREEN_LINK_DAYS, revokeScreenLink, screenUrl } from "@/lib/auth/screen-links";
import { screenLinkKey } from "@/lib/auth/secret";
import { env } from "@/lib/env";
import { currentMessages } from "../_lib/locale";

export type CreateLinkState = { ok: true; id: string; url: string } | { ok: false; message: string } | null;
export type RevokeLinkState = { ok: boolean; message: string } | null;

const createInput = z.object({
  days: z.coerce.number().int().min(1).max(MAX_SCREEN_LINK_DAYS),
  note: z.string().trim().max(60),
});

const revokeInput = z.object({ id: z.string().regex(/^[\w-]{1,64}$/u) });

/** Where this site is reached, for the link an admin copies. */
async function siteUrl(): Promise<string> {
  const configured = env().NEXTAUTH_URL;
  if (configured) return configured;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}

export async function createScreenLinkAction(_previous: CreateLinkState, formData: FormData): Promise<CreateLinkState> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: access.message };
  const { t } = await currentMessages();
  const input = createInput.safeParse({ days: formData.get("days"), note: formData.get("note") ?? "" });
  if (!input.success) return { ok: false, message: t.admin.badLinkInput };
  const createdBy = access.viewer.kind === "user" ? access.viewer.login : "";
  const { link, token } = await createScreenLink({ days: input.data.days, note: input.data.note, createdBy }, { key: screenLinkKey() });
  revalidatePath("/admin");
  return { ok: true, id: link.id, url: screenUrl(await siteUrl(), token) };
}

export async function revokeScreenLinkAction(_previous: RevokeLinkState, formData: FormData): Promise<RevokeLinkState> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: access.message };
  const { t } = await currentMessages();
  const input = revokeInput.safeParse({ id: formData.get("id") });
  if (!input.success) return { ok: false, message: t.admin.linkGone };
  const revoked = await revokeScreenLink(input.data.id);
  revalidatePath("/admin");
  return revoked ? { ok: true, message: t.admin.revoked } : { ok: false, message: t.admin.linkGone };
}
