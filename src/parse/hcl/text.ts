/** A syntax error: thrown inside the parser, turned into an `HclError` at its entry point. */
export class HclSyntaxFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
    /** hclsyntax reports this one and parses on as if nothing happened (no error recovery). */
    readonly soft = false,
    /** The token hclsyntax's error recovery starts from (-1: the token at `offset`). */
    readonly resumeToken = -1,
    /** The innermost open bracket is closed by the error itself (an unbalanced parenthesis). */
    readonly closesInnermost = false,
  ) {
    super(message);
  }
}

const ID_START = /\p{ID_Start}/u;
const ID_CONTINUE = /\p{ID_Continue}/u;

/** Non-ASCII identifier characters (the ASCII ones are tested inline by the lexer). */
export function isIdStart(cp: number): boolean {
  return ID_START.test(String.fromCodePoint(cp));
}

export function isIdContinue(cp: number): boolean {
  return ID_CONTINUE.test(String.fromCodePoint(cp));
}

/** Go's `unicode.IsSpace`, which hclsyntax uses for heredoc markers, `~` stripping and `<<-` dedent. */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

export function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i === 0 ? s : s.slice(i);
}

export function trimRightSpace(s: string): string {
  let i = s.length;
  while (i > 0 && isSpace(s.charCodeAt(i - 1))) i--;
  return i === s.length ? s : s.slice(0, i);
}

function hexDigits(text: string, from: number, end: number, max: number): number {
  let n = 0;
  while (n < max && from + n < end) {
    const c = text.charCodeAt(from + n);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) n++;
    else break;
  }
  return n;
}

/** The value of quoted-string literal text `[start, end)`: backslash escapes and `$${`/`%%{` applied. */
export function decodeQuoted(text: string, start: number, end: number): string {
  let out = "";
  let run = start;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      out += text.slice(run, i);
      const d = text.charCodeAt(i + 1);
      switch (d) {
        case 110:
          out += "\n";
          i += 2;
          break;
        case 114:
          out += "\r";
          i += 2;
          break;
        case 116:
          out += "\t";
          i += 2;
          break;
        case 34:
          out += '"';
          i += 2;
          break;
        case 92:
          out += "\\";
          i += 2;
          break;
        case 117:
        case 85: {
          const want = d === 117 ? 4 : 8;
          if (hexDigits(text, i + 2, end, want) !== want) {
            throw new HclSyntaxFailure(i, `invalid escape sequence: \\${d === 117 ? "u" : "U"} needs ${want} hexadecimal digits`, true);
          }
          const cp = parseInt(text.slice(i + 2, i + 2 + want), 16);
          if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) throw new HclSyntaxFailure(i, `invalid escape sequence: U+${cp.toString(16).toUpperCase()} is not a character`, true);
          out += String.fromCodePoint(cp);
          i += 2 + want;
          break;
        }
        default: {
          const cp = text.codePointAt(i + 1) ?? 0;
          throw new HclSyntaxFailure(i, `invalid escape sequence "\\${String.fromCodePoint(cp)}"`, true);
        }
      }
      run = i;
    } else if ((c === 36 || c === 37) && i + 2 < end && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 123) {
      out += text.slice(run, i + 1) + "{";
      i += 3;
      run = i;
    } else i++;
  }
  return run === start ? text.slice(start, end) : out + text.slice(run, end);
}

/** The value of heredoc literal text: only `$${` and `%%{` are escapes there. */
export function decodeHeredoc(text: string, start: number, end: number): string {
  let out = "";
  let run = start;
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if ((c === 36 || c === 37) && i + 2 < end && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === 123) {
      out += text.slice(run, i + 1) + "{";
      i += 3;
      run = i;
    } else i++;
  }
  return run === start ? text.slice(start, end) : out + text.slice(run, end);
}
