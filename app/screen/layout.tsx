import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./screen.css";

export const metadata: Metadata = { title: "会议大屏" };

export default function ScreenLayout({ children }: { children: ReactNode }) {
  return children;
}
