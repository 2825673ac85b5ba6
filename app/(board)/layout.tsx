import { NavLinks } from "@/app/_components/nav-links";
import { navItems } from "@/app/_components/table/nav-items";
import { UserMenu } from "@/app/_components/user-menu";
import { LanguageToggle } from "@/app/_components/language-toggle";
import { currentMessages } from "@/app/_lib/locale";

/** The signed-in pages: the navigation beside the page. The meeting screen and the sign-in page live outside this group. */
export default async function BoardLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await currentMessages();
  const items = await navItems(t);
  return (
    <div className="lg:flex lg:min-h-screen">
      <nav aria-label={t.app.name} className="no-print border-b border-slate-200 bg-white lg:w-52 lg:shrink-0 lg:border-b-0 lg:border-r">
        <div className="flex items-center justify-between gap-2 px-4 py-3 lg:block">
          <div>
            <p className="text-base font-bold text-brand-700">{t.app.name}</p>
            <p className="text-xs text-slate-500">{t.app.subtitle}</p>
          </div>
          <LanguageToggle locale={locale} label={t.nav.language} className="lg:mt-3" />
        </div>
        <div className="px-2 pb-2">
          <NavLinks items={items} />
        </div>
        <div className="border-t border-slate-100 px-1 py-1">
          <UserMenu />
        </div>
      </nav>
      <main className="min-w-0 flex-1 px-4 py-5 lg:px-8">{children}</main>
    </div>
  );
}
