/**
 * The page every request gets while the workbook cannot be used (HTTP 503 from
 * proxy.ts): plain HTML, no app code, so it shows whatever else is broken.
 */
export interface FaultPageText {
  title: string;
  cause: string;
  action: string;
}

const escape = (s: string) => s.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);

export function faultPageHtml(text: FaultPageText, opts: { code: string; signedIn: boolean }): string {
  const admin = opts.signedIn
    ? "管理员（ADMIN_LOGINS 中的账号）仍可打开「数据体检」和「管理」页查看详情。"
    : "管理员（ADMIN_LOGINS 中的账号）登录后仍可打开「数据体检」和「管理」页查看详情。";
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(text.title)} · 党建责任落实看板</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#1e293b;line-height:1.7}
h1{color:#a31218;font-size:1.5rem}.box{border:1px solid #fca5a5;background:#fef2f2;border-radius:.5rem;padding:1rem}
a{color:#a31218}small{color:#64748b}</style></head>
<body><main data-testid="workbook-unavailable" data-code="${escape(opts.code)}">
<h1>${escape(text.title)}</h1>
<div class="box"><p><strong>发生了什么：</strong>${escape(text.cause)}</p>
<p><strong>怎么办：</strong>${escape(text.action)}</p></div>
<p>您之前已保存的内容都在工作簿或其备份中，没有丢失。修复后刷新本页即可继续使用。</p>
<p>${escape(admin)} <a href="/data-health">数据体检</a> · <a href="/admin">管理</a> · <a href="/login">登录</a></p>
<p><small>（HTTP 503 · ${escape(opts.code)}）</small></p>
</main></body></html>`;
}
