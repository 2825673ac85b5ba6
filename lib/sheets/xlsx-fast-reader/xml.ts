/** The fast reader's hand-written XML scanner: no DOM, no SAX library. */
import { isAscii } from "node:buffer";
import { columnOf } from "./cells";
import { XlsxPartError } from "./errors";
import { SCAN_BYTES } from "./zip";

// ---------------------------------------------------------------------------
// XML scanning

export const enum Token {
  Open,
  Close,
  Text,
  End,
  /** The text so far ends inside a token: fill() before asking again. */
  More,
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQUALS = 61;
const QUOTE = 34;
const APOSTROPHE = 39;
const AMPERSAND = 38;
const CR = 13;
const LF = 10;
const TAB = 9;
const SPACE = 32;
const LEFT_BRACKET = 91;
const RIGHT_BRACKET = 93;

const isSpace = (c: number) => c === SPACE || c === LF || c === CR || c === TAB;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };

/**
 * Walks one XML part tag by tag, giving what a non-namespace-aware SAX parser
 * (saxes, as exceljs and the streaming reader use it) reports: open tags (a
 * self-closing one as open then close), close tags and text with entities and
 * line ends decoded. Comments, processing instructions, the doctype and CDATA
 * are skipped, as those readers listen for none of them. Names, attributes and
 * text are sliced out only when asked for.
 */
export class XmlScanner {
  /** The element just opened or closed. */
  name = "";
  private xml: string;
  /** Whether xml holds the rest of the part. */
  private final: boolean;
  private readonly pieces?: AsyncIterator<Buffer>;
  /** The piece being decoded, and how far. */
  private piece?: Buffer;
  private pieceAt = 0;
  /** Where xml begins in piece when it is the piece's bytes read as Latin-1 (below 0: it begins with the last piece's). */
  private xmlStart?: number;
  /** Set once a piece is not plain ASCII: the rest of the part is decoded as UTF-8, a character split between pieces kept whole. */
  private decoder?: TextDecoder;
  private pos = 0;
  private textStart = 0;
  private textEnd = 0;
  private closePending = false;
  private readonly openNames: string[] = [];
  private attrCount = 0;
  /** Per attribute of the open tag: name start, name end, value start, value end. */
  private attrs = new Int32Array(64);

  constructor(
    readonly part: string,
    text: string | AsyncIterable<Buffer>,
  ) {
    if (typeof text === "string") {
      this.xml = text;
      this.final = true;
    } else {
      this.xml = "";
      this.final = false;
      this.pieces = text[Symbol.asyncIterator]();
    }
  }

  /** Reads the next piece of the part, letting go of what has been scanned. */
  async fill(): Promise<void> {
    const consumed = this.pos;
    const rest = this.xml.slice(consumed);
    this.pos = 0;
    if (!this.piece || this.pieceAt >= this.piece.length) {
      const next = this.pieces ? await this.pieces.next() : undefined;
      this.piece = next?.done === false ? next.value : undefined;
      this.pieceAt = 0;
      this.xmlStart = undefined;
    }
    const piece = this.piece;
    if (!piece) {
      this.xml = rest + (this.decoder?.decode() ?? "");
      this.final = true;
      return;
    }
    const start = this.pieceAt;
    const end = Math.min(start + SCAN_BYTES, piece.length);
    this.pieceAt = end;
    const bytes = piece.subarray(start, end);
    if (!this.decoder && isAscii(bytes)) {
      // Latin-1 reads plain ASCII (all a worksheet of shared-string indexes holds) far faster than UTF-8. The text
      // left over is read again from the piece where it lies there: a string read whole is flat, and a flat string
      // reads faster than two joined.
      const from = this.xmlStart === undefined ? -1 : this.xmlStart + consumed;
      if (from >= 0) {
        this.xml = piece.toString("latin1", from, end);
        this.xmlStart = from;
      } else {
        this.xml = (rest ? Buffer.concat([Buffer.from(rest, "latin1"), bytes]) : bytes).toString("latin1");
        this.xmlStart = start - rest.length;
      }
    } else {
      // TextDecoder also drops a byte-order mark, as the streaming reader's does.
      this.decoder ??= new TextDecoder("utf-8");
      this.xml = rest + this.decoder.decode(bytes, { stream: true });
      this.xmlStart = undefined;
    }
  }

  /** Lets go of a part read in pieces before its end (its inflation stops). */
  async close(): Promise<void> {
    await this.pieces?.return?.();
  }

  /** The part ends inside a token: more text is needed, or, at the end, the XML is cut short. */
  private more(what: string): Token {
    if (this.final) throw this.error(`${what}没有结束`);
    return Token.More;
  }

  next(): Token {
    if (this.closePending) {
      this.closePending = false;
      return Token.Close;
    }
    const xml = this.xml;
    for (;;) {
      const pos = this.pos;
      if (pos >= xml.length) {
        if (!this.final) return Token.More;
        const unclosed = this.openNames.at(-1);
        if (unclosed !== undefined) throw this.error(`<${unclosed}> 没有结束`);
        return Token.End;
      }
      if (xml.charCodeAt(pos) !== LT) {
        let lt = xml.indexOf("<", pos);
        if (lt < 0) {
          // Text may go on in the next piece.
          if (!this.final) return Token.More;
          lt = xml.length;
        }
        this.pos = lt;
        if (this.openNames.length === 0) continue; // outside the root
        this.textStart = pos;
        this.textEnd = lt;
        return Token.Text;
      }
      // Long enough to tell a comment or CDATA from a doctype.
      if (pos + 9 > xml.length && !this.final) return Token.More;
      const c = xml.charCodeAt(pos + 1);
      if (c === SLASH) return this.closeTag(pos);
      // <v>, <t>, <f>: one letter, no attributes, met in nearly every cell.
      if (xml.charCodeAt(pos + 2) === GT && c !== QUESTION && c !== BANG && c !== GT && c !== LT && !isSpace(c)) {
        const name = xml.charAt(pos + 1);
        this.name = name;
        this.attrCount = 0;
        this.pos = pos + 3;
        this.openNames.push(name);
        return Token.Open;
      }
      let end: number;
      if (c === QUESTION) end = this.skipPast("?>", pos + 2);
      else if (c === BANG) {
        if (xml.startsWith("<!--", pos)) end = this.skipPast("-->", pos + 4);
        else if (xml.startsWith("<![CDATA[", pos)) end = this.skipPast("]]>", pos + 9);
        else end = this.skipDoctype(pos + 2);
      } else return this.openTag(pos);
      if (end < 0) return this.more("注释或声明");
      this.pos = end;
    }
  }

  /** The text just reported, decoded. */
  text(): string {
    return this.decode(this.textStart, this.textEnd, false);
  }

  /** An attribute of the tag just opened, decoded. */
  attr(name: string): string | undefined {
    const k = this.attrIndex(name);
    return k < 0 ? undefined : this.decode(this.attrs[k + 2]!, this.attrs[k + 3]!, true);
  }

  /** An attribute in some namespace, by its local name, whatever the prefix (`r:id`, `ns2:id`). */
  prefixedAttr(local: string): string | undefined {
    const attrs = this.attrs;
    for (let k = 0; k < this.attrCount * 4; k += 4) {
      const start = attrs[k]!;
      const end = attrs[k + 1]!;
      const colon = this.xml.lastIndexOf(":", end - 1);
      if (colon > start && colon < end && end - colon - 1 === local.length && this.xml.startsWith(local, colon + 1) && !this.xml.startsWith("xmlns", start)) {
        return this.decode(attrs[k + 2]!, attrs[k + 3]!, true);
      }
    }
    return undefined;
  }

  /** Where an attribute of the tag just opened is listed, or -1. */
  private attrIndex(name: string): number {
    const attrs = this.attrs;
    const length = name.length;
    // A cell's r, s and t: one character, compared without startsWith.
    const first = name.charCodeAt(0);
    for (let k = 0; k < this.attrCount * 4; k += 4) {
      const start = attrs[k]!;
      if (attrs[k + 1]! - start === length && this.xml.charCodeAt(start) === first && (length === 1 || this.xml.startsWith(name, start))) return k;
    }
    return -1;
  }

  /** An attribute read as parseInt(value, 10) reads it, without slicing the usual run of digits out. */
  intAttr(name: string): number | undefined {
    const k = this.attrIndex(name);
    if (k < 0) return undefined;
    const start = this.attrs[k + 2]!;
    const end = this.attrs[k + 3]!;
    let n = 0;
    for (let i = start; i < end; i++) {
      const c = this.xml.charCodeAt(i) - 48;
      if (c < 0 || c > 9 || end - start > 9) return parseInt(this.decode(start, end, true), 10);
      n = n * 10 + c;
    }
    return end > start ? n : NaN;
  }

  /** The column number of a cell reference attribute, as columnOf reads it; 0 when absent or without letters. */
  columnAttr(name: string): number {
    const k = this.attrIndex(name);
    if (k < 0) return 0;
    const start = this.attrs[k + 2]!;
    const end = this.attrs[k + 3]!;
    let col = 0;
    for (let i = start; i < end; i++) {
      const c = this.xml.charCodeAt(i);
      if (c >= 65 && c <= 90) col = col * 26 + c - 64;
      else if (c === AMPERSAND) return columnOf(this.decode(start, end, true)) ?? 0;
      else if (c !== 36) break;
    }
    return col;
  }

  private openTag(pos: number): Token {
    const xml = this.xml;
    let i = pos + 1;
    let c = xml.charCodeAt(i);
    while (c !== GT && c !== SLASH && !isSpace(c) && i < xml.length) c = xml.charCodeAt(++i);
    if (i >= xml.length) return this.more("标签");
    if (i === pos + 1) throw this.error("标签缺少名称");
    // A one-character name is V8's cached string; "row" is the only other name met on every row.
    const qualified = i === pos + 2 ? xml.charAt(pos + 1) : i === pos + 4 && xml.startsWith("row", pos + 1) ? "row" : xml.slice(pos + 1, i);
    // Tencent Docs and .NET generators write <x:worksheet>, <x:c>: the reader goes by local names.
    const name = localName(qualified);
    let n = 0;
    let selfClosing = false;
    for (;;) {
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (i >= xml.length || (c === SLASH && i + 1 >= xml.length)) return this.more(`<${name}>`);
      if (c === GT) {
        i++;
        break;
      }
      if (c === SLASH && xml.charCodeAt(i + 1) === GT) {
        i += 2;
        selfClosing = true;
        break;
      }
      const nameStart = i;
      while (c !== EQUALS && c !== GT && c !== SLASH && !isSpace(c) && i < xml.length) c = xml.charCodeAt(++i);
      const nameEnd = i;
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (i >= xml.length) return this.more(`<${name}>`);
      if (c !== EQUALS || nameEnd === nameStart) throw this.error(`<${name}> 的属性格式有误`);
      c = xml.charCodeAt(++i);
      while (isSpace(c)) c = xml.charCodeAt(++i);
      if (i >= xml.length) return this.more(`<${name}>`);
      if (c !== QUOTE && c !== APOSTROPHE) throw this.error(`<${name}> 的属性值缺少引号`);
      const close = xml.indexOf(c === QUOTE ? '"' : "'", i + 1);
      if (close < 0) return this.more(`<${name}>`);
      if (n * 4 + 4 > this.attrs.length) {
        const grown = new Int32Array(this.attrs.length * 2);
        grown.set(this.attrs);
        this.attrs = grown;
      }
      this.attrs[n * 4] = nameStart;
      this.attrs[n * 4 + 1] = nameEnd;
      this.attrs[n * 4 + 2] = i + 1;
      this.attrs[n * 4 + 3] = close;
      n++;
      i = close + 1;
      c = xml.charCodeAt(i);
    }
    this.name = name;
    this.attrCount = n;
    this.pos = i;
    if (selfClosing) this.closePending = true;
    else this.openNames.push(qualified);
    return Token.Open;
  }

  private closeTag(pos: number): Token {
    const xml = this.xml;
    // </v>, </c>: closing the one-letter element open.
    if (xml.charCodeAt(pos + 3) === GT) {
      const open = this.openNames[this.openNames.length - 1];
      if (open?.length === 1 && open.charCodeAt(0) === xml.charCodeAt(pos + 2)) {
        this.openNames.pop();
        this.name = open;
        this.pos = pos + 4;
        return Token.Close;
      }
    }
    const gt = xml.indexOf(">", pos + 2);
    if (gt < 0) return this.more("结束标签");
    let end = gt;
    while (end > pos + 2 && isSpace(xml.charCodeAt(end - 1))) end--;
    const open = this.openNames.pop();
    if (open === undefined || end - pos - 2 !== open.length || !xml.startsWith(open, pos + 2)) {
      throw this.error(`意外的结束标签 </${xml.slice(pos + 2, end)}>`);
    }
    this.name = localName(open);
    this.pos = gt + 1;
    return Token.Close;
  }

  /** Where the marker ends, or -1 when the text so far does not hold it. */
  private skipPast(marker: string, from: number): number {
    const at = this.xml.indexOf(marker, from);
    return at < 0 ? -1 : at + marker.length;
  }

  /** Past a <!DOCTYPE …> and any internal subset in brackets. */
  private skipDoctype(from: number): number {
    let depth = 0;
    for (let i = from; i < this.xml.length; i++) {
      const c = this.xml.charCodeAt(i);
      if (c === LEFT_BRACKET) depth++;
      else if (c === RIGHT_BRACKET) depth--;
      else if (c === GT && depth <= 0) return i + 1;
    }
    return -1;
  }

  private decode(start: number, end: number, inAttribute: boolean): string {
    const xml = this.xml;
    for (let i = start; i < end; i++) {
      const c = xml.charCodeAt(i);
      if (c === AMPERSAND || c === CR || c === LT || (inAttribute && (c === LF || c === TAB))) return this.decodeFrom(start, i, end, inAttribute);
    }
    return xml.slice(start, end);
  }

  /** As saxes decodes: entities resolved, CR LF and CR read as LF, and in an attribute each line end or tab read as a space. */
  private decodeFrom(start: number, first: number, end: number, inAttribute: boolean): string {
    const xml = this.xml;
    let out = xml.slice(start, first);
    let from = first;
    for (let i = first; i < end; i++) {
      const c = xml.charCodeAt(i);
      if (c === AMPERSAND) {
        const semi = xml.indexOf(";", i + 1);
        if (semi < 0 || semi >= end) throw this.error("实体没有以 ; 结束");
        out += xml.slice(from, i) + this.entity(xml.slice(i + 1, semi));
        i = semi;
        from = semi + 1;
      } else if (c === CR) {
        out += xml.slice(from, i) + (inAttribute ? " " : "\n");
        if (xml.charCodeAt(i + 1) === LF && i + 1 < end) i++;
        from = i + 1;
      } else if (inAttribute && (c === LF || c === TAB)) {
        out += `${xml.slice(from, i)} `;
        from = i + 1;
      } else if (c === LT) {
        throw this.error("属性值中不能有 <");
      }
    }
    return out + xml.slice(from, end);
  }

  private entity(name: string): string {
    const known = ENTITIES[name];
    if (known !== undefined) return known;
    let code = NaN;
    if (/^#x[0-9a-f]+$/iu.test(name)) code = parseInt(name.slice(2), 16);
    else if (/^#[0-9]+$/u.test(name)) code = parseInt(name.slice(1), 10);
    const isChar =
      code === TAB ||
      code === LF ||
      code === CR ||
      (code >= SPACE && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!isChar) throw this.error(`无法识别的实体 &${name};`);
    return String.fromCodePoint(code);
  }

  private error(message: string): Error {
    return new XlsxPartError(this.part, `XML 格式错误（${message}，位置 ${this.pos}）`);
  }
}

/** `x:worksheet` → `worksheet`. */
function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}
