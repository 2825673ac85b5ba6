import { LanguageToggle } from "../_components/language-toggle";
import { currentMessages } from "../_lib/locale";

/** The sign-in page: outside the signed-in pages' navigation, with the app's name and the language switch. */
export default async function LoginLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await currentMessages();
  return (
    <div className="min-h-screen">
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 bg-white px-4 py-3">
        <div>
          <p className="text-base font-bold text-brand-700">{t.app.name}</p>
          <p className="text-xs text-slate-500">{t.app.subtitle}</p>
        </div>
        <LanguageToggle locale={locale} label={t.nav.language} />
      </header>
      <main className="px-4 py-5 lg:px-8">{children}</main>
    </div>
  );
}
