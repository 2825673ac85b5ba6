"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** Renders the dashboard's chrome everywhere but the meeting screen, which owns the whole display, and the public ballot page. */
export function OutsideScreen({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  return pathname === "/screen" || pathname.startsWith("/screen/") || pathname.startsWith("/ballot/") ? null : children;
}
