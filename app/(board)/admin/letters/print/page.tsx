import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/access";
import { loadDataset, today } from "@/lib/data/dataset";
import { lettersOf } from "@/lib/data/letters";
import { defaultYear } from "@/lib/domain/years";

export const metadata: Metadata = { title: "目标责任状" };
export const dynamic = "force-dynamic";

const CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/**
 * The letters as A4 pages for the PDF (one letter per unit, each from a new
 * page). The shared PDF renderer waits for the `screen-print` marker.
 */
export default async function LettersPrintPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  await requirePageAccess("admin", "/admin/letters");
  const dataset = await loadDataset();
  const n = Number(params.year);
  const year = Number.isInteger(n) && n >= 2000 && n <= 2100 ? n : defaultYear(dataset, dataset.settings, today());
  const unit = typeof params.unit === "string" ? params.unit : undefined;
  const letters = lettersOf(dataset, year, unit);
  return (
    <div data-testid="screen-print" className="letters">
      <style>{`
        @page { size: A4 portrait; margin: 22mm 20mm; }
        .letter { break-after: page; font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 12pt; line-height: 1.7; color: #000; }
        .letter:last-child { break-after: auto; }
        .letter h1 { text-align: center; font-size: 20pt; font-weight: bold; margin: 0 0 8mm; }
        .letter h2 { font-size: 13pt; font-weight: bold; margin: 4mm 0 2mm; }
        .letter p.indent { text-indent: 2em; }
        .letter table { width: 100%; border-collapse: collapse; font-size: 10.5pt; }
        .letter th, .letter td { border: 1px solid #555; padding: 1mm 2mm; text-align: left; vertical-align: top; }
        .letter tr { break-inside: avoid; }
        .letter .sign { margin-top: 10mm; display: grid; grid-template-columns: 1fr 1fr; gap: 4mm 10mm; }
      `}</style>
      {letters.length === 0 && <p>找不到单位「{unit}」。</p>}
      {letters.map((l) => (
        <article key={l.unit} className="letter" data-testid="letter">
          <h1>{l.title}</h1>
          <p>甲方：{l.issuer}</p>
          <p>
            乙方：{l.unit}（书记：{l.secretary ?? "＿＿＿＿"}）
          </p>
          <p className="indent">为全面落实党建工作责任制，按照{l.year}年度工作任务分工方案，甲乙双方签订本责任状。乙方承担以下目标任务：</p>
          {l.groups.length === 0 && <p className="indent">（本年度任务分工方案中暂无该单位承担的任务）</p>}
          {l.groups.map((g, i) => (
            <section key={`${g.keyTask}-${g.level}`}>
              <h2>
                {CN[i] ?? i + 1}、{g.keyTask}（{g.level}）
              </h2>
              <table>
                <thead>
                  <tr>
                    <th style={{ width: "14%" }}>任务编号</th>
                    <th>事项</th>
                    <th style={{ width: "10%" }}>责任</th>
                    <th style={{ width: "18%" }}>完成时限</th>
                  </tr>
                </thead>
                <tbody>
                  {g.tasks.map((task) => (
                    <tr key={task.id}>
                      <td style={{ whiteSpace: "nowrap" }}>{task.id}</td>
                      <td>{task.title}</td>
                      <td>{task.role}</td>
                      <td>{task.due ?? "待核实"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
          <h2>考核与问责</h2>
          {l.clauses.map((c) => (
            <p key={c} className="indent">
              {c}
            </p>
          ))}
          <div className="sign">
            <p>甲方（盖章）：{l.issuer}</p>
            <p>乙方（盖章）：{l.unit}</p>
            <p>负责人（签字）：</p>
            <p>书记（签字）：</p>
            <p>签订日期：{l.year}年　月　日</p>
            <p>签订日期：{l.year}年　月　日</p>
          </div>
        </article>
      ))}
    </div>
  );
}
