import Link from "next/link";
import { currentAccess } from "@/lib/auth/access";
import { currentMessages } from "./_lib/locale";

/** 401: a meeting-screen link that is tampered, expired or revoked (or no sign-in at all). */
export default async function Unauthorized() {
  const { t } = await currentMessages();
  const access = await currentAccess().catch(() => undefined);
  const badLink = access?.kind === "bad-screen-link";
  return (
    <div className="mx-auto max-w-xl py-16 text-center" data-testid="unauthorized">
      <p className="text-5xl font-bold text-brand-700">401</p>
      <h1 className="mt-3 text-xl font-semibold">{badLink ? t.auth.badLinkTitle : t.auth.errors.SessionRequired}</h1>
      {badLink && <p className="mt-2 text-slate-600">{t.auth.badLinkBody}</p>}
      <Link href="/login" className="mt-6 inline-block rounded-md bg-brand-700 px-4 py-2 text-white">
        {t.auth.signIn}
      </Link>
    </div>
  );
}
