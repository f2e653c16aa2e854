import { describe, expect, it } from "vitest";
import type { Attribute, Block, Expr, HclFile, TemplateExpr, TemplatePart } from "../src/parse/hcl/ast.js";
import { MAX_HCL_NESTING, parseHcl } from "../src/parse/hcl/parse.js";
import { LineIndex } from "../src/parse/lines.js";

function parse(text: string): HclFile {
  const result = parseHcl(text);
  if (!result.ok) throw new Error(`unexpected error at ${result.error.offset}: ${result.error.message}`);
  return result.file;
}

function attr(text: string, name = "a"): Attribute {
  const found = parse(text).body.items.find((item): item is Attribute => item.kind === "attribute" && item.name === name);
  if (!found) throw new Error(`no attribute ${name}`);
  return found;
}

function expr(source: string): Expr {
  return attr(`a = ${source}\n`).expr;
}

function template(source: string): TemplateExpr {
  const e = expr(source);
  if (e.kind !== "template") throw new Error(`not a template: ${e.kind}`);
  return e;
}

/** The value of a template without sequences. */
function stringValue(source: string): string {
  const parts = template(source).parts;
  const only = parts[0];
  if (parts.length !== 1 || only?.kind !== "literal") throw new Error("not a plain string");
  return only.value;
}

/** A compact rendering of an expression tree, for precedence and shape checks. */
function show(e: Expr): string {
  switch (e.kind) {
    case "literal":
      return e.raw;
    case "variable":
      return e.name;
    case "binary":
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "unary":
      return `(${e.op}${show(e.operand)})`;
    case "conditional":
      return `(${show(e.condition)} ? ${show(e.then)} : ${show(e.else)})`;
    case "getattr":
      return `${show(e.target)}.${e.name}`;
    case "index":
      return `${show(e.target)}[${show(e.key)}]`;
    case "splat":
      return `splat${e.full ? "[*]" : ".*"}(${show(e.source)}; ${show(e.each)})`;
    case "paren":
      return `paren(${show(e.expr)})`;
    case "call":
      return `${e.name}(${e.args.map(show).join(", ")}${e.expandFinal ? "..." : ""})`;
    case "tuple":
      return `[${e.items.map(show).join(", ")}]`;
    case "object":
      return `{${e.items.map((i) => `${show(i.key)}=${show(i.value)}`).join(", ")}}`;
    case "template":
      return JSON.stringify(e.parts.map((p) => (p.kind === "literal" ? p.value : p.kind)));
    case "for":
      return `for(${e.keyVar ?? ""},${e.valueVar} in ${show(e.collection)}: ${e.keyExpr ? show(e.keyExpr) + " => " : ""}${show(e.valueExpr)}${e.grouping ? "..." : ""}${e.condition ? " if " + show(e.condition) : ""})`;
  }
}

function errorAt(text: string): { line: number; column: number; message: string } {
  const result = parseHcl(text);
  if (result.ok) throw new Error("expected a syntax error");
  return { ...new LineIndex(text).position(result.error.offset), message: result.error.message };
}

function slice(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

describe("parseHcl: bodies", () => {
  it("parses attributes and blocks with their positions", () => {
    const text = 'name = "x"\n\nresource "aws_iam_role" node {\n  count = 2\n}\n';
    const file = parse(text);
    const [a, b] = file.body.items as [Attribute, Block];
    expect(file.body).toMatchObject({ start: 0, end: text.length });
    expect(a).toMatchObject({ kind: "attribute", name: "name", nameSpan: { start: 0, end: 4 }, start: 0, end: 10 });
    expect(slice(text, a.expr)).toBe('"x"');
    expect(b.kind).toBe("block");
    expect(b.type).toBe("resource");
    expect(slice(text, b.typeSpan)).toBe("resource");
    expect(b.labels.map((l) => l.value)).toEqual(["aws_iam_role", "node"]);
    expect(b.labels.map((l) => slice(text, l))).toEqual(['"aws_iam_role"', "node"]);
    expect(slice(text, b.body)).toBe("{\n  count = 2\n}");
    expect(slice(text, b)).toBe('resource "aws_iam_role" node {\n  count = 2\n}');
    expect((b.body.items[0] as Attribute).name).toBe("count");
  });

  it("applies escapes in quoted labels", () => {
    const block = parse('a "x\\"y\\u00e9" {}\n').body.items[0] as Block;
    expect(block.labels[0]?.value).toBe('x"yé');
  });

  it("parses one-line and empty blocks", () => {
    const text = "lifecycle { ignore_changes = [tags] }\ntimeouts {}\nempty {\n}\n";
    const [one, none, empty] = parse(text).body.items as Block[];
    expect(one?.body.items).toHaveLength(1);
    expect(slice(text, one?.body.items[0] ?? { start: 0, end: 0 })).toBe("ignore_changes = [tags]");
    expect(slice(text, one?.body ?? { start: 0, end: 0 })).toBe("{ ignore_changes = [tags] }");
    expect(none?.body.items).toEqual([]);
    expect(empty?.body.items).toEqual([]);
  });

  it("collects comments of the three styles", () => {
    const text = "# hash\r\na = 1 // slashes\n/* block\n comment */\nb = 2 # end";
    const { comments } = parse(text);
    expect(comments.map((c) => [c.style, c.text])).toEqual([
      ["#", " hash"],
      ["//", " slashes"],
      ["/*", " block\n comment "],
      ["#", " end"],
    ]);
    expect(comments.map((c) => slice(text, c))).toEqual(["# hash", "// slashes", "/* block\n comment */", "# end"]);
  });

  it("handles CRLF line endings and a byte order mark", () => {
    const text = '\ufeffa = 1\r\nb {\r\n  c = "d"\r\n}\r\n';
    const file = parse(text);
    expect(file.body.items.map((i) => (i.kind === "attribute" ? i.name : i.type))).toEqual(["a", "b"]);
    expect(file.body.items[0]?.start).toBe(1);
  });
});

describe("parseHcl: expressions", () => {
  it("parses literals", () => {
    expect(expr("12")).toMatchObject({ kind: "literal", value: 12, raw: "12" });
    expect(expr("1.5e3")).toMatchObject({ kind: "literal", value: 1500, raw: "1.5e3" });
    expect(expr("012")).toMatchObject({ kind: "literal", value: 12, raw: "012" });
    expect(expr("true")).toMatchObject({ kind: "literal", value: true });
    expect(expr("null")).toMatchObject({ kind: "literal", value: null });
  });

  it("follows HCL operator precedence", () => {
    expect(show(expr("1 + 2 * 3"))).toBe("(1 + (2 * 3))");
    expect(show(expr("a || b && c"))).toBe("(a || (b && c))");
    expect(show(expr("a == b || c < d + e % f"))).toBe("((a == b) || (c < (d + (e % f))))");
    expect(show(expr("a - b - c"))).toBe("((a - b) - c)");
    expect(show(expr("-1 + 2"))).toBe("((-1) + 2)");
    expect(show(expr("!a.b == c"))).toBe("((!a.b) == c)");
    expect(show(expr("a ? b : c ? d : e"))).toBe("(a ? b : (c ? d : e))");
    expect(show(expr("(a + b) * c"))).toBe("(paren((a + b)) * c)");
  });

  it("gives binary and conditional nodes the span of their operands", () => {
    const text = "a = x + y * 2 ? z : w\n";
    const e = attr(text).expr;
    expect(slice(text, e)).toBe("x + y * 2 ? z : w");
    if (e.kind !== "conditional") throw new Error(e.kind);
    expect(slice(text, e.condition)).toBe("x + y * 2");
  });

  it("parses traversals, legacy indexes and calls", () => {
    expect(show(expr('var.list[0].name["k"]'))).toBe('var.list[0].name[["k"]]');
    expect(show(expr("aws_instance.web.0.id"))).toBe("aws_instance.web[0].id");
    expect(show(expr("merge(a, [b]...)"))).toBe("merge(a, [b]...)");
    const text = "a = provider::aws::arn_parse(x).account\n";
    const e = attr(text).expr;
    expect(show(e)).toBe("provider::aws::arn_parse(x).account");
    if (e.kind !== "getattr" || e.target.kind !== "call") throw new Error(e.kind);
    expect(slice(text, e.target.nameSpan)).toBe("provider::aws::arn_parse");
    expect(slice(text, e.nameSpan)).toBe("account");
  });

  it("builds splats on a placeholder", () => {
    expect(show(expr("a[*].b[0]"))).toBe("splat[*](a; *.b[0])");
    expect(show(expr("a.*.b.c"))).toBe("splat.*(a; *.b.c)");
    // Only attribute steps belong to an attribute-only splat; an index applies to its result.
    expect(show(expr("a.*.b[0]"))).toBe("splat.*(a; *.b)[0]");
    expect(show(expr("a[*]"))).toBe("splat[*](a; *)");
    const text = "a = x.y[*].z\n";
    const e = attr(text).expr;
    if (e.kind !== "splat") throw new Error(e.kind);
    expect(slice(text, e)).toBe("x.y[*].z");
    expect(slice(text, e.each)).toBe("[*].z");
  });

  it("parses tuples and objects", () => {
    expect(show(expr("[1, 2,]"))).toBe("[1, 2]");
    expect(show(expr('{\n  a = 1\n  "b c": 2,\n  (k) = 3\n  x.y = 4\n}'))).toBe('{["a"]=1, ["b c"]=2, paren(k)=3, x.y=4}');
    const text = "a = { name = 1 }\n";
    const e = attr(text).expr;
    if (e.kind !== "object") throw new Error(e.kind);
    const key = e.items[0]?.key;
    // A bare name is a literal key: a one-part template spanning the name.
    expect(key).toMatchObject({ kind: "template", parts: [{ kind: "literal", value: "name" }] });
    expect(slice(text, key ?? { start: 0, end: 0 })).toBe("name");
  });

  it("parses for expressions", () => {
    expect(show(expr("[for s in var.list : upper(s) if s != \"\"]"))).toBe('for(,s in var.list: upper(s) if (s != [""]))');
    expect(show(expr("{ for k, v in var.map : k => v... }"))).toBe("for(k,v in var.map: k => v...)");
    expect(show(expr("{\n  for k, v in m :\n  k => v\n}"))).toBe("for(k,v in m: k => v)");
  });

  it("keeps parentheses", () => {
    const text = "a = (b)\n";
    expect(attr(text).expr).toMatchObject({ kind: "paren", start: 4, end: 7, expr: { kind: "variable", name: "b", start: 5, end: 6 } });
  });
});

describe("parseHcl: templates", () => {
  it("applies escapes", () => {
    expect(stringValue('"a\\nb\\r\\t\\"q\\" \\\\"')).toBe('a\nb\r\t"q" \\');
    expect(stringValue('"\\u00e9\\U0001F600"')).toBe("é😀");
    expect(stringValue('"$${x} %%{y} $ % $$"')).toBe("${x} %{y} $ % $$");
    expect(stringValue('""')).toBe("");
  });

  it("splits interpolations and positions the parts", () => {
    const text = 'a = "x-${var.y}-z"\n';
    const t = attr(text).expr as TemplateExpr;
    expect(t.parts.map((p) => p.kind)).toEqual(["literal", "interpolation", "literal"]);
    expect(t.parts.map((p) => slice(text, p))).toEqual(["x-", "${var.y}", "-z"]);
    expect(slice(text, t)).toBe('"x-${var.y}-z"');
  });

  it("applies strip markers to neighbouring literals", () => {
    const t = template('"a  ${~ x ~}  b"');
    expect(t.parts.map((p) => (p.kind === "literal" ? p.value : p.kind))).toEqual(["a", "interpolation", "b"]);
    expect(t.parts[1]).toMatchObject({ stripLeft: true, stripRight: true });
  });

  it("nests if and for directives", () => {
    const t = template('"%{ if on ~} yes %{~ else }no%{ endif }:%{ for k, v in m }${k}%{ endfor }"');
    const [cond, colon, loop] = t.parts as [TemplatePart, TemplatePart, TemplatePart];
    expect(cond).toMatchObject({ kind: "if", then: [{ kind: "literal", value: "yes" }], else: [{ kind: "literal", value: "no" }] });
    expect(colon).toMatchObject({ kind: "literal", value: ":" });
    expect(loop).toMatchObject({ kind: "for", keyVar: "k", valueVar: "v", body: [{ kind: "interpolation" }] });
    expect(template('"%{if a}x%{endif}"').parts[0]).toMatchObject({ kind: "if", else: undefined });
  });

  it("keeps a heredoc's final newline", () => {
    const t = template("<<EOT\nline 1\n  line 2\nEOT\n");
    expect(t.heredoc).toEqual({ marker: "EOT", indented: false });
    expect(t.parts).toMatchObject([{ kind: "literal", value: "line 1\n  line 2\n" }]);
    expect(stringValue("<<EOT\nEOT\n")).toBe("");
  });

  it("dedents <<- heredocs by the smallest indentation, ignoring blank lines", () => {
    const text = "a = <<-EOT\n    one\n      two ${x}\n\n    three\n  EOT\n";
    const t = attr(text).expr as TemplateExpr;
    expect(t.heredoc).toEqual({ marker: "EOT", indented: true });
    expect(t.parts.map((p) => (p.kind === "literal" ? p.value : p.kind))).toEqual(["one\n  two ", "interpolation", "\n\nthree\n"]);
    expect(slice(text, t)).toBe("<<-EOT\n    one\n      two ${x}\n\n    three\n  EOT");
  });

  it("treats a line starting with a sequence as unindented", () => {
    expect(template("<<-EOT\n    a\n${b}\nEOT\n").parts[0]).toMatchObject({ value: "    a\n" });
  });

  it("reads CRLF heredocs", () => {
    expect(stringValue("<<EOT\r\nx\r\nEOT\r\n")).toBe("x\r\n");
  });
});

describe("parseHcl: errors", () => {
  it("reports an unterminated string where its line ends", () => {
    expect(errorAt('a = 1\nb = "abc\nc = 2\n')).toMatchObject({ line: 2, column: 9, message: expect.stringContaining("unterminated string") as unknown });
  });

  it("reports a missing equals sign", () => {
    expect(errorAt("x {\n  foo 1\n}\n")).toMatchObject({ line: 2, column: 3 });
    expect(errorAt("foo\n")).toMatchObject({ line: 1, column: 1, message: 'expected "=" or "{" after attribute or block name' });
  });

  it("reports an unclosed brace at the brace", () => {
    expect(errorAt('resource "a" "b" {\n  x = 1\n')).toMatchObject({ line: 1, column: 18, message: expect.stringContaining('unclosed "{"') as unknown });
    expect(errorAt("a = {\n  b = 1")).toMatchObject({ line: 1, column: 5 });
    // After a newline the object expects another key: hclsyntax reports the missing expression.
    expect(errorAt("a = {\n  b = 1\n")).toMatchObject({ line: 3, column: 1 });
  });

  it("reports a stray token", () => {
    expect(errorAt("a = 1 2\n")).toMatchObject({ line: 1, column: 7, message: "expected a newline after the argument" });
    expect(errorAt("a = 1\n}\n")).toMatchObject({ line: 2, column: 1 });
    expect(errorAt("a = [1 2]\n")).toMatchObject({ line: 1, column: 8 });
  });

  it("reports lexical errors first, as hclsyntax does", () => {
    // The parse error on line 1 comes after the invalid character on line 2 in hclsyntax's list.
    expect(errorAt("a = = 1\nb = 'x'\n")).toMatchObject({ line: 2, column: 5 });
  });

  it("reports escapes, attribute redefinition and template structure", () => {
    expect(errorAt('a = "\\q"\n')).toMatchObject({ line: 1, column: 6 });
    expect(errorAt("a = 1\na = 2\n")).toMatchObject({ line: 2, column: 1 });
    expect(errorAt('a = "%{if x}y"\n')).toMatchObject({ line: 1, column: 14 });
    expect(errorAt("a = <<EOT\nabc\nEOT")).toMatchObject({ line: 3, column: 4 });
  });

  it("refuses nesting beyond the limit without overflowing the stack", () => {
    for (const text of [
      "a = " + "[".repeat(50_000),
      "a = " + "(".repeat(50_000),
      "a = " + "!".repeat(50_000) + "x",
      "a = " + '"${'.repeat(20_000),
      'a = "' + "%{if x}".repeat(20_000) + '"',
      "a {\n".repeat(20_000),
      "a = " + "x ? y : ".repeat(20_000) + "z",
    ]) {
      const result = parseHcl(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toContain(String(MAX_HCL_NESTING));
    }
    expect(parseHcl("a = " + "[".repeat(100) + "]".repeat(100) + "\n").ok).toBe(true);
  });

  it("never throws on arbitrary input", () => {
    let seed = 1;
    const alphabet = "ab1 .\"'{}[]()=,:?!<>-+*/%&|~$#\\\n\r\t`;^é😀<<-EOT${}%{}...=>::";
    for (let k = 0; k < 3000; k++) {
      let text = "";
      const n = k % 60;
      for (let i = 0; i < n; i++) {
        seed = (seed * 16807) % 2147483647;
        text += alphabet[seed % alphabet.length] ?? "";
      }
      const result = parseHcl(text);
      if (!result.ok) expect(result.error.message).not.toMatch(/^internal/);
    }
  });
});

describe("parseHcl: spans", () => {
  /** Every child span lies inside its parent's, and every node's span inside the text. */
  function checkSpans(e: Expr, outer: { start: number; end: number }, text: string): void {
    expect(e.start).toBeGreaterThanOrEqual(outer.start);
    expect(e.end).toBeLessThanOrEqual(outer.end);
    expect(e.start).toBeLessThanOrEqual(e.end);
    const children: Expr[] = [];
    switch (e.kind) {
      case "variable":
        if (e.name !== "*") expect(slice(text, e)).toBe(e.name);
        break;
      case "literal":
        expect(slice(text, e)).toBe(e.raw);
        break;
      case "getattr":
        expect(slice(text, e.nameSpan)).toBe(e.name);
        children.push(e.target);
        break;
      case "index":
        children.push(e.target, e.key);
        break;
      case "splat":
        children.push(e.source);
        break;
      case "call":
        children.push(...e.args);
        break;
      case "unary":
        children.push(e.operand);
        break;
      case "binary":
        children.push(e.left, e.right);
        break;
      case "conditional":
        children.push(e.condition, e.then, e.else);
        break;
      case "tuple":
        children.push(...e.items);
        break;
      case "object":
        for (const item of e.items) children.push(item.key, item.value);
        break;
      case "paren":
        children.push(e.expr);
        break;
      case "for":
        children.push(e.collection, e.valueExpr);
        if (e.keyExpr) children.push(e.keyExpr);
        if (e.condition) children.push(e.condition);
        break;
      case "template": {
        const walk = (parts: TemplatePart[]): void => {
          for (const part of parts) {
            expect(part.start).toBeGreaterThanOrEqual(e.start);
            expect(part.end).toBeLessThanOrEqual(e.end);
            if (part.kind === "interpolation") children.push(part.expr);
            else if (part.kind === "if") {
              children.push(part.condition);
              walk(part.then);
              walk(part.else ?? []);
            } else if (part.kind === "for") {
              children.push(part.collection);
              walk(part.body);
            }
          }
        };
        walk(e.parts);
        break;
      }
    }
    for (const child of children) checkSpans(child, e, text);
  }

  it("nests the spans of a file mixing every construct", () => {
    const text = [
      'resource "a" "b" {',
      '  x = [for k, v in var.m : "${k}=${v}" if v != null]',
      "  y = { for k, v in local.m : upper(k) => v... }",
      "  z = a.b[0].*.c + f(d[*].e, (g ? h : -i)...)",
      "  w = <<-EOT",
      "    %{ if x ~}",
      "    ${y.z}",
      "    %{~ endif }",
      "    EOT",
      '  v = "\\u00e9 ${"nested ${deep}"}"',
      "}",
      "",
    ].join("\n");
    const file = parse(text);
    const visit = (items: (Attribute | Block)[]): void => {
      for (const item of items) {
        if (item.kind === "block") visit(item.body.items);
        else {
          expect(item.start).toBe(item.nameSpan.start);
          expect(item.end).toBe(item.expr.end);
          checkSpans(item.expr, item, text);
        }
      }
    };
    visit(file.body.items);
  });
});
