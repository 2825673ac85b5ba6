/**
 * The page every request gets while the workbook cannot be used (HTTP 503 from
 * proxy.ts): plain HTML, no app code, so it shows whatever else is broken. In
 * the viewer's language: the locale cookie the app sets, else Accept-Language.
 */
import { isLocale, languageTag, type Locale, messagesFor } from "../i18n";

export interface FaultPageText {
  title: string;
  cause: string;
  action: string;
}

const escape = (s: string) => s.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The language of a request that reaches no page: the app's locale cookie when
 * set, else the first of Accept-Language's languages that the app speaks
 * (by preference), else Chinese.
 */
export function requestLocale(cookie: string | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  const wanted = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = Number(
        params
          .find((p) => p.trim().startsWith("q="))
          ?.trim()
          .slice(2) ?? "1",
      );
      return { lang: tag.split("-")[0] ?? "", q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((w) => w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const w of wanted) if (isLocale(w.lang)) return w.lang;
  return "zh";
}

export function faultPageHtml(text: FaultPageText, opts: { code: string; signedIn: boolean; locale?: Locale }): string {
  const locale = opts.locale ?? "zh";
  const f = messagesFor(locale).errors.fault;
  const admin = opts.signedIn ? f.adminSignedIn : f.adminSignedOut;
  return `<!doctype html>
<html lang="${languageTag(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(text.title)} · ${escape(f.appName)}</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#1e293b;line-height:1.7}
h1{color:#a31218;font-size:1.5rem}.box{border:1px solid #fca5a5;background:#fef2f2;border-radius:.5rem;padding:1rem}
a{color:#a31218}small{color:#64748b}</style></head>
<body><main data-testid="workbook-unavailable" data-code="${escape(opts.code)}">
<h1>${escape(text.title)}</h1>
<div class="box"><p><strong>${escape(f.what)}</strong>${escape(text.cause)}</p>
<p><strong>${escape(f.todo)}</strong>${escape(text.action)}</p></div>
<p>${escape(f.safe)}</p>
<p>${escape(admin)} <a href="/data-health">${escape(f.dataHealth)}</a> · <a href="/admin">${escape(f.admin)}</a> · <a href="/login">${escape(f.login)}</a></p>
<p><small>（HTTP 503 · ${escape(opts.code)}）</small></p>
</main></body></html>`;
}
