"use server";

import { currentMessages, refusalText } from "@/app/_lib/locale";
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
  if (access.viewer.kind !== "user") return { ok: false, message: await refusalText({ code: "auth.screen-read-only" }) };
  const parsed = input.safeParse(Object.fromEntries(["year", "unit", "signedOn", "signer", "scan"].map((k) => [k, String(formData.get(k) ?? "")])));
  const a = (await currentMessages()).t.formText.admin;
  if (!parsed.success) return { ok: false, message: [...new Set(parsed.error.issues.map((i) => a.fields[String(i.path[0])] ?? a.badValue))].join(" ") };
  const dataset = await loadDataset();
  if (!dataset.units.some((u) => u.name === parsed.data.unit)) return { ok: false, message: a.unknownUnits(parsed.data.unit) };
  const outcome = await recordSigning({ login: access.viewer.login }, dataset, parsed.data);
  revalidatePath("/admin/letters");
  if (!outcome.ok) return { ok: false, message: outcome.message };
  return { ok: true, message: a.signed(parsed.data.unit, parsed.data.year) };
}
