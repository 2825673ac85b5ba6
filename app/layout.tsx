import type { Metadata, Viewport } from "next";
import { languageTag } from "@/lib/i18n";
import { setLocale } from "./_lib/actions";
import { currentMessages } from "./_lib/locale";
import { LocaleProvider } from "./_components/locale-context";
import { NavLinks } from "./_components/nav-links";
import { navItems } from "./_components/table/nav-items";
import { OutsideScreen } from "./_components/screen/outside-screen";
import { UserMenu } from "./_components/user-menu";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "党建责任落实看板", template: "%s · 党建责任落实看板" },
  description: "三大体系党建责任落实情况看板",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await currentMessages();
  const items = await navItems(t);
  return (
    <html lang={languageTag(locale)}>
      <body>
        <LocaleProvider locale={locale}>
        <div className="lg:flex lg:min-h-screen">
          <OutsideScreen>
          <nav aria-label={t.app.name} className="no-print border-b border-slate-200 bg-white lg:w-52 lg:shrink-0 lg:border-b-0 lg:border-r">
            <div className="flex items-center justify-between gap-2 px-4 py-3 lg:block">
              <div>
                <p className="text-base font-bold text-brand-700">{t.app.name}</p>
                <p className="text-xs text-slate-500">{t.app.subtitle}</p>
              </div>
              <form action={setLocale} className="lg:mt-3">
                <input type="hidden" name="locale" value={locale === "zh" ? "en" : "zh"} />
                <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-100">
                  {t.nav.language}
                </button>
              </form>
            </div>
            <div className="px-2 pb-2">
              <NavLinks items={items} />
            </div>
            <div className="border-t border-slate-100 px-1 py-1">
              <UserMenu />
            </div>
          </nav>
          </OutsideScreen>
          <main className="min-w-0 flex-1 px-4 py-5 lg:px-8">{children}</main>
        </div>
        </LocaleProvider>
      </body>
    </html>
  );
}
