"use client";

import { useRouter } from "next/navigation";
import { useId, useTransition } from "react";

/**
 * The year is the one part of a view the server applies (rows belong to a year), so
 * changing it navigates; the table's own parameters in the URL are kept.
 */
export function YearSelect({ years, year, label }: { years: number[]; year: number; label: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="text-slate-600">
        {label}
      </label>
      <select
        id={id}
        value={year}
        disabled={pending}
        aria-busy={pending}
        onChange={(e) => {
          const params = new URLSearchParams(window.location.search);
          params.set("year", e.target.value);
          startTransition(() => router.push(`${window.location.pathname}?${params.toString()}`));
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 tabular-nums"
        data-testid="year-select"
      >
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
      {/* Printed pages hide form controls: the year is printed as text. */}
      <span className="hidden tabular-nums print:inline">{year}</span>
    </div>
  );
}
