import type { Metadata, Viewport } from "next";
import { languageTag } from "@/lib/i18n";
import { currentMessages } from "./_lib/locale";
import { LocaleProvider } from "./_components/locale-context";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "党建责任落实看板", template: "%s · 党建责任落实看板" },
  description: "三大体系党建责任落实情况看板",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale } = await currentMessages();
  return (
    <html lang={languageTag(locale)}>
      <body>
        <LocaleProvider locale={locale}>{children}</LocaleProvider>
      </body>
    </html>
  );
}
