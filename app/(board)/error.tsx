"use client";

import { useEffect } from "react";
import { useMessages } from "@/app/_components/locale-context";

/**
 * A page failed unexpectedly. Say what happened and what to do in the viewer's
 * language, keep the navigation (the layout stays), and offer a retry: most
 * such failures are a workbook being saved by someone else at that moment.
 * The error itself is logged, never shown (it may name a file path).
 */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useMessages().errors.page;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="mx-auto max-w-2xl space-y-3 py-10" role="alert" data-testid="page-error">
      <h1 className="text-2xl font-bold">{t.title}</h1>
      <p className="text-slate-700">{t.cause}</p>
      <p className="text-slate-700">{t.action}</p>
      {error.digest && (
        <p className="text-sm text-slate-500">
          {t.digest}
          {error.digest}
        </p>
      )}
      <div className="flex gap-3 pt-2">
        <button type="button" onClick={() => reset()} className="rounded-md bg-brand-700 px-4 py-2 text-white hover:bg-brand-800">
          {t.retry}
        </button>
        <a href="/" className="rounded-md border border-slate-300 px-4 py-2 text-slate-700 hover:bg-slate-100">
          {t.home}
        </a>
      </div>
    </div>
  );
}
