"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { refreshNow } from "../_lib/actions";

export function RefreshButton({ label, busyLabel }: { label: string; busyLabel: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      onClick={() =>
        start(async () => {
          await refreshNow();
          router.refresh();
        })
      }
      disabled={pending}
      className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60"
    >
      {pending ? busyLabel : label}
    </button>
  );
}
