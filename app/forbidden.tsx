import Link from "next/link";
import { currentAccess } from "@/lib/auth/access";
import { currentMessages } from "./_lib/locale";
import { NotAuthorised } from "./_components/not-authorised";

export default async function Forbidden() {
  const { t } = await currentMessages();
  // Signed in but absent from 用户 (or not 启用): name the login and whom to ask.
  const access = await currentAccess().catch(() => undefined);
  if (access?.kind === "not-authorised") return <NotAuthorised login={access.login} t={t} />;
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-5xl font-bold text-brand-700">403</p>
      <h1 className="mt-3 text-xl font-semibold">{t.errors.forbiddenTitle}</h1>
      <p className="mt-2 text-slate-600">{t.errors.forbiddenBody}</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-brand-700 px-4 py-2 text-white">
        {t.errors.home}
      </Link>
    </div>
  );
}
