/**
 * The positioned syntax tree of HCL native syntax (Terraform `.tf` and `.tfvars`). Every node has
 * `start` and `end`: offsets into the file text in UTF-16 code units, `end` exclusive. Line and
 * column come from the parse result's `LineIndex` only when a location is reported.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Body extends Span {
  /** Attributes and blocks in source order. */
  items: (Attribute | Block)[];
}

export interface Attribute extends Span {
  kind: "attribute";
  name: string;
  nameSpan: Span;
  expr: Expr;
}

export interface Label extends Span {
  /** The label's value: the identifier, or the string without quotes and with escapes applied. */
  value: string;
}

export interface Block extends Span {
  kind: "block";
  type: string;
  typeSpan: Span;
  labels: Label[];
  /** `start`/`end` of the body are the braces, inclusive of both. */
  body: Body;
}

export interface Comment extends Span {
  /** The text after the `#`, `//` or inside `/* *\/`, untrimmed. */
  text: string;
  style: "#" | "//" | "/*";
}

export type Expr =
  | LiteralExpr
  | TemplateExpr
  | TupleExpr
  | ObjectExpr
  | VariableExpr
  | GetAttrExpr
  | IndexExpr
  | SplatExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | ConditionalExpr
  | ForExpr
  | ParenExpr;

/** A number, `true`, `false` or `null`. (Strings are templates, even without interpolation.) */
export interface LiteralExpr extends Span {
  kind: "literal";
  value: number | boolean | null;
  /** The source text, for numbers whose text matters (`012`, `1e3`). */
  raw: string;
}

/** A quoted string or a heredoc. A string without `${`/`%{` has a single literal part. */
export interface TemplateExpr extends Span {
  kind: "template";
  parts: TemplatePart[];
  /** Set for `<<EOT` / `<<-EOT` heredocs. */
  heredoc?: { marker: string; indented: boolean };
}

export type TemplatePart = TemplateLiteral | TemplateInterpolation | TemplateIf | TemplateFor;

/** Literal text with escapes (`\n`, `\"`, `\u00e9`, `$${`, `%%{`) already applied; for `<<-` heredocs, already dedented. */
export interface TemplateLiteral extends Span {
  kind: "literal";
  value: string;
}

export interface TemplateInterpolation extends Span {
  kind: "interpolation";
  expr: Expr;
  /** `${~` and `~}` strip markers. */
  stripLeft: boolean;
  stripRight: boolean;
}

export interface TemplateIf extends Span {
  kind: "if";
  condition: Expr;
  then: TemplatePart[];
  else: TemplatePart[] | undefined;
}

export interface TemplateFor extends Span {
  kind: "for";
  keyVar: string | undefined;
  valueVar: string;
  collection: Expr;
  body: TemplatePart[];
}

export interface TupleExpr extends Span {
  kind: "tuple";
  items: Expr[];
}

export interface ObjectItem extends Span {
  /** A bare identifier key is a literal string (a one-part template); `(expr)` keys are expressions. */
  key: Expr;
  value: Expr;
}

export interface ObjectExpr extends Span {
  kind: "object";
  items: ObjectItem[];
}

/** A root name: `var`, `local`, `aws_iam_role`, `each`, `count`, a for-expression variable. */
export interface VariableExpr extends Span {
  kind: "variable";
  name: string;
}

/** `target.name` */
export interface GetAttrExpr extends Span {
  kind: "getattr";
  target: Expr;
  name: string;
  nameSpan: Span;
}

/** `target[key]`, and the legacy `target.0` form (key is then a number literal). */
export interface IndexExpr extends Span {
  kind: "index";
  target: Expr;
  key: Expr;
}

/**
 * `source[*].a.b` (full splat) or `source.*.a` (attribute-only splat): `each` is the traversal
 * applied to every element, written against a placeholder `{kind: "variable", name: "*"}`.
 */
export interface SplatExpr extends Span {
  kind: "splat";
  source: Expr;
  each: Expr;
  full: boolean;
}

export interface CallExpr extends Span {
  kind: "call";
  /** The function name, with any namespace: `jsonencode`, `provider::aws::arn_parse`. */
  name: string;
  nameSpan: Span;
  args: Expr[];
  /** The last argument is followed by `...`. */
  expandFinal: boolean;
}

export interface UnaryExpr extends Span {
  kind: "unary";
  op: "!" | "-";
  operand: Expr;
}

export interface BinaryExpr extends Span {
  kind: "binary";
  op: "||" | "&&" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "%";
  left: Expr;
  right: Expr;
}

export interface ConditionalExpr extends Span {
  kind: "conditional";
  condition: Expr;
  then: Expr;
  else: Expr;
}

/** `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`. */
export interface ForExpr extends Span {
  kind: "for";
  object: boolean;
  keyVar: string | undefined;
  valueVar: string;
  collection: Expr;
  /** Only for the object form. */
  keyExpr: Expr | undefined;
  valueExpr: Expr;
  /** The object form's `...` grouping mode. */
  grouping: boolean;
  condition: Expr | undefined;
}

export interface ParenExpr extends Span {
  kind: "paren";
  expr: Expr;
}

export interface HclError {
  offset: number;
  message: string;
}

export interface HclFile {
  body: Body;
  comments: Comment[];
}
