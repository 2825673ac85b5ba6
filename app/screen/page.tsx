import { after } from "next/server";
import { requirePageAccess } from "@/lib/auth/access";
import { can } from "@/lib/auth/roles";
import { ensureMonthlySnapshot } from "@/lib/data/snapshots";
import { ScreenShow } from "../_components/screen/screen-show";
import { currentLocale } from "../_lib/locale";
import { loadScreen } from "./_lib/load-screen";
import { takeSnapshotAction } from "./actions";

/**
 * The meeting screen: opened by a signed-in user or by a meeting-screen link
 * (`/screen?token=…`), whose token the running show sends back on every poll.
 */
export default async function ScreenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePageAccess("screen", "/screen");
  const tokenParam = (await searchParams).token;
  const token = viewer.kind === "screen" ? (Array.isArray(tokenParam) ? tokenParam[0] : tokenParam) : undefined;
  const [locale, initial] = await Promise.all([currentLocale(), loadScreen(viewer)]);
  // The month's first view records the figures the next meeting compares with.
  after(ensureMonthlySnapshot);
  const admin = viewer.kind === "user" && can(viewer, "admin");
  return <ScreenShow initial={initial} locale={locale} token={token} snapshotAction={admin ? takeSnapshotAction : undefined} />;
}
