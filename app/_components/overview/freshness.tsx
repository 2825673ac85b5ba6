import Link from "next/link";
import { currentViewer } from "@/lib/auth/access";
import { can } from "@/lib/auth/roles";
import { loadDataset, timeZoneOf } from "@/lib/data/dataset";
import { formatDateTime, type Locale, type Messages } from "@/lib/i18n";
import { RefreshButton } from "../refresh-button";

/** When the data was read and when the sheet last changed, with a way to look again. */
export async function Freshness({ locale, t }: { locale: Locale; t: Messages }) {
  const [dataset, viewer] = await Promise.all([loadDataset(), currentViewer()]);
  const zone = timeZoneOf(dataset);
  const errors = dataset.problems.filter((p) => p.severity === "error").length;
  return (
    <>
      {dataset.stale && (
        <p
          role="status"
          data-testid="stale-banner"
          className="mb-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-900"
        >
          {t.freshness.stale(formatDateTime(locale, dataset.readAt, zone), t.freshness.source[dataset.source])}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-600" data-testid="freshness">
        <span>
          {t.freshness.readAt} <time dateTime={dataset.readAt}>{formatDateTime(locale, dataset.readAt, zone)}</time>
        </span>
        {dataset.changedAt && (
          <span>
            {t.freshness.changedAt} <time dateTime={dataset.changedAt}>{formatDateTime(locale, dataset.changedAt, zone)}</time>
          </span>
        )}
        <span className="text-slate-500">（{t.freshness.source[dataset.source]}）</span>
        <Link href="/data-health" className={errors > 0 ? "font-medium text-red-700 underline" : "text-green-800 underline"}>
          {dataset.problems.length > 0 ? t.freshness.problems(dataset.problems.length) : t.freshness.noProblems}
        </Link>
        {viewer && can(viewer, "data.refresh") && (
          <span className="no-print">
            <RefreshButton label={t.freshness.refresh} busyLabel={t.freshness.refreshing} />
          </span>
        )}
      </div>
    </>
  );
}
