/**
 * 目标责任状 as a .docx staff can still edit in WPS or Word: the same content
 * as the PDF (lib/domain/letters.ts), one letter per section, A4.
 */
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { LetterContent } from "../domain/letters";

const FONT = { ascii: "SimSun", eastAsia: "SimSun", hAnsi: "SimSun" };
const A4 = { width: 11906, height: 16838 };
const MARGIN = { top: 1440, bottom: 1440, left: 1588, right: 1588 };

function text(t: string, o: { bold?: boolean; size?: number } = {}) {
  return new TextRun({ text: t, font: FONT, size: o.size ?? 24, ...(o.bold && { bold: true }) });
}

function para(t: string, o: { bold?: boolean; size?: number; center?: boolean; indent?: boolean } = {}) {
  return new Paragraph({
    children: [text(t, o)],
    spacing: { after: 120, line: 360 },
    ...(o.center && { alignment: AlignmentType.CENTER }),
    ...(o.indent && { indent: { firstLine: 480 } }),
  });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: "666666" };
const borders = { top: border, bottom: border, left: border, right: border };

function cell(t: string, width: number, bold = false) {
  return new TableCell({ children: [new Paragraph({ children: [text(t, { size: 21, bold })] })], width: { size: width, type: WidthType.PERCENTAGE }, borders });
}

function letterChildren(l: LetterContent): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    para(l.title, { bold: true, size: 36, center: true }),
    para(`甲方：${l.issuer}`),
    para(`乙方：${l.unit}（书记：${l.secretary ?? "＿＿＿＿"}）`),
    para(`为全面落实党建工作责任制，按照${l.year}年度工作任务分工方案，甲乙双方签订本责任状。乙方承担以下目标任务：`, { indent: true }),
  ];
  if (l.groups.length === 0) out.push(para("（本年度任务分工方案中暂无该单位承担的任务）", { indent: true }));
  l.groups.forEach((g, i) => {
    out.push(para(`${["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][i] ?? i + 1}、${g.keyTask}（${g.level}）`, { bold: true }));
    out.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({
            tableHeader: true,
            children: [cell("任务编号", 14, true), cell("事项", 52, true), cell("责任", 10, true), cell("完成时限", 24, true)],
          }),
          ...g.tasks.map((t) => new TableRow({ children: [cell(t.id, 14), cell(t.title, 52), cell(t.role, 10), cell(t.due ?? "待核实", 24)] })),
        ],
      }),
    );
  });
  out.push(para("考核与问责", { bold: true }));
  for (const c of l.clauses) out.push(para(c, { indent: true }));
  out.push(para(""));
  out.push(para(`甲方（盖章）：${l.issuer}　　　　乙方（盖章）：${l.unit}`));
  out.push(para("负责人（签字）：＿＿＿＿＿＿　　　　书记（签字）：＿＿＿＿＿＿"));
  out.push(para(`签订日期：${l.year}年　　月　　日`));
  return out;
}

/** One .docx holding the given letters, each on its own pages. */
export async function lettersDocx(letters: LetterContent[]): Promise<Buffer> {
  const doc = new Document({
    creator: "DutyBoard",
    title: letters.length === 1 ? `${letters[0]!.title} ${letters[0]!.unit}` : letters[0]?.title,
    sections: letters.map((l) => ({ properties: { page: { size: A4, margin: MARGIN } }, children: letterChildren(l) })),
  });
  return Packer.toBuffer(doc);
}
