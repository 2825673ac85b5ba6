import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { loadDataset, today } from "@/lib/data/dataset";
import { lettersOf } from "@/lib/data/letters";
import { signingStatus } from "@/lib/domain/letters";
import { defaultYear } from "@/lib/domain/years";
import { currentMessages } from "@/app/_lib/locale";
import { SigningForm } from "./signing-form";

export const metadata: Metadata = { title: "目标责任状" };

const th = "px-3 py-2 text-left font-medium text-slate-500";
const td = "px-3 py-2 align-top";

function yearParam(value: string | string[] | undefined, fallback: number): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : fallback;
}

/** Every unit's 目标责任状 of a year: download (PDF, Word; one or all) and record the signing. */
export default async function LettersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageAccess("admin", "/admin/letters");
  const { t } = await currentMessages();
  const e = t.evaluation;
  const dataset = await loadDataset();
  const year = yearParam((await searchParams).year, defaultYear(dataset, dataset.settings, today()));
  const letters = lettersOf(dataset, year);
  const status = signingStatus(dataset.units, dataset.letters, year);
  const q = (unit?: string) => `year=${year}${unit ? `&unit=${encodeURIComponent(unit)}` : ""}`;
  const link = "text-brand-700 underline";
  return (
    <div className="mx-auto max-w-6xl space-y-5">
      <header>
        <h1 className="text-2xl font-bold">
          {year} {e.lettersTitle}
        </h1>
        <p className="mt-1 text-sm text-slate-600">{e.lettersIntro}</p>
      </header>
      <div className="card flex flex-wrap items-center gap-4 p-4">
        <form className="flex items-center gap-2 text-sm">
          <label>
            {e.year} <input name="year" type="number" defaultValue={year} className="w-24 rounded-md border border-slate-300 px-2 py-1" />
          </label>
        </form>
        <strong data-testid="signing-count">{e.signing(status.signed, status.due)}</strong>
        <a className={link} href={`/api/letters/pdf?${q()}`}>
          {e.allPdf}
        </a>
        <a className={link} href={`/api/letters/docx?${q()}`}>
          {e.allDocx}
        </a>
      </div>
      <table className="card w-full text-sm">
        <thead>
          <tr>
            <th className={th}>{e.unit}</th>
            <th className={th}>{e.tasks}</th>
            <th className={th}>{e.status}</th>
            <th className={th}>{e.lettersTitle}</th>
            <th className={th}>{e.record}</th>
          </tr>
        </thead>
        <tbody>
          {letters.map((l) => {
            const row = dataset.letters.find((x) => x.year === year && x.unit === l.unit);
            return (
              <tr key={l.unit} className="border-t border-slate-100" data-testid="letter-row">
                <td className={td}>{l.unit}</td>
                <td className={td}>
                  {l.taskIds.length}
                  {l.unreadable > 0 && <span className="ml-1 text-amber-700">（另有 {l.unreadable} 条数据待核实）</span>}
                </td>
                <td className={td}>{row?.signedOn ? `${e.signed} ${row.signedOn}${row.signer ? ` · ${row.signer}` : ""}` : e.unsigned}</td>
                <td className={`${td} space-x-2`}>
                  <a className={link} href={`/api/letters/pdf?${q(l.unit)}`}>
                    {e.pdf}
                  </a>
                  <a className={link} href={`/api/letters/docx?${q(l.unit)}`}>
                    {e.docx}
                  </a>
                </td>
                <td className={td}>
                  <SigningForm
                    year={year}
                    unit={l.unit}
                    today={today()}
                    signer={row?.signer ?? l.secretary ?? ""}
                    labels={{ signedOn: e.signedOn, signer: e.signer, scan: e.scan, record: e.record }}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
