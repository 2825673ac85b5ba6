/**
 * A PDF's text as a reader would copy it, through the PDF importer LibreOffice ships
 * (xpdfimport, poppler-based): every drawn character in order, pages joined.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const XPDFIMPORT = "/usr/lib/libreoffice/program/xpdfimport";

export async function pdfText(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "roles-pdf-"));
  try {
    const file = path.join(dir, "pack.pdf");
    await writeFile(file, pdf);
    const out = execFileSync(XPDFIMPORT, [file], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
    let text = "";
    for (const line of out.split("\n")) {
      if (line.startsWith("drawChar ")) text += line.split(" ").slice(10).join(" ") || " ";
      else if (line.startsWith("endPage")) text += "\n";
    }
    return text;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
