import type { ReactNode } from "react";

/**
 * A card with a titled band on top (admin, data health, a meeting's tasks, 整改清单). `bodyClassName`
 * wraps the children in a padded body; without it they fill the card as they are (tables, lists).
 */
export function CardSection({
  id,
  title,
  testId,
  bodyClassName,
  children,
}: {
  id: string;
  title: ReactNode;
  testId?: string;
  bodyClassName?: string;
  children: ReactNode;
}) {
  return (
    <section className="card overflow-hidden" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="border-b border-slate-200 bg-slate-50 px-4 py-2 font-semibold">
        {title}
      </h2>
      {bodyClassName === undefined ? children : <div className={bodyClassName}>{children}</div>}
    </section>
  );
}
