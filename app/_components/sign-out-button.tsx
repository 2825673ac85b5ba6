"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

export function SignOutButton({ label, className }: { label: string; className?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/login" });
      }}
      className={className ?? "rounded-md border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-100 disabled:opacity-60"}
    >
      {label}
    </button>
  );
}
