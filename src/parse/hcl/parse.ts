import type {
  Attribute,
  BinaryExpr,
  Block,
  Body,
  CallExpr,
  Expr,
  ForExpr,
  HclError,
  HclFile,
  Label,
  ObjectItem,
  TemplateExpr,
  TemplateLiteral,
  TemplatePart,
  VariableExpr,
} from "./ast.js";
import * as L from "./lexer.js";
import { dedent, meld, structure, type Directive, type FlatPart } from "./template.js";
import { decodeHeredoc, decodeQuoted, HclSyntaxFailure, trimLeftSpace, trimRightSpace } from "./text.js";

/** Deeper nesting (of expressions, blocks and template directives) is refused: the parser recurses. */
export const MAX_HCL_NESTING = 256;

/**
 * Parses text that is a template on its own (a `templatefile` file, a string in Terraform's JSON
 * syntax): as a heredoc body, which has the same grammar, with offsets into `text`.
 */
export function parseTemplate(text: string): { ok: true; expr: TemplateExpr } | { ok: false; error: HclError } {
  const marker = "PULLGUARD_TEMPLATE_END";
  const prefix = `t = <<${marker}\n`;
  const result = parseHcl(`${prefix}${text}\n${marker}\n`);
  const clamp = (offset: number) => Math.min(Math.max(0, offset - prefix.length), text.length);
  if (!result.ok) return { ok: false, error: { ...result.error, offset: clamp(result.error.offset) } };
  const attr = result.file.body.items[0];
  if (attr?.kind !== "attribute" || attr.expr.kind !== "template") return { ok: false, error: { offset: 0, message: `a line reads ${marker}` } };
  // Every node moves by the same amount: a structural copy with shifted offsets.
  const move = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(move);
    if (!value || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = move(v);
    if (typeof out.start === "number" && typeof out.end === "number") {
      out.start = clamp(out.start);
      out.end = clamp(out.end);
    }
    return out;
  };
  const { heredoc: _heredoc, ...expr } = move(attr.expr) as TemplateExpr;
  void _heredoc;
  // The heredoc's closing newline is the wrapper's, not the text's.
  const last = expr.parts[expr.parts.length - 1];
  if (last?.kind === "literal" && last.value.endsWith("\n")) {
    expr.parts = last.value === "\n" ? expr.parts.slice(0, -1) : [...expr.parts.slice(0, -1), { ...last, value: last.value.slice(0, -1) }];
  }
  return { ok: true, expr: { ...expr, start: 0, end: text.length } };
}

/**
 * Parses HCL native syntax as hashicorp/hcl's `hclsyntax` does for Terraform files: the same
 * inputs are accepted, and a rejection points where hclsyntax's first diagnostic does.
 *
 * Template literal values have escapes, `~` strip markers and `<<-` dedent applied; their spans
 * cover the source text they came from.
 */
export function parseHcl(text: string): { ok: true; file: HclFile } | { ok: false; error: HclError } {
  try {
    const lexed = L.lex(text);
    if (lexed.error) return { ok: false, error: lexed.error };
    const items = new Parser(text, lexed.tokens).file();
    return { ok: true, file: { body: { start: 0, end: text.length, items }, comments: lexed.comments } };
  } catch (err) {
    if (err instanceof HclSyntaxFailure) return { ok: false, error: { offset: err.offset, message: err.message } };
    // A bug must not take the caller down with it; report it where a syntax error would go.
    return { ok: false, error: { offset: 0, message: `internal HCL parser error: ${err instanceof Error ? err.message : String(err)}` } };
  }
}

type BinaryOp = BinaryExpr["op"];

/** Binary operators by token kind: precedence (higher binds tighter) and spelling. */
const BINARY_PRECEDENCE = new Int8Array(64).fill(-1);
const BINARY_OP: BinaryOp[] = [];
for (const [kind, precedence, op] of [
  [L.OR, 0, "||"],
  [L.AND, 1, "&&"],
  [L.EQUALOP, 2, "=="],
  [L.NOTEQUAL, 2, "!="],
  [L.LT, 3, "<"],
  [L.GT, 3, ">"],
  [L.LE, 3, "<="],
  [L.GE, 3, ">="],
  [L.PLUS, 4, "+"],
  [L.MINUS, 4, "-"],
  [L.STAR, 5, "*"],
  [L.SLASH, 5, "/"],
  [L.PERCENT, 5, "%"],
] as const) {
  BINARY_PRECEDENCE[kind] = precedence;
  BINARY_OP[kind] = op;
}

const CLOSER: number[] = [];
CLOSER[L.OBRACE] = L.CBRACE;
CLOSER[L.OBRACK] = L.CBRACK;
CLOSER[L.OPAREN] = L.CPAREN;
CLOSER[L.OQUOTE] = L.CQUOTE;
CLOSER[L.OHEREDOC] = L.CHEREDOC;
CLOSER[L.TINTERP] = L.TSEQEND;
CLOSER[L.TCONTROL] = L.TSEQEND;

class Parser {
  private readonly type: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  /** Index of the next unread token. */
  private next = 0;
  /** Index of the last token read. */
  private last = 0;
  /** Whether newlines are tokens here (bodies, objects) or insignificant (brackets, parentheses). */
  private newlines = true;
  private depth = 0;
  /** Set while re-parsing a one-line block body to find where hclsyntax's parse of it ends. */
  private carryOn = false;

  constructor(
    private readonly text: string,
    tokens: L.Tokens,
  ) {
    this.type = tokens.type;
    this.start = tokens.start;
    this.end = tokens.end;
  }

  file(): (Attribute | Block)[] {
    return this.bodyItems(L.EOF, -1);
  }

  // ---- tokens

  private peek(): number {
    let i = this.next;
    if (!this.newlines) while (this.type[i] === L.NEWLINE) i++;
    return i;
  }

  private read(): number {
    const i = this.peek();
    if (this.type[i] !== L.EOF) this.next = i + 1;
    this.last = i;
    return i;
  }

  private kind(i: number): number {
    return this.type[i] ?? L.EOF;
  }

  private from(i: number): number {
    return this.start[i] ?? this.text.length;
  }

  private to(i: number): number {
    return this.end[i] ?? this.text.length;
  }

  private source(i: number): string {
    return this.text.slice(this.from(i), this.to(i));
  }

  private isKeyword(i: number, word: string): boolean {
    return this.kind(i) === L.IDENT && this.to(i) - this.from(i) === word.length && this.text.startsWith(word, this.from(i));
  }

  private describe(i: number): string {
    if (this.kind(i) === L.NEWLINE) return "a newline";
    const text = this.source(i);
    return JSON.stringify(text.length > 20 ? text.slice(0, 20) + "…" : text);
  }

  /** `resume`: where hclsyntax's recovery goes on, when that is not the token at `offset`. */
  private fail(offset: number, message: string, resume = -1, closesInnermost = false): never {
    throw new HclSyntaxFailure(offset, message, false, resume, closesInnermost);
  }

  /** An error after which hclsyntax parses on unchanged. */
  private softFail(offset: number, message: string): void {
    if (!this.carryOn) throw new HclSyntaxFailure(offset, message, true);
  }

  private decode(i: number): string {
    try {
      return this.kind(i) === L.HLIT ? decodeHeredoc(this.text, this.from(i), this.to(i)) : decodeQuoted(this.text, this.from(i), this.to(i));
    } catch (err) {
      if (err instanceof HclSyntaxFailure && err.soft && this.carryOn) return "";
      throw err;
    }
  }

  /**
   * Where hclsyntax's `recover(end)` stops when it starts at token `from`: the `end` that balances,
   * or EOF. Some of its diagnostics point there (they alias the variable recovery assigns).
   */
  private recoveryPoint(from: number, open: number, end: number): number {
    let nest = 0;
    for (let i = from; ; i++) {
      const t = this.kind(i);
      if (t === L.EOF) return i;
      if (t === open || (open === L.TINTERP && t === L.TCONTROL)) nest++;
      else if (t === end && nest-- === 0) return i;
    }
  }

  /** Where hclsyntax's `recoverAfterBodyItem` leaves the parser when it starts at token `from`. */
  private afterBodyItem(from: number): number {
    const open: number[] = [];
    for (let i = from; ; i++) {
      const t = this.kind(i);
      switch (t) {
        case L.EOF:
          return i;
        case L.NEWLINE:
          if (open.length === 0) return i + 1;
          break;
        case L.OBRACE:
        case L.OBRACK:
        case L.OPAREN:
        case L.OQUOTE:
        case L.OHEREDOC:
        case L.TINTERP:
        case L.TCONTROL:
          open.push(t);
          break;
        case L.CBRACE:
        case L.CBRACK:
        case L.CPAREN:
        case L.CQUOTE:
        case L.CHEREDOC:
        case L.TSEQEND: {
          const opener = t === L.CBRACE ? L.OBRACE : t === L.CBRACK ? L.OBRACK : t === L.CPAREN ? L.OPAREN : t === L.CQUOTE ? L.OQUOTE : t === L.CHEREDOC ? L.OHEREDOC : -1;
          const matches = (o: number | undefined): boolean => (opener < 0 ? o === L.TINTERP || o === L.TCONTROL : o === opener);
          while (open.length > 0 && !matches(open[open.length - 1])) open.pop();
          open.pop();
          break;
        }
      }
    }
  }

  /**
   * Where hclsyntax's parser, recovering from `failure` in a one-line body opened at `open`, ends
   * the body: each construct still open recovers to its closing bracket, innermost first, then the
   * attribute skips to the end of its line. (A model of its recovery, not a replica.)
   */
  private recoveredFrom(failure: HclSyntaxFailure, open: number): number {
    const resume = failure.resumeToken >= 0 ? failure.resumeToken : this.tokenAt(failure.offset);
    const stack: number[] = [];
    for (let i = open + 1; i < resume; i++) {
      const t = this.kind(i);
      if (t === L.OBRACE || t === L.OBRACK || t === L.OPAREN || t === L.OQUOTE || t === L.OHEREDOC || t === L.TINTERP || t === L.TCONTROL) stack.push(t);
      else if (t === L.CBRACE || t === L.CBRACK || t === L.CPAREN || t === L.CQUOTE || t === L.CHEREDOC || t === L.TSEQEND) stack.pop();
    }
    if (failure.closesInnermost) stack.pop();
    let at = resume;
    for (let opener = stack.pop(); opener !== undefined && this.kind(at) !== L.EOF; opener = stack.pop()) {
      const closer = CLOSER[opener] ?? L.EOF;
      at = this.recoveryPoint(at, opener === L.TCONTROL ? L.TINTERP : opener, closer);
      if (this.kind(at) !== L.EOF) at++;
    }
    return this.afterBodyItem(at);
  }

  /** The index of the first token starting at or after `offset`. */
  private tokenAt(offset: number): number {
    let i = 0;
    while (this.kind(i) !== L.EOF && this.from(i) < offset) i++;
    return i;
  }

  private enter(at: number): void {
    if (++this.depth > MAX_HCL_NESTING) this.fail(this.from(at), `nesting deeper than ${MAX_HCL_NESTING} levels`);
  }

  // ---- bodies

  /** Items up to the `end` token; `open` is the block's `{` token (-1 for the file). */
  private bodyItems(end: number, open: number): (Attribute | Block)[] {
    const items: (Attribute | Block)[] = [];
    let names: Set<string> | undefined;
    let firstName: string | undefined;
    for (;;) {
      const i = this.peek();
      const t = this.kind(i);
      if (t === end) {
        this.read();
        return items;
      }
      if (t === L.NEWLINE) {
        this.read();
        continue;
      }
      if (t === L.IDENT) {
        const item = this.bodyItem();
        if (item.kind === "attribute") {
          // Most bodies have few attributes; only build the set once a second one appears.
          if (firstName === undefined) firstName = item.name;
          else {
            names ??= new Set([firstName]);
            if (names.has(item.name)) this.fail(item.nameSpan.start, `attribute "${item.name}" is already set in this block`);
            names.add(item.name);
          }
        }
        items.push(item);
        continue;
      }
      if (t === L.OQUOTE) this.fail(this.from(i), "argument names must not be quoted");
      if (t === L.EOF) this.fail(this.from(open), 'unclosed "{": the block has no closing brace');
      this.fail(this.from(i), "expected an argument or block definition");
    }
  }

  private bodyItem(): Attribute | Block {
    const name = this.read();
    const t = this.kind(this.peek());
    if (t === L.EQUAL) return this.attribute(name, false);
    if (t === L.OQUOTE || t === L.OBRACE || t === L.IDENT) return this.block(name);
    this.fail(this.from(name), 'expected "=" or "{" after attribute or block name');
  }

  private attribute(name: number, singleLine: boolean): Attribute {
    this.read(); // =
    const expr = this.expression();
    if (!singleLine) {
      const e = this.peek();
      const t = this.kind(e);
      if (t !== L.NEWLINE && t !== L.EOF) {
        this.fail(this.from(e), t === L.COMMA ? "unexpected comma after argument: separate arguments with newlines" : "expected a newline after the argument");
      }
      this.read();
    }
    return {
      kind: "attribute",
      name: this.source(name),
      nameSpan: { start: this.from(name), end: this.to(name) },
      expr,
      start: this.from(name),
      end: expr.end,
    };
  }

  private block(typeToken: number): Block {
    this.enter(typeToken);
    const labels: Label[] = [];
    for (;;) {
      const i = this.peek();
      const t = this.kind(i);
      if (t === L.OBRACE) break;
      if (t === L.OQUOTE) labels.push(this.quotedLabel());
      else if (t === L.IDENT) {
        this.read();
        labels.push({ value: this.source(i), start: this.from(i), end: this.to(i) });
      } else if (t === L.EQUAL) this.fail(this.from(i), 'a block definition must not use "="');
      else if (t === L.NEWLINE) this.fail(this.from(i), 'expected "{" on the same line as the block header');
      else this.fail(this.from(i), 'expected a quoted block label or "{"');
    }
    const open = this.read();
    let items: (Attribute | Block)[] = [];
    const first = this.kind(this.peek());
    if (first === L.NEWLINE || first === L.EOF || first === L.CBRACE) items = this.bodyItems(L.CBRACE, open);
    else {
      let soft: HclSyntaxFailure | undefined;
      const depth = this.depth;
      try {
        items = [this.singleAttribute()];
      } catch (err) {
        if (!(err instanceof HclSyntaxFailure)) throw err;
        soft = this.failedOneLineBody(err, open, depth);
      }
      const c = this.peek();
      switch (this.kind(c)) {
        case L.CBRACE:
          this.read();
          break;
        case L.COMMA:
          this.fail(this.from(c), "a one-line block can hold only one argument");
          break;
        case L.NEWLINE:
          this.fail(this.from(c), 'a one-line block must end with "}" on the same line');
          break;
        case L.EOF:
          this.fail(this.from(open), 'unclosed "{": the block has no closing brace');
          break;
        default:
          this.fail(this.from(c), 'expected "}" after the argument of a one-line block');
      }
      if (soft) throw soft;
    }
    const close = this.last;
    const eol = this.peek();
    const t = this.kind(eol);
    if (t !== L.NEWLINE && t !== L.EOF) this.fail(this.from(eol), "expected a newline after the block");
    this.read();
    this.depth--;
    const body: Body = { start: this.from(open), end: this.to(close), items };
    return {
      kind: "block",
      type: this.source(typeToken),
      typeSpan: { start: this.from(typeToken), end: this.to(typeToken) },
      labels,
      body,
      start: this.from(typeToken),
      end: this.to(close),
    };
  }

  private singleAttribute(): Attribute {
    const name = this.read();
    if (this.kind(name) !== L.IDENT) throw new HclSyntaxFailure(this.from(name), "expected an argument or block definition", false, name + 1);
    const t = this.kind(this.peek());
    if (t === L.EQUAL) return this.attribute(name, true);
    const message = t === L.OQUOTE || t === L.OBRACE || t === L.IDENT ? "a one-line block can hold only one argument; put nested blocks on their own lines" : 'expected "=" after the argument name';
    throw new HclSyntaxFailure(this.from(name), message, false, name + 1);
  }

  /**
   * hclsyntax lists a one-line block's own closing check before the errors of its body, so that
   * check's complaint comes first wherever the body's parse (or recovery) stops before a comma or
   * a newline. After a soft error the parse goes on (returned: the checks that follow run as usual).
   */
  private failedOneLineBody(failure: HclSyntaxFailure, open: number, depth: number): HclSyntaxFailure | undefined {
    let hard: HclSyntaxFailure | undefined = failure;
    this.newlines = true;
    if (failure.soft) {
      this.next = open + 1;
      this.depth = depth;
      this.carryOn = true;
      try {
        this.singleAttribute();
        hard = undefined;
      } catch (err) {
        if (!(err instanceof HclSyntaxFailure)) throw err;
        hard = err;
      }
      this.carryOn = false;
      if (!hard) return failure;
    }
    this.next = this.recoveredFrom(hard, open);
    this.newlines = true;
    const after = this.peek();
    const t = this.kind(after);
    if (t === L.COMMA) this.fail(this.from(after), "a one-line block can hold only one argument");
    if (t === L.NEWLINE) this.fail(this.from(after), 'a one-line block must end with "}" on the same line');
    throw failure;
  }

  private quotedLabel(): Label {
    const open = this.read();
    let value = "";
    for (;;) {
      const i = this.read();
      switch (this.kind(i)) {
        case L.CQUOTE:
          return { value, start: this.from(open), end: this.to(i) };
        case L.QLIT:
          value += decodeQuoted(this.text, this.from(i), this.to(i));
          break;
        case L.TINTERP:
        case L.TCONTROL:
          this.fail(this.from(i), "template sequences are not allowed in a block label");
          break;
        case L.EOF:
          this.fail(this.from(i), "unterminated string");
          break;
        default:
          this.fail(this.from(i), "invalid block label");
      }
    }
  }

  // ---- expressions

  private expression(): Expr {
    this.enter(this.peek());
    const condition = this.binary(0);
    let result = condition;
    if (this.kind(this.peek()) === L.QUESTION) {
      this.read();
      const then = this.expression();
      const colon = this.peek();
      if (this.kind(colon) !== L.COLON) {
        this.softFail(this.from(colon), 'expected ":" and a false result in the conditional expression');
        this.depth--;
        return condition;
      }
      this.read();
      const otherwise = this.expression();
      result = { kind: "conditional", condition, then, else: otherwise, start: condition.start, end: otherwise.end };
    }
    this.depth--;
    return result;
  }

  /** Precedence climbing: the same left-associative trees as hclsyntax's level-by-level descent. */
  private binary(min: number): Expr {
    let left = this.traversals(this.term());
    for (;;) {
      const t = this.kind(this.peek());
      const precedence = BINARY_PRECEDENCE[t] ?? -1;
      if (precedence < min) return left;
      this.read();
      const right = this.binary(precedence + 1);
      left = { kind: "binary", op: BINARY_OP[t] ?? "+", left, right, start: left.start, end: right.end };
    }
  }

  private term(): Expr {
    const i = this.peek();
    switch (this.kind(i)) {
      case L.OPAREN: {
        this.read();
        const saved = this.newlines;
        this.newlines = false;
        const expr = this.expression();
        const close = this.peek();
        if (this.kind(close) !== L.CPAREN) this.fail(this.from(close), 'expected ")" to close the parenthesis', close + 1, true);
        this.read();
        this.newlines = saved;
        return { kind: "paren", expr, start: this.from(i), end: this.to(close) };
      }
      case L.NUMBER: {
        this.read();
        const raw = this.source(i);
        const value = Number(raw);
        if (Number.isNaN(value)) this.softFail(this.from(i), `invalid number literal "${raw}"`);
        return { kind: "literal", value, raw, start: this.from(i), end: this.to(i) };
      }
      case L.IDENT: {
        this.read();
        const after = this.kind(this.peek());
        if (after === L.OPAREN || after === L.DOUBLECOLON) return this.call(i);
        const name = this.source(i);
        const start = this.from(i);
        const end = this.to(i);
        if (name === "true" || name === "false") return { kind: "literal", value: name === "true", raw: name, start, end };
        if (name === "null") return { kind: "literal", value: null, raw: name, start, end };
        return { kind: "variable", name, start, end };
      }
      case L.OQUOTE:
      case L.OHEREDOC:
        return this.template();
      case L.MINUS:
      case L.BANG: {
        this.read();
        this.enter(i);
        // Only a term and its traversals: -a+b is (-a)+b.
        const operand = this.traversals(this.term());
        this.depth--;
        return { kind: "unary", op: this.kind(i) === L.MINUS ? "-" : "!", operand, start: this.from(i), end: operand.end };
      }
      case L.OBRACK:
        return this.tuple();
      case L.OBRACE:
        return this.object();
      case L.EOF:
        this.fail(this.from(i), "expected an expression, found the end of the file");
        break;
      default:
        this.fail(this.from(i), `expected an expression, found ${this.describe(i)}`);
    }
  }

  /** `.name`, `.0`, `[key]`, `.*` and `[*]` steps after a term. */
  private traversals(from: Expr): Expr {
    let target = from;
    for (;;) {
      const i = this.peek();
      const t = this.kind(i);
      if (t === L.DOT) {
        this.read();
        const a = this.peek();
        const at = this.kind(a);
        if (at === L.IDENT) {
          this.read();
          target = { kind: "getattr", target, name: this.source(a), nameSpan: { start: this.from(a), end: this.to(a) }, start: target.start, end: this.to(a) };
        } else if (at === L.NUMBER) {
          this.read();
          target = { kind: "index", target, key: this.legacyIndex(a, a), start: target.start, end: this.to(a) };
        } else if (at === L.STAR) {
          target = this.attributeSplat(target, i, a);
        } else this.fail(this.from(a), 'expected an attribute name after "."');
      } else if (t === L.OBRACK) {
        this.read();
        const k = this.peek();
        if (this.kind(k) === L.STAR) {
          this.read();
          const close = this.read();
          if (this.kind(close) !== L.CBRACK) this.fail(this.from(this.recoveryPoint(this.next, L.OBRACK, L.CBRACK)), 'expected "]" right after "[*"', this.next);
          const item: VariableExpr = { kind: "variable", name: "*", start: this.from(i), end: this.to(close) };
          this.enter(i);
          const each = this.traversals(item);
          this.depth--;
          // The nested call took every following step, so this ends the traversal.
          return { kind: "splat", source: target, each, full: true, start: target.start, end: each.end };
        }
        const saved = this.newlines;
        this.newlines = false;
        const key = this.expression();
        const close = this.read();
        if (this.kind(close) !== L.CBRACK) this.fail(this.from(this.recoveryPoint(this.next, L.OBRACK, L.CBRACK)), 'expected "]" to close the index', this.next);
        this.newlines = saved;
        target = { kind: "index", target, key, start: target.start, end: this.to(close) };
      } else return target;
    }
  }

  /** `source.*.a.b`: only attribute (and legacy index) steps apply to each element. */
  private attributeSplat(source: Expr, dot: number, star: number): Expr {
    this.read();
    const item: VariableExpr = { kind: "variable", name: "*", start: this.from(dot), end: this.to(star) };
    let each: Expr = item;
    while (this.kind(this.peek()) === L.DOT) {
      this.read();
      const a = this.peek();
      const at = this.kind(a);
      if (at === L.NUMBER) {
        this.read();
        each = { kind: "index", target: each, key: this.legacyIndex(a, star), start: each.start, end: this.to(a) };
      } else if (at === L.IDENT) {
        this.read();
        each = { kind: "getattr", target: each, name: this.source(a), nameSpan: { start: this.from(a), end: this.to(a) }, start: each.start, end: this.to(a) };
      } else if (at === L.STAR) this.fail(this.from(a), 'a splat ("*") cannot be nested in an attribute-only splat (".*")');
      // hclsyntax points this one at the splat's star.
      else this.fail(this.from(star), 'expected an attribute name after "."');
    }
    return { kind: "splat", source, each, full: false, start: source.start, end: each === item ? this.to(star) : each.end };
  }

  /** The `0` of `a.0`; `errorAt` is where hclsyntax reports a chained `a.0.1`. */
  private legacyIndex(i: number, errorAt: number): Expr {
    const raw = this.source(i);
    if (raw.includes(".")) this.softFail(this.from(errorAt), `legacy index ".${raw}" chains two indexes; write [${raw.replace(".", "][")}]`);
    const value = Number(raw);
    if (Number.isNaN(value) && !raw.includes(".")) this.softFail(this.from(i), `invalid number literal "${raw}"`);
    return { kind: "literal", value, raw, start: this.from(i), end: this.to(i) };
  }

  private call(nameToken: number): CallExpr {
    let open = this.read();
    let name = this.source(nameToken);
    let nameEnd = this.to(nameToken);
    while (this.kind(open) === L.DOUBLECOLON) {
      const part = this.read();
      if (this.kind(part) !== L.IDENT) this.fail(this.from(part), 'expected a function name after "::"');
      name += "::" + this.source(part);
      nameEnd = this.to(part);
      open = this.read();
    }
    if (this.kind(open) !== L.OPAREN) this.fail(this.from(open), 'expected "(" after the function name');
    const saved = this.newlines;
    this.newlines = false;
    const args: Expr[] = [];
    let expandFinal = false;
    let close: number;
    for (;;) {
      if (this.kind(this.peek()) === L.CPAREN) {
        close = this.read();
        break;
      }
      args.push(this.expression());
      const sep = this.read();
      const st = this.kind(sep);
      if (st === L.CPAREN) {
        close = sep;
        break;
      }
      if (st === L.ELLIPSIS) {
        expandFinal = true;
        if (this.kind(this.peek()) !== L.CPAREN) this.fail(this.from(sep), 'expected ")" right after the expanded argument "..."');
        close = this.read();
        break;
      }
      if (st !== L.COMMA) {
        if (st === L.EOF) this.fail(this.from(nameToken), 'unclosed "(": the function call has no closing parenthesis', sep);
        this.fail(this.from(sep), 'expected "," or ")" after a function argument', sep + 1);
      }
      if (this.kind(this.peek()) === L.CPAREN) {
        close = this.read();
        break;
      }
    }
    this.newlines = saved;
    const start = this.from(nameToken);
    return { kind: "call", name, nameSpan: { start, end: nameEnd }, args, expandFinal, start, end: this.to(close) };
  }

  private tuple(): Expr {
    const open = this.read();
    const saved = this.newlines;
    this.newlines = false;
    if (this.isKeyword(this.peek(), "for")) {
      const expr = this.forExpression(open, false);
      this.newlines = saved;
      return expr;
    }
    const items: Expr[] = [];
    let close: number;
    for (;;) {
      if (this.kind(this.peek()) === L.CBRACK) {
        close = this.read();
        break;
      }
      items.push(this.expression());
      const n = this.peek();
      const t = this.kind(n);
      if (t === L.CBRACK) {
        close = this.read();
        break;
      }
      if (t !== L.COMMA) {
        if (t === L.EOF) this.fail(this.from(open), 'unclosed "[": the tuple has no closing bracket', n);
        this.fail(this.from(n), 'expected "," or "]" after a tuple item');
      }
      this.read();
    }
    this.newlines = saved;
    return { kind: "tuple", items, start: this.from(open), end: this.to(close) };
  }

  private object(): Expr {
    const open = this.read();
    const saved = this.newlines;
    this.newlines = false;
    if (this.isKeyword(this.peek(), "for")) {
      const expr = this.forExpression(open, true);
      this.newlines = saved;
      return expr;
    }
    this.newlines = true;
    const items: ObjectItem[] = [];
    let close: number;
    for (;;) {
      const i = this.peek();
      const t = this.kind(i);
      if (t === L.NEWLINE) {
        this.read();
        continue;
      }
      if (t === L.CBRACE) {
        close = this.read();
        break;
      }
      let key = this.expression();
      // A bare name (even true, false or null) is a literal key; parentheses force an expression.
      if ((key.kind === "variable" || (key.kind === "literal" && this.kind(i) === L.IDENT && key.end === this.to(i))) && t !== L.OPAREN) {
        const part: TemplateLiteral = { kind: "literal", value: this.text.slice(key.start, key.end), start: key.start, end: key.end };
        key = { kind: "template", parts: [part], start: key.start, end: key.end };
      }
      const s = this.peek();
      const st = this.kind(s);
      if (st !== L.EQUAL && st !== L.COLON) {
        if (st === L.EOF) this.fail(this.from(open), 'unclosed "{": the object has no closing brace', s);
        if (st === L.NEWLINE || st === L.COMMA) this.fail(this.from(s), 'expected "=" and a value after the object key');
        this.fail(this.from(s), 'expected "=" or ":" after the object key');
      }
      this.read();
      const value = this.expression();
      items.push({ key, value, start: key.start, end: value.end });
      const n = this.peek();
      const nt = this.kind(n);
      if (nt === L.CBRACE) {
        close = this.read();
        break;
      }
      if (nt !== L.COMMA && nt !== L.NEWLINE) {
        if (nt === L.EOF) this.fail(this.from(open), 'unclosed "{": the object has no closing brace', n);
        this.fail(this.from(n), 'expected a newline or "," after an object item');
      }
      this.read();
    }
    this.newlines = saved;
    return { kind: "object", items, start: this.from(open), end: this.to(close) };
  }

  /** `k, v in` or `v in` after `for`, in expressions and template directives alike. */
  private forVariables(): { keyVar: string | undefined; valueVar: string } {
    const first = this.peek();
    if (this.kind(first) !== L.IDENT) this.fail(this.from(first), 'expected a variable name after "for"');
    this.read();
    let keyVar: string | undefined;
    let valueVar = this.source(first);
    if (this.kind(this.peek()) === L.COMMA) {
      this.read();
      const second = this.peek();
      if (this.kind(second) !== L.IDENT) this.fail(this.from(second), 'expected a value variable name after ","');
      this.read();
      keyVar = valueVar;
      valueVar = this.source(second);
    }
    const inToken = this.peek();
    if (!this.isKeyword(inToken, "in")) this.fail(this.from(inToken), 'expected "in" after the "for" variables');
    this.read();
    return { keyVar, valueVar };
  }

  /** After `[` or `{` when the next token is `for`; newlines are insignificant throughout. */
  private forExpression(open: number, object: boolean): ForExpr {
    this.read(); // for
    const { keyVar, valueVar } = this.forVariables();
    const collection = this.expression();
    const colon = this.peek();
    if (this.kind(colon) !== L.COLON) this.fail(this.from(colon), 'expected ":" after the "for" collection');
    this.read();
    let keyExpr: Expr | undefined;
    let valueExpr = this.expression();
    if (this.kind(this.peek()) === L.FATARROW) {
      this.read();
      keyExpr = valueExpr;
      valueExpr = this.expression();
    }
    let ellipsis = -1;
    if (this.kind(this.peek()) === L.ELLIPSIS) ellipsis = this.read();
    let condition: Expr | undefined;
    if (this.isKeyword(this.peek(), "if")) {
      this.read();
      condition = this.expression();
    }
    const close = this.peek();
    if (this.kind(close) !== (object ? L.CBRACE : L.CBRACK)) this.fail(this.from(close), `expected "${object ? "}" : "]"}" to end the "for" expression`);
    this.read();
    if (!object) {
      if (keyExpr) this.softFail(keyExpr.start, 'a tuple "for" expression has no key: remove "=>"');
      if (ellipsis >= 0) this.softFail(this.from(ellipsis), 'grouping "..." is only for object "for" expressions');
    } else if (!keyExpr) this.softFail(valueExpr.start, 'an object "for" expression needs "key => value"');
    return {
      kind: "for",
      object,
      keyVar,
      valueVar,
      collection,
      keyExpr,
      valueExpr,
      grouping: ellipsis >= 0,
      condition,
      start: this.from(open),
      end: this.to(close),
    };
  }

  // ---- templates

  private template(): TemplateExpr {
    const open = this.read();
    const heredoc = this.kind(open) === L.OHEREDOC;
    const close = heredoc ? L.CHEREDOC : L.CQUOTE;
    const firstInside = this.peek();
    const parts: FlatPart[] = [];
    let trimNext = false;
    let mayTrimPrevious = false;
    for (;;) {
      const i = this.read();
      const t = this.kind(i);
      if (t === close) break;
      const trim = trimNext;
      trimNext = false;
      const canTrimPrevious = mayTrimPrevious;
      mayTrimPrevious = false;
      if (t === L.QLIT || t === L.HLIT) {
        let value = this.decode(i);
        if (trim) value = trimLeftSpace(value);
        parts.push({ kind: "literal", value, start: this.from(i), end: this.to(i) });
        mayTrimPrevious = true;
        continue;
      }
      if (t !== L.TINTERP && t !== L.TCONTROL) {
        if (t === L.EOF) this.fail(this.from(i), heredoc ? `unterminated heredoc: no closing "${this.heredocMarker(open)}" line` : "unterminated string");
        this.fail(this.from(i), "unterminated template");
      }
      const stripLeft = this.to(i) - this.from(i) === 3;
      if (stripLeft && canTrimPrevious) {
        const previous = parts[parts.length - 1];
        if (previous?.kind === "literal") previous.value = trimRightSpace(previous.value);
      }
      const saved = this.newlines;
      this.newlines = false;
      if (t === L.TINTERP) {
        const expr = this.expression();
        const end = this.peek();
        const et = this.kind(end);
        if (et !== L.TSEQEND) {
          if (et === L.EOF || (!heredoc && (et === L.CQUOTE || et === L.OQUOTE))) this.fail(this.from(firstInside), 'unclosed "${": the interpolation has no closing brace', end);
          this.fail(this.from(end), 'expected "}" to close the interpolation (write "$${" for a literal "${")');
        }
        this.read();
        const stripRight = this.to(end) - this.from(end) === 2;
        trimNext = stripRight;
        parts.push({ kind: "interpolation", expr, stripLeft, stripRight, start: this.from(i), end: this.to(end) });
      } else {
        const directive = this.directive(i);
        const end = this.peek();
        if (this.kind(end) !== L.TSEQEND) this.fail(this.from(end), `expected "}" to close the %{${directive.kind}} directive`);
        this.read();
        trimNext = this.to(end) - this.from(end) === 2;
        directive.end = this.to(end);
        parts.push(directive);
      }
      this.newlines = saved;
    }
    const closeToken = this.last;
    if (heredoc && this.text.charCodeAt(this.from(open) + 2) === 45) dedent(parts);
    const melded = meld(parts);
    if (melded.length === 0) melded.push({ kind: "literal", value: "", start: this.from(closeToken), end: this.from(closeToken) });
    let structured: TemplatePart[] = [];
    try {
      structured = structure(melded, this.from(closeToken), MAX_HCL_NESTING);
    } catch (err) {
      if (!(err instanceof HclSyntaxFailure && err.soft && this.carryOn)) throw err;
    }
    const expr: TemplateExpr = {
      kind: "template",
      parts: structured,
      start: this.from(open),
      end: this.to(closeToken),
    };
    if (heredoc) expr.heredoc = { marker: this.heredocMarker(open), indented: this.text.charCodeAt(this.from(open) + 2) === 45 };
    return expr;
  }

  private heredocMarker(open: number): string {
    const from = this.from(open) + (this.text.charCodeAt(this.from(open) + 2) === 45 ? 3 : 2);
    return this.text.slice(from, L.identEnd(this.text, from));
  }

  /** The inside of `%{...}`, from the keyword to just before the closing brace. */
  private directive(open: number): Directive {
    const kw = this.peek();
    if (this.kind(kw) !== L.IDENT) this.fail(this.from(kw), 'expected "if", "for", "else", "endif" or "endfor" after "%{"');
    this.read();
    const word = this.source(kw);
    const start = this.from(open);
    switch (word) {
      case "if":
        return { kind: "if", condition: this.expression(), start, end: start };
      case "else":
      case "endif":
      case "endfor":
        return { kind: word, start, end: start };
      case "for": {
        const { keyVar, valueVar } = this.forVariables();
        return { kind: "for", keyVar, valueVar, collection: this.expression(), start, end: start };
      }
      default:
        this.fail(this.from(kw), `unknown template directive "${word}"`);
    }
  }
}
