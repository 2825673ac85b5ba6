import { Suspense, type ReactNode } from "react";
import { requirePageAccess } from "@/lib/auth/access";
import { pageCapability, type NavPath } from "@/lib/auth/pages";
import type { Viewer } from "@/lib/auth/roles";
import type { Locale, Messages } from "@/lib/i18n";
import { currentMessages } from "../../_lib/locale";
import { WidgetBoundary } from "../widget";
import { WidgetFailed } from "../widget-failed";
import { YearSelect } from "./year-select";

export type PageQuery = Record<string, string | string[] | undefined>;

/** What every part of a table page is given. */
export interface TablePageProps {
  viewer: Viewer;
  year?: number;
  query: PageQuery;
  locale: Locale;
  t: Messages;
}

/** How a table page starts: the access check first, then its query and the reader's language. */
export async function openTablePage(path: NavPath, searchParams: Promise<PageQuery>): Promise<TablePageProps> {
  const viewer = await requirePageAccess(pageCapability(path), path);
  const query = await searchParams;
  const { locale, t } = await currentMessages();
  return { viewer, year: parseYear(query.year), query, locale, t };
}

/** `?year=2026`, when it is a plausible year. */
export function parseYear(value: string | string[] | undefined): number | undefined {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : undefined;
}

/**
 * Every table page's header, laid out the same way: the title and its intro on the left; on
 * the right, always in this order, the year picker and then the page's primary action.
 */
export function PageHeader({
  title,
  intro,
  year,
  action,
  children,
}: {
  title: ReactNode;
  intro?: ReactNode;
  year?: ReactNode;
  action?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <header className="flex flex-wrap items-end justify-between gap-3" data-testid="page-header">
      <div className="min-w-0 max-w-4xl">
        <h1 className="text-2xl font-bold">{title}</h1>
        {intro && <p className="mt-1 text-sm leading-relaxed text-slate-600">{intro}</p>}
      </div>
      {(year || action || children) && (
        <div className="flex flex-wrap items-center gap-2" data-testid="page-header-tools">
          {year}
          {/* On paper the header keeps the year, not the buttons. */}
          <span className="contents print:hidden">
            {action}
            {children}
          </span>
        </div>
      )}
    </header>
  );
}

/** A sentence the reader should not miss: what this role sees, what a rule means. */
export function Notice({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p role="note" className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900" data-testid={testId}>
      {children}
    </p>
  );
}

export function Stat({ label, value, detail, testId, tone }: { label: string; value: string; detail?: ReactNode; testId?: string; tone?: "red" }) {
  return (
    <div className="card min-w-0 p-4" data-testid={testId}>
      <p className="truncate text-sm text-slate-600">{label}</p>
      <p className={`mt-1 text-2xl font-bold tabular-nums ${tone === "red" ? "text-red-700" : "text-slate-900"}`} data-testid={testId && `${testId}-value`}>
        {value}
      </p>
      {detail && <div className="mt-1 text-xs text-slate-600">{detail}</div>}
    </div>
  );
}

/** The year picker of a page header, loading on its own from the page's view of the data. */
export function YearSection({ view, t }: { view: () => Promise<{ years: number[]; year: number }>; t: Messages }) {
  return (
    <Section fallback={<div className="skeleton h-8 w-28" />} failed={t.tables.failed}>
      <YearOfView view={view} label={t.tables.year} />
    </Section>
  );
}

async function YearOfView({ view, label }: { view: () => Promise<{ years: number[]; year: number }>; label: string }) {
  const { years, year } = await view();
  return <YearSelect years={years} year={year} label={label} />;
}

/** One part of a page that loads, and fails, on its own. */
export function Section({ fallback, failed, children }: { fallback: ReactNode; failed: string; children: ReactNode }) {
  return (
    <WidgetBoundary failed={<WidgetFailed message={failed} height={120} />}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </WidgetBoundary>
  );
}
