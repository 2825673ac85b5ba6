import type { ReactNode } from "react";

export function ChartCard({
  title,
  children,
  empty,
  emptyText,
  testId,
}: {
  title: string;
  children: ReactNode;
  empty?: boolean;
  emptyText: string;
  testId?: string;
}) {
  return (
    <section className="card p-4" data-testid={testId} aria-label={title}>
      <h2 className="mb-3 text-base font-semibold">{title}</h2>
      {empty ? <p className="flex h-48 items-center justify-center text-sm text-slate-500">{emptyText}</p> : children}
    </section>
  );
}
