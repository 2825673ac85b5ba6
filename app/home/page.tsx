import { redirect } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/access";
import { homePath, pageCapability } from "@/lib/auth/pages";

/** Where sign-in lands when no page was asked for: 本单位 for a unit user, the overview for everyone else. */
export default async function HomePage() {
  const viewer = await requirePageAccess(pageCapability("/"), "/home");
  redirect(homePath(viewer));
}
