/**
 * README.md and docs/*.md stand alone: every relative link points at a file
 * in the repository, and every #anchor at a heading of that file (GitHub's
 * heading slugs).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const files = [
  "README.md",
  ...readdirSync(path.join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Markdown without fenced code blocks and inline code, where links are not links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gmu, "").replace(/`[^`\n]*`/gu, "");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2… */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gmu)) {
    const text = match[1]!.replace(/\[([^\]]*)\]\([^)]*\)/gu, "$1");
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /gu, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/gu)].map((m) => m[1]!);
}

describe("README and docs/ links resolve", () => {
  it("finds the docs pages the README links to", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    for (const page of ["docs/workbook.md", "docs/roles.md", "docs/figures.md"]) {
      expect(files).toContain(page);
      expect(linksOf(readme)).toContain(page);
    }
  });

  for (const file of files) {
    it(file, () => {
      const text = readFileSync(path.join(root, file), "utf8");
      const broken: string[] = [];
      for (const link of linksOf(text)) {
        if (/^[a-z][a-z\d+.-]*:/iu.test(link)) continue; // https:, mailto:
        const [target = "", anchor] = link.split("#");
        const targetFile = target ? path.resolve(path.dirname(path.join(root, file)), decodeURIComponent(target)) : path.join(root, file);
        if (!targetFile.startsWith(`${root}${path.sep}`) || !existsSync(targetFile)) {
          broken.push(`${link}: no such file in the repository`);
          continue;
        }
        if (anchor && !anchorsOf(readFileSync(targetFile, "utf8")).has(decodeURIComponent(anchor))) {
          broken.push(`${link}: no heading with that anchor`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
