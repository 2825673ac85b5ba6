"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionAccess } from "@/lib/auth/access";
import { removeChannel, saveChannel, sendTestMessage, type ReminderActionResult } from "@/lib/data/reminders";
import { ChannelsError, type Channel } from "@/lib/reminders/channels";
import { noticeText } from "@/lib/i18n";
import { currentMessages, refusalText } from "@/app/_lib/locale";

export type ChannelFormState = (ReminderActionResult & { field?: string; at: number }) | null;

const nameSchema = z.string().trim().min(1).max(60);

export async function testChannelAction(_previous: ChannelFormState, formData: FormData): Promise<ChannelFormState> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: await refusalText(access), at: Date.now() };
  const { t } = await currentMessages();
  const r = t.admin.reminders;
  const name = nameSchema.safeParse(formData.get("name"));
  if (!name.success) return { ok: false, message: r.unknownChannel, at: Date.now() };
  const result = await sendTestMessage(access.viewer, name.data, {
    title: r.testTitle,
    body: r.testBody,
    sent: r.testSent,
    failed: (channel, why) => r.testFailed(channel, noticeText(t, why)),
    unknown: r.unknownChannel,
    adminOnly: r.testAdminOnly,
  });
  return { ...result, at: Date.now() };
}

export async function saveChannelAction(_previous: ChannelFormState, formData: FormData): Promise<ChannelFormState> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: await refusalText(access), at: Date.now() };
  const { t } = await currentMessages();
  const r = t.admin.reminders;
  const fail = (message: string, field: string): ChannelFormState => ({ ok: false, message, field, at: Date.now() });
  const name = nameSchema.safeParse(formData.get("name"));
  if (!name.success) return fail(r.badName, "name");
  const type = z.enum(["wecom", "dingtalk", "feishu", "email"]).safeParse(formData.get("type"));
  if (!type.success) return fail(r.badType, "type");
  let channel: Channel;
  if (type.data === "email") {
    const to = String(formData.get("to") ?? "")
      .split(/[,，;；\s]+/u)
      .filter(Boolean);
    if (to.length === 0 || !to.every((x) => z.string().email().safeParse(x).success)) return fail(r.badTo, "to");
    channel = { type: "email", to };
  } else {
    const url = String(formData.get("url") ?? "").trim();
    if (!/^https?:\/\/\S+$/u.test(url) || !URL.canParse(url)) return fail(r.badUrl, "url");
    const secret = String(formData.get("secret") ?? "").trim();
    channel = type.data === "wecom" ? { type: "wecom", url } : { type: type.data, url, ...(secret && { secret }) };
  }
  try {
    await saveChannel(access.viewer, name.data, channel, formData.get("digest") === "on");
  } catch (e) {
    if (e instanceof ChannelsError) return { ok: false, message: noticeText(t, e), at: Date.now() };
    throw e;
  }
  revalidatePath("/admin/reminders");
  return { ok: true, message: r.saved(name.data), at: Date.now() };
}

export async function removeChannelAction(_previous: ChannelFormState, formData: FormData): Promise<ChannelFormState> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: await refusalText(access), at: Date.now() };
  const { t } = await currentMessages();
  const r = t.admin.reminders;
  const name = nameSchema.safeParse(formData.get("name"));
  if (!name.success) return { ok: false, message: r.unknownChannel, at: Date.now() };
  try {
    const existed = await removeChannel(access.viewer, name.data);
    revalidatePath("/admin/reminders");
    return existed ? { ok: true, message: r.removed(name.data), at: Date.now() } : { ok: false, message: r.unknownChannel, at: Date.now() };
  } catch (e) {
    if (e instanceof ChannelsError) return { ok: false, message: noticeText(t, e), at: Date.now() };
    throw e;
  }
}
