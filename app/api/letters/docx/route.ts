import { requireApiAccess } from "@/lib/auth/access";
import { noticeResponse } from "@/app/_lib/notice-response";
import { loadDataset, today } from "@/lib/data/dataset";
import { lettersOf } from "@/lib/data/letters";
import { defaultYear } from "@/lib/domain/years";
import { lettersDocx } from "@/lib/export/letter-docx";
import { zipFiles } from "@/lib/export/zip";

/** 目标责任状 as .docx: one unit's (?unit=), or a zip with one .docx per unit. */
export async function GET(request: Request) {
  const access = await requireApiAccess(request, "admin");
  if (!access.ok) return access.response;
  const asked = new URL(request.url).searchParams;
  const dataset = await loadDataset();
  const n = Number(asked.get("year"));
  const year = Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : defaultYear(dataset, dataset.settings, today());
  const unit = asked.get("unit") ?? undefined;
  const letters = lettersOf(dataset, year, unit);
  if (letters.length === 0) return noticeResponse("not-found", { code: "api.letters-unit-unknown", params: { unit: unit ?? "" } }, { status: 404 });
  const disposition = (name: string, ascii: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
  if (unit) {
    const docx = await lettersDocx(letters);
    return new Response(new Uint8Array(docx), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Content-Disposition": disposition(`${year}年度目标责任状-${unit}.docx`, "letter.docx"),
        "Cache-Control": "no-store",
      },
    });
  }
  const files = await Promise.all(letters.map(async (l) => ({ name: `${year}年度目标责任状-${l.unit}.docx`, data: await lettersDocx([l]) })));
  return new Response(new Uint8Array(zipFiles(files)), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": disposition(`${year}年度目标责任状.zip`, "letters.zip"), "Cache-Control": "no-store" },
  });
}
