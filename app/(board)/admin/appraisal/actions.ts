"use server";

import { currentMessages, refusalText } from "@/app/_lib/locale";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { appraisalText } from "@/lib/i18n";
import { requireActionAccess } from "@/lib/auth/access";
import { closeSession, openSession } from "@/lib/data/appraisal";
import { loadDataset } from "@/lib/data/dataset";

export type AppraisalActionState = { ok: boolean; message: string; id?: string } | null;

const openInput = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, "请填写测评日期（年-月-日）"),
  title: z.string().trim().max(60, "名称不超过 60 字"),
  ballots: z.coerce.number({ message: "票数应为整数" }).int("票数应为整数").min(1, "票数至少为 1").max(500, "票数最多 500"),
  units: z.array(z.string()).min(1, "请至少选择一个参评单位"),
});

export async function openSessionAction(_previous: AppraisalActionState, formData: FormData): Promise<AppraisalActionState> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: await refusalText(access) };
  if (access.viewer.kind !== "user") return { ok: false, message: await refusalText({ code: "auth.screen-read-only" }) };
  const parsed = openInput.safeParse({
    date: formData.get("date"),
    title: formData.get("title") ?? "",
    ballots: formData.get("ballots"),
    units: formData.getAll("units"),
  });
  const a = (await currentMessages()).t.formText.admin;
  if (!parsed.success) return { ok: false, message: [...new Set(parsed.error.issues.map((i) => a.fields[String(i.path[0])] ?? a.badValue))].join(" ") };
  const known = new Set((await loadDataset()).units.map((u) => u.name));
  const unknown = parsed.data.units.filter((u) => !known.has(u));
  if (unknown.length > 0) return { ok: false, message: a.unknownUnits(unknown.join("、")) };
  const result = await openSession({ login: access.viewer.login }, parsed.data);
  revalidatePath("/admin/appraisal");
  return result.ok
    ? { ok: true, id: result.id, message: a.appraisalOpened(result.id) }
    : { ok: false, message: appraisalText((await currentMessages()).t, result) };
}

export async function closeSessionAction(_previous: AppraisalActionState, formData: FormData): Promise<AppraisalActionState> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: await refusalText(access) };
  if (access.viewer.kind !== "user") return { ok: false, message: await refusalText({ code: "auth.screen-read-only" }) };
  const id = String(formData.get("id") ?? "");
  const result = await closeSession({ login: access.viewer.login }, id);
  revalidatePath("/admin/appraisal");
  return result.ok
    ? { ok: true, message: (await currentMessages()).t.formText.admin.appraisalClosed(id) }
    : { ok: false, message: appraisalText((await currentMessages()).t, result) };
}
