import type { Locale } from "@/lib/i18n";
import { setLocale } from "../_lib/actions";

/** Switches the interface language (a cookie); offered beside the navigation and on the sign-in page. */
export function LanguageToggle({ locale, label, className = "" }: { locale: Locale; label: string; className?: string }) {
  return (
    <form action={setLocale} className={className}>
      <input type="hidden" name="locale" value={locale === "zh" ? "en" : "zh"} />
      <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-100">
        {label}
      </button>
    </form>
  );
}
