"use client";

import { useEffect } from "react";
import { useMessages } from "../_components/locale-context";

const RETRY_MS = 30_000;

/** The screen could not load its figures at all: say so, and try again by itself, since nobody may be at the keyboard. */
export default function ScreenError({ reset }: { error: Error; reset: () => void }) {
  const t = useMessages().errors.screen;
  useEffect(() => {
    const timer = setTimeout(() => reset(), RETRY_MS);
    return () => clearTimeout(timer);
  }, [reset]);
  return (
    <div className="screen-stage screen-theme">
      <div className="screen-canvas flex flex-col items-center justify-center gap-[2rem] bg-(--s-bg) text-center">
        <p className="text-[3.5rem] font-bold">{t.title}</p>
        <p className="text-[1.75rem] text-(--s-faint)">{t.retrying}</p>
        <button type="button" onClick={() => reset()} className="rounded-lg border border-(--s-line) px-6 py-3 text-[18px]">
          {t.retry}
        </button>
      </div>
    </div>
  );
}
