"use server";

import path from "node:path";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { requireActionAccess } from "@/lib/auth/access";
import { createScreenLink, MAX_SCREEN_LINK_DAYS, revokeScreenLink, screenUrl } from "@/lib/auth/screen-links";
import { screenLinkKey } from "@/lib/auth/secret";
import { invalidateDataset, lastKnownTimeZone } from "@/lib/data/dataset";
import { clearOfficeLock, restoreBackup } from "@/lib/data/workbook-admin";
import { env } from "@/lib/env";
import { noticeText } from "@/lib/i18n";
import { getStore } from "@/lib/sheets";
import { currentMessages, refusalText } from "@/app/_lib/locale";
import { isDutyError, WRITE_BUSY_CODES } from "@/lib/errors";

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
  if (!access.ok) return { ok: false, message: await refusalText(access) };
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
  if (!access.ok) return { ok: false, message: await refusalText(access) };
  const { t } = await currentMessages();
  const input = revokeInput.safeParse({ id: formData.get("id") });
  if (!input.success) return { ok: false, message: t.admin.linkGone };
  const revoked = await revokeScreenLink(input.data.id);
  revalidatePath("/admin");
  return revoked ? { ok: true, message: t.admin.revoked } : { ok: false, message: t.admin.linkGone };
}

// ---------------------------------------------------------------------------
// The workbook file: a stale office lock cleared, a backup restored. The lib
// functions decide (admin, confirmation, same file); this only wires them.

export type WorkbookFileState = { ok: boolean; message: string; at: number } | null;

async function workbookFileDeps() {
  return { file: path.resolve(/*turbopackIgnore: true*/ env().DATA_FILE), store: await getStore(), timeZone: lastKnownTimeZone() };
}

export async function clearOfficeLockAction(_previous: WorkbookFileState, formData: FormData): Promise<WorkbookFileState> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: await refusalText(access), at: Date.now() };
  const { t } = await currentMessages();
  if (env().SHEETS_BACKEND !== "xlsx") return { ok: false, message: noticeText(t, { code: "lock.xlsx-only" }), at: Date.now() };
  const name = formData.get("name");
  const mtimeMs = Number(formData.get("mtimeMs"));
  if (typeof name !== "string" || !Number.isFinite(mtimeMs)) return { ok: false, message: t.admin.workbookFiles.badRequest, at: Date.now() };
  const { file, ...deps } = await workbookFileDeps();
  const outcome = await clearOfficeLock(access.viewer, file, { name, mtimeMs, confirmed: formData.get("confirm") === "yes" }, deps);
  if (outcome.ok) {
    await invalidateDataset();
    revalidatePath("/admin");
  }
  return { ok: outcome.ok, message: noticeText(t, outcome), at: Date.now() };
}

export async function restoreBackupAction(_previous: WorkbookFileState, formData: FormData): Promise<WorkbookFileState> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: await refusalText(access), at: Date.now() };
  const { t } = await currentMessages();
  if (env().SHEETS_BACKEND !== "xlsx") return { ok: false, message: noticeText(t, { code: "backup.xlsx-only" }), at: Date.now() };
  const name = formData.get("name");
  if (typeof name !== "string" || name === "") return { ok: false, message: t.admin.workbookFiles.chooseBackup, at: Date.now() };
  const { file, ...deps } = await workbookFileDeps();
  const outcome = await restoreBackup(
    access.viewer,
    file,
    { name, confirmed: formData.get("confirm") === "yes" },
    { ...deps, afterRestore: invalidateDataset },
  ).catch((error: unknown) => {
    console.error("恢复备份失败：", error);
    const busy = isDutyError(error, ...WRITE_BUSY_CODES);
    return { ok: false as const, code: busy ? ("backup.busy" as const) : ("backup.failed" as const) };
  });
  if (outcome.ok) revalidatePath("/", "layout");
  return { ok: outcome.ok, message: noticeText(t, outcome), at: Date.now() };
}
