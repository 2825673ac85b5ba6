"use client";

/**
 * A page failed unexpectedly. Say what happened and what to do in plain
 * Chinese, keep the navigation (the layout stays), and offer a retry: most
 * such failures are a workbook being saved by someone else at that moment.
 */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-2xl space-y-3 py-10" role="alert" data-testid="page-error">
      <h1 className="text-2xl font-bold">页面暂时无法显示</h1>
      <p className="text-slate-700">读取或整理数据时出了错，您填报过并已显示“已保存”的内容不受影响。</p>
      <p className="text-slate-700">请点“重试”；如果仍然出错，请稍等一分钟再试，或把下面的错误编号告诉组织部管理员，管理员可在「数据体检」查看表格问题。</p>
      {error.digest && <p className="text-sm text-slate-500">错误编号：{error.digest}</p>}
      <div className="flex gap-3 pt-2">
        <button type="button" onClick={() => reset()} className="rounded-md bg-brand-700 px-4 py-2 text-white hover:bg-brand-800">
          重试
        </button>
        <a href="/" className="rounded-md border border-slate-300 px-4 py-2 text-slate-700 hover:bg-slate-100">
          回到首页
        </a>
      </div>
    </div>
  );
}
