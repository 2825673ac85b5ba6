/**
 * Just enough of a formula engine to tell a formula from text: literals,
 * arithmetic, `&` and comparisons. Any name (a function, a cell reference)
 * gives `#NAME?`; the emulator never pretends to compute what it cannot.
 */
import type { CellValue } from "./cell-values";

type Token = { kind: "number"; value: number } | { kind: "string"; value: string } | { kind: "name"; value: string } | { kind: "op"; value: string };

class FormulaError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: "number", value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    if (rest.startsWith('"')) {
      let value = "";
      let j = 1;
      for (; j < rest.length; j++) {
        if (rest[j] === '"') {
          if (rest[j + 1] === '"') {
            value += '"';
            j++;
            continue;
          }
          break;
        }
        value += rest[j];
      }
      if (j >= rest.length) throw new FormulaError("#ERROR!");
      tokens.push({ kind: "string", value });
      i += j + 1;
      continue;
    }
    const op = /^(<=|>=|<>|[-+*/^&=<>()%,])/.exec(rest);
    if (op) {
      tokens.push({ kind: "op", value: op[0] });
      i += op[0].length;
      continue;
    }
    const name = /^[$A-Za-z_\u00C0-\uFFFF'][$\w.!:'\u00C0-\uFFFF]*/.exec(rest);
    if (name) {
      tokens.push({ kind: "name", value: name[0] });
      i += name[0].length;
      continue;
    }
    throw new FormulaError("#ERROR!");
  }
  return tokens;
}

type Scalar = number | string | boolean;

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Scalar {
    const value = this.comparison();
    if (this.at < this.tokens.length) throw new FormulaError("#ERROR!");
    return value;
  }

  private peekOp(...ops: string[]): string | undefined {
    const token = this.tokens[this.at];
    return token?.kind === "op" && ops.includes(token.value) ? token.value : undefined;
  }

  private comparison(): Scalar {
    let left = this.concatenation();
    for (let op = this.peekOp("=", "<>", "<", ">", "<=", ">="); op; op = this.peekOp("=", "<>", "<", ">", "<=", ">=")) {
      this.at++;
      const right = this.concatenation();
      const order = compareScalars(left, right);
      left = { "=": order === 0, "<>": order !== 0, "<": order < 0, ">": order > 0, "<=": order <= 0, ">=": order >= 0 }[op] ?? false;
    }
    return left;
  }

  private concatenation(): Scalar {
    let left = this.additive();
    while (this.peekOp("&")) {
      this.at++;
      left = asText(left) + asText(this.additive());
    }
    return left;
  }

  private additive(): Scalar {
    let left = this.multiplicative();
    for (let op = this.peekOp("+", "-"); op; op = this.peekOp("+", "-")) {
      this.at++;
      const right = asNumber(this.multiplicative());
      left = op === "+" ? asNumber(left) + right : asNumber(left) - right;
    }
    return left;
  }

  private multiplicative(): Scalar {
    let left = this.power();
    for (let op = this.peekOp("*", "/"); op; op = this.peekOp("*", "/")) {
      this.at++;
      const right = asNumber(this.power());
      if (op === "/" && right === 0) throw new FormulaError("#DIV/0!");
      left = op === "*" ? asNumber(left) * right : asNumber(left) / right;
    }
    return left;
  }

  private power(): Scalar {
    let left = this.unary();
    while (this.peekOp("^")) {
      this.at++;
      left = asNumber(left) ** asNumber(this.unary());
    }
    return left;
  }

  private unary(): Scalar {
    const op = this.peekOp("+", "-");
    if (op) {
      this.at++;
      const value = asNumber(this.unary());
      return op === "-" ? -value : value;
    }
    let value = this.primary();
    while (this.peekOp("%")) {
      this.at++;
      value = asNumber(value) / 100;
    }
    return value;
  }

  private primary(): Scalar {
    const token = this.tokens[this.at++];
    if (!token) throw new FormulaError("#ERROR!");
    if (token.kind === "number" || token.kind === "string") return token.value;
    if (token.kind === "name") {
      const upper = token.value.toUpperCase();
      if (upper === "TRUE" || upper === "FALSE") return upper === "TRUE";
      throw new FormulaError("#NAME?");
    }
    if (token.value === "(") {
      const value = this.comparison();
      if (!this.peekOp(")")) throw new FormulaError("#ERROR!");
      this.at++;
      return value;
    }
    throw new FormulaError("#ERROR!");
  }
}

function asNumber(value: Scalar): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  throw new FormulaError("#VALUE!");
}

function asText(value: Scalar): string {
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase().localeCompare(b.toLowerCase());
  const rank = (v: Scalar) => (typeof v === "number" ? 0 : typeof v === "string" ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  return Number(a) - Number(b);
}

const HYPERLINK = /^\s*HYPERLINK\s*\(\s*"((?:[^"]|"")*)"\s*(?:[,;]\s*"((?:[^"]|"")*)"\s*)?\)\s*$/iu;

/** `HYPERLINK("url", "label")` with literal text: its address and label (the only function computed here). */
export function hyperlinkFormula(expression: string): { url: string; label?: string } | undefined {
  const m = HYPERLINK.exec(expression.replace(/^=/u, ""));
  if (m?.[1] === undefined) return undefined;
  const url = m[1].replace(/""/gu, '"');
  return m[2] === undefined ? { url } : { url, label: m[2].replace(/""/gu, '"') };
}

/** The result of a formula (text after `=`), or the error Sheets would show. */
export function evaluateFormula(expression: string): CellValue {
  const link = hyperlinkFormula(expression);
  if (link) return { kind: "string", value: link.label ?? link.url };
  try {
    // Names are checked first: `=IMPORTDATA("x")` is #NAME? here, never #ERROR!.
    const tokens = tokenize(expression);
    if (tokens.some((t) => t.kind === "name" && !/^(TRUE|FALSE)$/i.test(t.value))) return { kind: "error", value: "#NAME?" };
    const value = new Parser(tokens).parse();
    if (typeof value === "number") {
      return Number.isFinite(value) ? { kind: "number", value } : { kind: "error", value: "#NUM!" };
    }
    if (typeof value === "boolean") return { kind: "boolean", value };
    return { kind: "string", value };
  } catch (error) {
    if (error instanceof FormulaError) return { kind: "error", value: error.code };
    throw error;
  }
}
