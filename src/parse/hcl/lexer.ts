import type { Comment, HclError } from "./ast.js";
import { isIdContinue, isIdStart, isSpace } from "./text.js";

// Token kinds. They mirror hclsyntax's scanner so that the parser can follow its grammar (and its
// error positions) token for token. Characters hclsyntax only scans to reject are not tokens here:
// the lexer stops at the first one, as hclsyntax reports them before any parse error.
export const EOF = 0;
export const NEWLINE = 1;
export const IDENT = 2;
export const NUMBER = 3;
export const OBRACE = 4;
export const CBRACE = 5;
export const OBRACK = 6;
export const CBRACK = 7;
export const OPAREN = 8;
export const CPAREN = 9;
export const OQUOTE = 10;
export const CQUOTE = 11;
export const OHEREDOC = 12;
export const CHEREDOC = 13;
export const STAR = 14;
export const SLASH = 15;
export const PLUS = 16;
export const MINUS = 17;
export const PERCENT = 18;
export const EQUAL = 19;
export const EQUALOP = 20;
export const NOTEQUAL = 21;
export const LT = 22;
export const LE = 23;
export const GT = 24;
export const GE = 25;
export const AND = 26;
export const OR = 27;
export const BANG = 28;
export const DOT = 29;
export const COMMA = 30;
export const DOUBLECOLON = 31;
export const ELLIPSIS = 32;
export const FATARROW = 33;
export const QUESTION = 34;
export const COLON = 35;
/** `${` or `${~` */
export const TINTERP = 36;
/** `%{` or `%{~` */
export const TCONTROL = 37;
/** `}` or `~}` closing a template sequence */
export const TSEQEND = 38;
/** Literal text of a quoted string: escapes still to be decoded. */
export const QLIT = 39;
/** Literal text of a heredoc, one line at most (the newline included). */
export const HLIT = 40;

export interface Tokens {
  count: number;
  type: Uint8Array;
  start: Int32Array;
  end: Int32Array;
}

export interface LexResult {
  tokens: Tokens;
  comments: Comment[];
  error: HclError | undefined;
}

const MAIN = 0;
const STRING = 1;
const HEREDOC = 2;

// Reused between calls: parsing is synchronous and the parser drops the tokens when it returns.
// Inputs too large for them get their own, so that one huge file does not stay in memory.
let shared: Tokens = { count: 0, type: new Uint8Array(0), start: new Int32Array(0), end: new Int32Array(0) };
const MAX_SHARED = 1 << 20;

function buffers(size: number): Tokens {
  if (size > MAX_SHARED) return { count: 0, type: new Uint8Array(size), start: new Int32Array(size), end: new Int32Array(size) };
  if (shared.type.length < size) {
    const cap = Math.min(MAX_SHARED, Math.max(size, shared.type.length * 2, 256));
    shared = { count: 0, type: new Uint8Array(cap), start: new Int32Array(cap), end: new Int32Array(cap) };
  }
  shared.count = 0;
  return shared;
}

interface Heredoc {
  marker: string;
  /** The next literal starts a line, so it may be the closing marker. */
  atLineStart: boolean;
}

/** Tokenizes a whole file; every token but EOF covers at least one character, so `n + 2` slots suffice. */
export function lex(text: string): LexResult {
  const n = text.length;
  const tokens = buffers(n + 2);
  const { type, start, end } = tokens;
  let count = 0;
  const comments: Comment[] = [];

  const emit = (t: number, s: number, e: number): void => {
    type[count] = t;
    start[count] = s;
    end[count] = e;
    count++;
  };
  const failAt = (offset: number, message: string): LexResult => {
    tokens.count = count;
    return { tokens, comments, error: { offset, message } };
  };

  let mode = MAIN;
  const modes: number[] = [];
  let braces = 0;
  const returnBraces: number[] = [];
  const heredocs: Heredoc[] = [];
  const enterSequence = (): void => {
    braces++;
    returnBraces.push(braces);
    modes.push(mode);
    mode = MAIN;
  };

  let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (p < n) {
    const c = text.charCodeAt(p);

    if (mode === STRING) {
      if (c === 34) {
        emit(CQUOTE, p, p + 1);
        p++;
        mode = modes.pop() ?? MAIN;
        continue;
      }
      if ((c === 36 || c === 37) && text.charCodeAt(p + 1) === 123) {
        const e = text.charCodeAt(p + 2) === 126 ? p + 3 : p + 2;
        emit(c === 36 ? TINTERP : TCONTROL, p, e);
        p = e;
        enterSequence();
        continue;
      }
      if (c === 10 || c === 13) return failAt(p, "unterminated string: a quoted string cannot span lines (use \\n or a heredoc)");
      let q = p;
      scan: while (q < n) {
        const d = text.charCodeAt(q);
        switch (d) {
          case 34:
          case 10:
          case 13:
            break scan;
          case 92: {
            const e = text.charCodeAt(q + 1);
            if (q + 1 >= n || e === 10 || e === 13) return failAt(q, "a backslash must be followed by an escape character");
            q += 2;
            break;
          }
          case 36:
          case 37: {
            const e = text.charCodeAt(q + 1);
            if (e === 123) break scan;
            // `$${` and `%%{` are escapes: skip them whole so their second half never opens a sequence.
            q += e === d && text.charCodeAt(q + 2) === 123 ? 3 : 1;
            break;
          }
          default:
            q++;
        }
      }
      emit(QLIT, p, q);
      p = q;
      continue;
    }

    if (mode === HEREDOC) {
      const doc = heredocs[heredocs.length - 1];
      if (!doc) return failAt(p, "internal lexer error");
      if (doc.atLineStart) {
        const lineEnd = text.indexOf("\n", p);
        if (lineEnd >= 0 && isMarkerLine(text, p, lineEnd, doc.marker)) {
          const contentEnd = text.charCodeAt(lineEnd - 1) === 13 && lineEnd - 1 >= p ? lineEnd - 1 : lineEnd;
          emit(CHEREDOC, p, contentEnd);
          emit(NEWLINE, contentEnd, lineEnd + 1);
          heredocs.pop();
          mode = modes.pop() ?? MAIN;
          p = lineEnd + 1;
          continue;
        }
      }
      if ((c === 36 || c === 37) && text.charCodeAt(p + 1) === 123) {
        const e = text.charCodeAt(p + 2) === 126 ? p + 3 : p + 2;
        emit(c === 36 ? TINTERP : TCONTROL, p, e);
        p = e;
        doc.atLineStart = false;
        enterSequence();
        continue;
      }
      let q = p;
      let lineDone = false;
      while (q < n) {
        const d = text.charCodeAt(q);
        if (d === 10) {
          q++;
          lineDone = true;
          break;
        }
        if (d === 13) {
          if (text.charCodeAt(q + 1) !== 10) return failAt(q, "invalid character: carriage return without a newline");
          q += 2;
          lineDone = true;
          break;
        }
        if (d === 36 || d === 37) {
          const e = text.charCodeAt(q + 1);
          if (e === 123) break;
          q += e === d && text.charCodeAt(q + 2) === 123 ? 3 : 1;
          continue;
        }
        q++;
      }
      doc.atLineStart = lineDone;
      emit(HLIT, p, q);
      p = q;
      continue;
    }

    // MAIN
    switch (c) {
      case 32:
      case 9:
        p++;
        continue;
      case 10:
        emit(NEWLINE, p, p + 1);
        p++;
        continue;
      case 13:
        if (text.charCodeAt(p + 1) !== 10) return failAt(p, "invalid character: carriage return without a newline");
        emit(NEWLINE, p, p + 2);
        p += 2;
        continue;
      case 35: // #
        p = lineComment(text, p, 1, comments, emit);
        continue;
      case 47: {
        // /
        const d = text.charCodeAt(p + 1);
        if (d === 47) {
          p = lineComment(text, p, 2, comments, emit);
          continue;
        }
        if (d === 42) {
          const close = text.indexOf("*/", p + 2);
          if (close >= 0) {
            comments.push({ start: p, end: close + 2, text: text.slice(p + 2, close), style: "/*" });
            p = close + 2;
            continue;
          }
          // hclsyntax's scanner backs off to a lone "/" when a block comment never closes.
        }
        emit(SLASH, p, p + 1);
        p++;
        continue;
      }
      case 34:
        emit(OQUOTE, p, p + 1);
        p++;
        modes.push(mode);
        mode = STRING;
        continue;
      case 123:
        emit(OBRACE, p, p + 1);
        braces++;
        p++;
        continue;
      case 125:
        if (returnBraces.length > 0 && returnBraces[returnBraces.length - 1] === braces) {
          emit(TSEQEND, p, p + 1);
          returnBraces.pop();
          mode = modes.pop() ?? MAIN;
        } else emit(CBRACE, p, p + 1);
        braces--;
        p++;
        continue;
      case 126: // ~
        if (text.charCodeAt(p + 1) !== 125) return failAt(p, 'unsupported operator "~"');
        // Like hclsyntax, "~}" always ends a sequence token, even when it balances a plain brace.
        emit(TSEQEND, p, p + 2);
        if (returnBraces.length > 0 && returnBraces[returnBraces.length - 1] === braces) {
          returnBraces.pop();
          mode = modes.pop() ?? MAIN;
        }
        braces--;
        p += 2;
        continue;
      case 91:
        emit(OBRACK, p, p + 1);
        p++;
        continue;
      case 93:
        emit(CBRACK, p, p + 1);
        p++;
        continue;
      case 40:
        emit(OPAREN, p, p + 1);
        p++;
        continue;
      case 41:
        emit(CPAREN, p, p + 1);
        p++;
        continue;
      case 44:
        emit(COMMA, p, p + 1);
        p++;
        continue;
      case 42:
        emit(STAR, p, p + 1);
        p++;
        continue;
      case 37:
        emit(PERCENT, p, p + 1);
        p++;
        continue;
      case 43:
        emit(PLUS, p, p + 1);
        p++;
        continue;
      case 45:
        emit(MINUS, p, p + 1);
        p++;
        continue;
      case 63:
        emit(QUESTION, p, p + 1);
        p++;
        continue;
      case 61: {
        const d = text.charCodeAt(p + 1);
        if (d === 61 || d === 62) {
          emit(d === 61 ? EQUALOP : FATARROW, p, p + 2);
          p += 2;
        } else {
          emit(EQUAL, p, p + 1);
          p++;
        }
        continue;
      }
      case 33:
        if (text.charCodeAt(p + 1) === 61) {
          emit(NOTEQUAL, p, p + 2);
          p += 2;
        } else {
          emit(BANG, p, p + 1);
          p++;
        }
        continue;
      case 60: {
        const d = text.charCodeAt(p + 1);
        if (d === 60) {
          const opened = heredocOpener(text, p);
          if (opened) {
            emit(OHEREDOC, p, opened.end);
            heredocs.push({ marker: opened.marker, atLineStart: true });
            modes.push(mode);
            mode = HEREDOC;
            p = opened.end;
            continue;
          }
        }
        if (d === 61) {
          emit(LE, p, p + 2);
          p += 2;
        } else {
          emit(LT, p, p + 1);
          p++;
        }
        continue;
      }
      case 62:
        if (text.charCodeAt(p + 1) === 61) {
          emit(GE, p, p + 2);
          p += 2;
        } else {
          emit(GT, p, p + 1);
          p++;
        }
        continue;
      case 38:
        if (text.charCodeAt(p + 1) !== 38) return failAt(p, 'unsupported operator "&" (did you mean "&&"?)');
        emit(AND, p, p + 2);
        p += 2;
        continue;
      case 124:
        if (text.charCodeAt(p + 1) !== 124) return failAt(p, 'unsupported operator "|" (did you mean "||"?)');
        emit(OR, p, p + 2);
        p += 2;
        continue;
      case 58:
        if (text.charCodeAt(p + 1) === 58) {
          emit(DOUBLECOLON, p, p + 2);
          p += 2;
        } else {
          emit(COLON, p, p + 1);
          p++;
        }
        continue;
      case 46:
        if (text.charCodeAt(p + 1) === 46 && text.charCodeAt(p + 2) === 46) {
          emit(ELLIPSIS, p, p + 3);
          p += 3;
        } else {
          emit(DOT, p, p + 1);
          p++;
        }
        continue;
      case 39:
        return failAt(p, "single quotes are not valid; use double quotes for strings");
      case 96:
        return failAt(p, 'invalid character "`"; use a heredoc for multi-line strings');
      case 59:
        return failAt(p, 'invalid character ";"; separate arguments with newlines');
      case 94:
        return failAt(p, 'unsupported operator "^"');
    }
    if (c >= 48 && c <= 57) {
      const e = numberEnd(text, p);
      emit(NUMBER, p, e);
      p = e;
      continue;
    }
    const e = identEnd(text, p);
    if (e > p) {
      emit(IDENT, p, e);
      p = e;
      continue;
    }
    return failAt(p, c === 0x201c || c === 0x201d ? "curly quotes are not valid; use straight double quotes" : "invalid character");
  }
  emit(EOF, n, n);
  tokens.count = count;
  return { tokens, comments, error: undefined };
}

/** A `#` or `//` comment; one that ends a line stands for that newline, as in hclsyntax. */
function lineComment(text: string, p: number, markerLength: number, comments: Comment[], emit: (t: number, s: number, e: number) => void): number {
  const lineEnd = text.indexOf("\n", p);
  const style = markerLength === 1 ? "#" : "//";
  if (lineEnd < 0) {
    comments.push({ start: p, end: text.length, text: text.slice(p + markerLength), style });
    return text.length;
  }
  const contentEnd = text.charCodeAt(lineEnd - 1) === 13 && lineEnd - 1 >= p + markerLength ? lineEnd - 1 : lineEnd;
  comments.push({ start: p, end: contentEnd, text: text.slice(p + markerLength, contentEnd), style });
  emit(NEWLINE, p, lineEnd + 1);
  return lineEnd + 1;
}

/** A number literal runs over digits, dots and exponents, but never ends on a dot. */
function numberEnd(text: string, p: number): number {
  let q = p + 1;
  let good = q;
  for (;;) {
    const c = text.charCodeAt(q);
    if (c >= 48 && c <= 57) good = ++q;
    else if (c === 46) q++;
    else if (c === 101 || c === 69) {
      const d = text.charCodeAt(q + 1);
      if (d >= 48 && d <= 57) good = q += 2;
      else if (d === 43 || d === 45) {
        const f = text.charCodeAt(q + 2);
        if (f >= 48 && f <= 57) good = q += 3;
        else break;
      } else break;
    } else break;
  }
  return good;
}

/** The end of an identifier starting at `p`, or `p` when none starts there. */
export function identEnd(text: string, p: number): number {
  const c = text.charCodeAt(p);
  let q: number;
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) q = p + 1;
  else if (c < 128) return p;
  else {
    const cp = text.codePointAt(p) ?? 0;
    if (!isIdStart(cp)) return p;
    q = p + (cp > 0xffff ? 2 : 1);
  }
  for (;;) {
    const d = text.charCodeAt(q);
    if ((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 95 || d === 45) q++;
    else if (d < 128 || q >= text.length) return q;
    else {
      const cp = text.codePointAt(q) ?? 0;
      if (!isIdContinue(cp)) return q;
      q += cp > 0xffff ? 2 : 1;
    }
  }
}

/** `<<EOT` or `<<-EOT` followed directly by a newline. */
function heredocOpener(text: string, p: number): { marker: string; end: number } | undefined {
  let q = p + 2;
  if (text.charCodeAt(q) === 45) q++;
  const markerEnd = identEnd(text, q);
  if (markerEnd === q) return undefined;
  let e = markerEnd;
  if (text.charCodeAt(e) === 13) e++;
  if (text.charCodeAt(e) !== 10) return undefined;
  return { marker: text.slice(q, markerEnd), end: e + 1 };
}

/** Whether the line `[from, lineEnd)` holds only the marker and surrounding white space. */
function isMarkerLine(text: string, from: number, lineEnd: number, marker: string): boolean {
  // A carriage return is part of the line break only right before the newline; elsewhere it is
  // not white space but a character heredoc lines cannot hold.
  const end = text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
  let a = from;
  while (a < end && isLineSpace(text.charCodeAt(a))) a++;
  if (!text.startsWith(marker, a)) return false;
  for (let b = a + marker.length; b < end; b++) if (!isLineSpace(text.charCodeAt(b))) return false;
  return true;
}

function isLineSpace(c: number): boolean {
  return c !== 13 && isSpace(c);
}
