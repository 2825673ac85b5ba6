import { loadDataset } from "@/lib/data/dataset";
import { loadSummary } from "@/lib/data/summary";
import { signingStatus } from "@/lib/domain/letters";
import type { Messages } from "@/lib/i18n";

/** 目标责任状 已签订 N / 应签 M for the overview's year, and the units still to sign. */
export async function SigningWidget({ year, t }: { year?: number; t: Messages }) {
  const [summary, dataset] = await Promise.all([loadSummary(year), loadDataset()]);
  const e = t.evaluation;
  const status = signingStatus(dataset.units, dataset.letters, summary.year);
  const shown = status.unsigned.slice(0, 12);
  return (
    <section className="card p-4" data-testid="signing-widget" aria-label={e.lettersTitle}>
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 className="font-semibold">
          {summary.year} {e.lettersTitle}
        </h2>
        <strong className="text-lg tabular-nums" data-testid="signing-count">
          {e.signing(status.signed, status.due)}
        </strong>
      </div>
      <p className="mt-1 text-sm text-slate-600" data-testid="signing-unsigned">
        {status.unsigned.length === 0
          ? e.allSigned
          : `${e.unsigned}：${shown.join("、")}${status.unsigned.length > shown.length ? ` 等 ${status.unsigned.length} 个单位` : ""}`}
      </p>
    </section>
  );
}
