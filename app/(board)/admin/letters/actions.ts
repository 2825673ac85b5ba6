"use server";

import { refusalText } from "@/app/_lib/locale";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionAccess } from "@/lib/auth/access";
import { loadDataset } from "@/lib/data/dataset";
import { recordSigning } from "@/lib/data/letters";

export type SigningState = { ok: boolean; message: string } | null;

const input = z.object({
  year: z.coerce.number().int().min(2000).max(2100),
  unit: z.string().min(1),
  signedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, "请填写签订日期（年-月-日）"),
  signer: z.string().trim().max(40, "签订人不超过 40 字"),
  scan: z
    .string()
    .trim()
    .refine((v) => v === "" || /^https?:\/\/\S+$/u.test(v), "扫描件链接应为完整网址（以 http:// 或 https:// 开头）"),
});

export async function recordSigningAction(_previous: SigningState, formData: FormData): Promise<SigningState> {
  const access = await requireActionAccess("admin");
  if (!access.ok) return { ok: false, message: await refusalText(access) };
  if (access.viewer.kind !== "user") return { ok: false, message: "会议大屏链接只能查看，不能提交。" };
  const parsed = input.safeParse(Object.fromEntries(["year", "unit", "signedOn", "signer", "scan"].map((k) => [k, String(formData.get(k) ?? "")])));
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join("；") };
  const dataset = await loadDataset();
  if (!dataset.units.some((u) => u.name === parsed.data.unit)) return { ok: false, message: `「${parsed.data.unit}」不在单位表中，本次未保存。` };
  const outcome = await recordSigning({ login: access.viewer.login }, dataset, parsed.data);
  revalidatePath("/admin/letters");
  if (!outcome.ok) return { ok: false, message: outcome.message };
  return { ok: true, message: `已登记「${parsed.data.unit}」${parsed.data.year} 年度责任状签订。` };
}
