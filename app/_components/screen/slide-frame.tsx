import type { ReactNode } from "react";

/**
 * A slide's chrome: kicker and title at the top left, the data's age at the top right,
 * a footer line. The show and the printed pack both use it.
 */
export function SlideFrame({
  kicker,
  title,
  status,
  footer,
  children,
}: {
  kicker: string;
  title: string;
  status: ReactNode;
  footer: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex h-full w-full flex-col px-[4rem] pt-[2.75rem]">
      <header className="flex items-start justify-between gap-[3rem]">
        <div className="min-w-0">
          <p className="text-[1.75rem] font-semibold tracking-wide text-(--s-brand)">{kicker}</p>
          <h1 className="mt-[0.25rem] text-[4rem] font-bold leading-tight" data-testid="slide-title">
            {title}
          </h1>
        </div>
        <div className="shrink-0 pt-[0.5rem] text-right">{status}</div>
      </header>
      <div className="min-h-0 flex-1 py-[2.25rem]" data-testid="slide-body">
        {children}
      </div>
      <footer className="flex h-[5rem] shrink-0 items-center justify-between border-t border-(--s-line) text-[1.5rem] text-(--s-faint)">{footer}</footer>
    </div>
  );
}
