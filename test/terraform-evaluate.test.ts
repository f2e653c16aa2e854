import { posix } from "node:path";
import { describe, expect, it } from "vitest";
import { moduleConfig, type HclSource, type ModuleConfig } from "../src/extract/terraform/config.js";
import { evaluateTerraform, mergeTerraformUnits, parseTerraform } from "../src/extract/terraform/extract.js";
import { ModuleInstance, type Project } from "../src/extract/terraform/module.js";
import { fromPlain, isKnown, toPlain, type TfValue } from "../src/extract/terraform/value.js";
import { emptyFacts } from "../src/model/facts.js";
import { parseTemplate } from "../src/parse/hcl/parse.js";
import { LineIndex } from "../src/parse/lines.js";

/**
 * The root module of in-memory files (root-relative paths), built as extract.ts's TerraformProject builds it
 * (that class is not exported): `.tf` files are the module, every file is readable (templatefile).
 */
function rootModule(files: Record<string, string>, inputs: Record<string, unknown> = {}): ModuleInstance {
  const sources: HclSource[] = Object.entries(files)
    .filter(([path]) => path.endsWith(".tf"))
    .map(([path, text]) => {
      const { parsed, diagnostic } = parseTerraform(path, text);
      if (!parsed) throw new Error(diagnostic?.message ?? `${path} does not parse`);
      return { path, dir: posix.dirname(path), lines: new LineIndex(text), tree: parsed.tree };
    });
  const config = moduleConfig(".", sources);
  const project: Project = {
    module: (dir: string): ModuleConfig | undefined => (dir === "." ? config : undefined),
    readText: (path: string) => files[path],
    parseTemplate: (text: string, path: string) => {
      const result = parseTemplate(text);
      if (!result.ok) return undefined;
      return { expr: result.expr, source: { path, dir: posix.dirname(path), lines: new LineIndex(text), tree: { body: { items: [], start: 0, end: 0 }, comments: [] } } };
    },
    downloadedModule: () => undefined,
  };
  const values = new Map(Object.entries(inputs).map(([k, v]): [string, TfValue] => [k, fromPlain(v, undefined)]));
  return new ModuleInstance(project, config, "", values, [], ".");
}

const SITE = { file: "main.tf", startLine: 2, startColumn: 3, endLine: 2, endColumn: 4 };

/** Evaluates `expr` as `local.x` of a root module whose `main.tf` also holds `extra`. */
function evaluate(expr: string, extra = "", files: Record<string, string> = {}, inputs: Record<string, unknown> = {}): TfValue {
  const root = rootModule({ ...files, "main.tf": `locals {\n  x = ${expr}\n}\n${extra}` }, inputs);
  return root.local("x", SITE);
}

/** The plain value of a known result; fails the test when the result is not known. */
function known(expr: string, extra = "", files: Record<string, string> = {}, inputs: Record<string, unknown> = {}): unknown {
  const v = evaluate(expr, extra, files, inputs);
  if (!isKnown(v)) throw new Error(`${expr} is not known: ${JSON.stringify(v, (k, x: unknown) => (k === "range" || k === "origins" || k === "sourceMap" ? undefined : x instanceof Map ? (Object.fromEntries(x) as unknown) : x))}`);
  return toPlain(v);
}

/** The reason a result is not known; fails the test when it is known. */
function reason(expr: string, extra = ""): string {
  const v = evaluate(expr, extra);
  expect(isKnown(v), `${expr} should not be known`).toBe(false);
  expect(toPlain(v)).toBeUndefined();
  return v.k === "unknown" ? v.reason : `${v.k}: ${v.k === "string" ? v.text : ""}`;
}

const UNSET = `variable "unset" {}\n`;
const ROLE = `resource "aws_iam_role" "x" {\n  assume_role_policy = "{}"\n}\n`;
const TEMPLATE = `{
  "Version": "2012-10-17",
  "Statement": [
%{ for i, a in actions ~}
    {"Effect": "Allow", "Action": "\${a}", "Resource": "\${arn}"}%{ if i < length(actions) - 1 },%{ endif }
%{ endfor ~}
  ]
}
`;

describe("Terraform functions used by IAM code", () => {
  it.each<[string, unknown]>([
    // jsonencode: keys sorted, HTML characters escaped as Go's encoding/json does.
    ['format("%s", jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "ecr:*"}]}))', '{"Statement":[{"Action":"ecr:*","Effect":"Allow"}],"Version":"2012-10-17"}'],
    ['format("%s", jsonencode({b = "<a&b>", a = null, c = [true, 1.5]}))', '{"a":null,"b":"\\u003ca\\u0026b\\u003e","c":[true,1.5]}'],
    ['jsonencode(["ecr:Get*", {z = 1, a = "x>y"}])', '["ecr:Get*",{"a":"x\\u003ey","z":1}]'],
    ['jsonencode("line\\u2028sep\\n")', '"line\\u2028sep\\n"'],
    ["jsonencode(42)", "42"],
    ["jsonencode({Action = \"s3:*\"})", { Action: "s3:*" }],
    ['length(jsonencode({a = "b"}))', 9],
    ['replace(jsonencode({Action = "ecr:*"}), "*", "Get*")', '{"Action":"ecr:Get*"}'],
    // jsondecode
    ['jsondecode("{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Action\\":[\\"ecr:GetAuthorizationToken\\"]}]}")', { Version: "2012-10-17", Statement: [{ Action: ["ecr:GetAuthorizationToken"] }] }],
    ['jsondecode("\\"\\\\u003c\\"")', "<"],
    ["jsondecode(jsonencode({a = 1})).a", 1],
    ["length(jsondecode(jsonencode({a = 1, b = 2})))", 2],
    // concat
    ['concat(["ecr:GetAuthorizationToken"], ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])', ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]],
    ['concat([], ["a"], [])', ["a"]],
    // merge: later arguments win, null arguments are skipped
    ['merge({Effect = "Allow", Action = "ecr:*"}, {Action = "ecr:Get*"}, null)', { Effect: "Allow", Action: "ecr:Get*" }],
    ["merge()", {}],
    // toset: duplicates dropped; strings in lexical order, numbers in numeric order
    ['toset(["ecr:PutImage", "ecr:BatchGetImage", "ecr:PutImage"])', ["ecr:BatchGetImage", "ecr:PutImage"]],
    ["toset([10, 2, 10])", [2, 10]],
    ["toset([])", []],
    // tolist
    ['tolist(["b", "a"])', ["b", "a"]],
    ['tolist(toset(["b", "a"]))', ["a", "b"]],
    // tomap
    ['tomap({"aws:SourceAccount" = "123456789012"})', { "aws:SourceAccount": "123456789012" }],
    ["tomap({})", {}],
    // flatten: recursive, empty lists vanish
    ['flatten([["ecr:A", ["ecr:B", ["ecr:C"]]], [], "ecr:D"])', ["ecr:A", "ecr:B", "ecr:C", "ecr:D"]],
    ["flatten([[], [[]]])", []],
    // distinct keeps the first occurrence, in order (unlike toset)
    ['distinct(["ecr:PutImage", "ecr:BatchGetImage", "ecr:PutImage"])', ["ecr:PutImage", "ecr:BatchGetImage"]],
    ['distinct([{a = 1}, {a = 1}, {a = 2}])', [{ a: 1 }, { a: 2 }]],
    // compact drops empty strings and nulls
    ['compact(["ecr:GetAuthorizationToken", "", null, "ecr:BatchGetImage"])', ["ecr:GetAuthorizationToken", "ecr:BatchGetImage"]],
    ['compact(["", null])', []],
    // format
    ['format("arn:aws:iam::%s:role/%s", "123456789012", "node")', "arn:aws:iam::123456789012:role/node"],
    ['format("%s-%d-%q-%v-%v-%t", "a", 3, "q\\"<", true, 1.5, false)', 'a-3-"q\\"\\u003c"-true-1.5-false'],
    ['format("%v|%v", ["a", 1], {b = 1, a = "<"})', '["a",1]|{"a":"\\u003c","b":1}'],
    ['format("arn:aws:iam::%012d:root", 12345678901)', "arn:aws:iam::012345678901:root"],
    ['format("%-4s|%4s|%.3s|%%|%d", "ab", "ab", "abcdef", "7")', "ab  |  ab|abc|%|7"],
    ['format("%v", null)', "null"],
    // join
    ['join(",", ["ecr:A", "ecr:B"])', "ecr:A,ecr:B"],
    ['join(",", [])', ""],
    ['join("/", ["arn", 1, true])', "arn/1/true"],
    // split
    ['split(":", "arn:aws:iam::123456789012:role/node")', ["arn", "aws", "iam", "", "123456789012", "role/node"]],
    ['split(",", "")', [""]],
    // replace: plain, /regex/ with Go's $1 ${1} ${name} $$ expansion
    ['replace("arn:aws:iam::123456789012:role/node", "role/", "instance-profile/")', "arn:aws:iam::123456789012:instance-profile/node"],
    ['replace("a.b.c", ".", "")', "abc"],
    ['replace("arn:aws:ecr:eu-west-1:123456789012:repository/app", "/^arn:aws:ecr:([^:]+):.*$/", "$1")', "eu-west-1"],
    ['replace("ecr:PutImage", "/^ecr:(.*)$/", "$${1}Layer")', "PutImageLayer"],
    ['replace("ecr:PutImage", "/^ecr:(.*)$/", "$1x")', ""],
    ['replace("ecr:PutImage", "/(?P<svc>\\\\w+):/", "$${svc}/")', "ecr/PutImage"],
    ['replace("ECR:PutImage", "/(?i)^ecr:/", "")', "PutImage"],
    ['replace("a-b-c", "/-/", "$$")', "a$b$c"],
    ['replace("aaa", "/a/", "b")', "bbb"],
    // lookup
    ['lookup({pull = "ecr:BatchGetImage"}, "pull", "none")', "ecr:BatchGetImage"],
    ['lookup({pull = "ecr:BatchGetImage"}, "push", "none")', "none"],
    ['lookup({pull = "ecr:BatchGetImage"}, "pull")', "ecr:BatchGetImage"],
    // element wraps around; a negative index counts from the end (Terraform >= 1.10)
    ['element(["a", "b", "c"], 1)', "b"],
    ['element(["a", "b", "c"], 4)', "b"],
    ['element(["a", "b", "c"], -1)', "c"],
    // coalesce skips nulls and empty strings
    ['coalesce(null, "", "node")', "node"],
    ['coalesce("first", "second")', "first"],
    // coalescelist skips empty lists
    ['coalescelist([], ["ecr:*"], ["s3:*"])', ["ecr:*"]],
    // length counts characters, elements, keys
    ['length("héllo")', 5],
    ['length(["a", "b"])', 2],
    ["length({a = 1, b = 2, c = 3})", 3],
    ["length([])", 0],
    // keys and values in key order
    ['keys({push = 1, pull = 2})', ["pull", "push"]],
    ['values({push = "ecr:PutImage", pull = "ecr:BatchGetImage"})', ["ecr:BatchGetImage", "ecr:PutImage"]],
    // contains
    ['contains(["ecr:PutImage", "ecr:BatchGetImage"], "ecr:PutImage")', true],
    ['contains(["ecr:PutImage"], "ecr:putimage")', false],
    ["contains([], 1)", false],
    // try and can
    ['try({a = 1}.b, "fallback")', "fallback"],
    ['try(lookup({}, "missing"), "fallback")', "fallback"],
    ['try(element([], 0), "none")', "none"],
    ['try(jsondecode("{"), {})', {}],
    ['try("first", "second")', "first"],
    ["can({a = 1}.a)", true],
    ["can({a = 1}.b)", false],
    ['can(jsondecode("not json"))', false],
    ['can(tonumber("12"))', true],
    ['can(tonumber("twelve"))', false],
    // lower, upper, trimspace
    ['lower("ECR:PutImage")', "ecr:putimage"],
    ['upper("ecr:*")', "ECR:*"],
    ['lower("")', ""],
    ['trimspace("  ecr:* \\n\\t")', "ecr:*"],
    ['trimspace("")', ""],
  ])("%s", (expr, expected) => {
    expect(known(expr)).toEqual(expected);
  });

  it("jsonencode keeps an object structured (with its positions) and marks it as JSON", () => {
    const v = evaluate('jsonencode({b = "x", a = [1]})');
    expect(v).toMatchObject({ k: "object", json: true });
    expect(toPlain(v)).toEqual({ b: "x", a: [1] });
  });

  it("jsonencode inside a template is the JSON text Terraform makes", () => {
    expect(known('"policy=${jsonencode({b = "<x>", a = 1})}"')).toBe('policy={"a":1,"b":"\\u003cx\\u003e"}');
  });

  it("templatefile reads a second file through the project's readText and renders %{for} and %{if}", () => {
    const files = { "policy.json.tpl": TEMPLATE };
    const text = known('templatefile("policy.json.tpl", {actions = ["ecr:BatchGetImage", "ecr:PutImage"], arn = "arn:aws:ecr:*:*:repository/app"})', "", files);
    expect(typeof text).toBe("string");
    expect(JSON.parse(text as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "ecr:BatchGetImage", Resource: "arn:aws:ecr:*:*:repository/app" },
        { Effect: "Allow", Action: "ecr:PutImage", Resource: "arn:aws:ecr:*:*:repository/app" },
      ],
    });
    expect(known('templatefile("t.tpl", {name = "node"})', "", { "t.tpl": "role/${upper(name)}" })).toBe("role/NODE");
  });

  it("templatefile with an unknown variable keeps a placeholder and is not known", () => {
    const v = evaluate('templatefile("t.tpl", {arn = aws_iam_role.x.arn})', ROLE, { "t.tpl": "Resource=${arn}" });
    expect(v).toMatchObject({ k: "string", known: false, text: "Resource=${arn}" });
  });

  // Where Terraform fails, pullguard's value is unknown with the error as reason (try and can see the error).
  it.each<[string, RegExp]>([
    ["element([], 0)", /element\(\) of an empty list/],
    ['element(["a"], 0.5)', /whole number index/],
    ['lookup({a = "x"}, "b")', /lookup\(\) found no key "b"/],
    ['coalesce(null, "")', /coalesce\(\) found no non-null, non-empty argument/],
    ["coalescelist([], [])", /coalescelist\(\) found no non-empty list/],
    ['jsondecode("not json")', /jsondecode\(\) of text that is not JSON/],
    ["length(1)", /length\(\) needs a string, list or map/],
    ['join(",", "a")', /join\(\) needs a list/],
    ['concat("a", ["b"])', /concat\(\) needs a list/],
    ['upper(["a"])', /upper\(\) needs a string/],
    ['tomap(["a"])', /tomap\(\) needs an object/],
    ['format("%d", 3.5)', /needs a whole number/],
    ['format("%d", "x")', /needs a whole number/],
    ['format("%s", ["a"])', /cannot format a tuple/],
    ['format("%s", null)', /cannot format null/],
    ['format("%s %s", "a")', /too few arguments/],
    ['templatefile("missing.tpl", {})', /missing\.tpl is not a file inside the scanned folders/],
    ["local.nope", /no local value "nope"/],
    ['try(lookup({}, "a"), lookup({}, "b"))', /no argument of try\(\) could be evaluated/],
  ])("%s is an error", (expr, expected) => {
    expect(reason(expr)).toMatch(expected);
  });

  // What pullguard does not evaluate is unknown, never a guess.
  it.each<[string, RegExp]>([
    ['format("%x", 255)', /verb %x is not evaluated/],
    ['format("%[1]s", "a")', /verb %\[1\]s is not evaluated/],
    ['replace("arn", "/\\\\Aarn/", "x")', /regular expression pullguard cannot evaluate/],
    ['replace("arn", "/(?U)a+/", "x")', /regular expression pullguard cannot evaluate/],
    ['sha256("x")', /sha256\(\) is not evaluated by pullguard/],
    ['nosuchfunction("x")', /unknown function nosuchfunction\(\)/],
  ])("%s is not evaluated", (expr, expected) => {
    expect(reason(expr)).toMatch(expected);
  });
});

describe("unknown values propagate", () => {
  it("a variable without default or input is unknown", () => {
    expect(reason("var.unset", UNSET)).toBe("variable unset has no value (no default, no input)");
  });

  it("a computed attribute is unknown and keeps the reference to its resource", () => {
    const v = evaluate("aws_iam_role.x.arn", ROLE);
    expect(v).toMatchObject({ k: "unknown", reason: "aws_iam_role.x.arn is only known after apply", ref: { key: "tf:.::aws_iam_role.x", attribute: "arn" } });
  });

  it("a template over a computed attribute keeps a placeholder, not a guessed ARN", () => {
    const v = evaluate('"${aws_iam_role.x.arn}/*"', ROLE);
    expect(v).toMatchObject({ k: "string", known: false, text: "${aws_iam_role.x.arn}/*", ref: { key: "tf:.::aws_iam_role.x", attribute: "arn" } });
  });

  it("a configured attribute of a resource is known", () => {
    expect(known("aws_iam_role.x.name", 'resource "aws_iam_role" "x" {\n  name = "node"\n}\n')).toBe("node");
  });

  it.each<[string]>([
    ['join(",", [var.unset, "a"])'],
    ["jsonencode({a = var.unset})"],
    ["jsonencode([var.unset])"],
    ['format("arn:aws:iam::%d:root", var.unset)'],
    ['concat([var.unset], ["a"])'],
    ["merge({a = var.unset}, {b = 1})"],
    ["merge(var.unset, {b = 1})"],
    ['toset([var.unset, "a"])'],
    ["tolist(var.unset)"],
    ["tomap(var.unset)"],
    ['flatten([var.unset, ["a"]])'],
    ['distinct([var.unset, "a"])'],
    ['compact([var.unset, ""])'],
    ['split(",", var.unset)'],
    ['replace(var.unset, "a", "b")'],
    ['lookup(var.unset, "a", "d")'],
    ['lookup({a = "x"}, var.unset, "d")'],
    ["element(var.unset, 0)"],
    ['element(["a", "b"], var.unset)'],
    ['coalesce(var.unset, "x")'],
    ['coalescelist(var.unset, ["a"])'],
    ["length(var.unset)"],
    ["keys(var.unset)"],
    ["values(var.unset)"],
    ['contains(["a", var.unset], "b")'],
    ['try(var.unset, "fallback")'],
    ["can(var.unset)"],
    ['try(concat(var.unset, ["a"]), [])'],
    ["can(tomap(var.unset))"],
    ["jsondecode(var.unset)"],
    ["lower(aws_iam_role.x.arn)"],
    ["upper(var.unset)"],
    ["trimspace(var.unset)"],
    ['"%{if var.unset}a%{endif}"'],
    ['"%{for a in var.unset}${a}%{endfor}"'],
    ["[for a in var.unset : a]"],
    ["var.unset[*].arn"],
    ['var.unset == "a" ? "x" : "y"'],
  ])("%s", (expr) => {
    reason(expr, UNSET + ROLE);
  });

  it("a value found before an unknown one is known: contains, coalesce", () => {
    expect(known('contains(["a", var.unset], "a")', UNSET)).toBe(true);
    expect(known('coalesce("x", var.unset)', UNSET)).toBe("x");
  });

  it("a format over a placeholder string keeps the placeholder and is not known", () => {
    const v = evaluate('format("%s/*", "role/${aws_iam_role.x.arn}")', ROLE);
    expect(v).toMatchObject({ k: "string", known: false, text: "role/${aws_iam_role.x.arn}/*" });
  });

  it("a condition that is not known keeps both outcomes", () => {
    const v = evaluate('var.unset == "prod" ? "ecr:*" : "ecr:Get*"', UNSET);
    expect(v.k).toBe("cond");
    if (v.k !== "cond") return;
    expect(v.condition).toBe('var.unset == "prod"');
    expect([toPlain(v.then), toPlain(v.else)]).toEqual(["ecr:*", "ecr:Get*"]);
  });
});

describe("references and expressions", () => {
  it.each<[string, string, unknown]>([
    ["var.region", 'variable "region" {\n  default = "eu-west-1"\n}\n', "eu-west-1"],
    ["var.actions", 'variable "actions" {\n  type    = list(string)\n  default = ["ecr:BatchGetImage"]\n}\n', ["ecr:BatchGetImage"]],
    ["var.cfg", 'variable "cfg" {\n  type    = object({a = string, b = optional(string, "dflt")})\n  default = {a = "x"}\n}\n', { a: "x", b: "dflt" }],
    ["local.arn", 'locals {\n  account = "123456789012"\n  prefix  = "arn:aws:iam::${local.account}"\n  arn     = "${local.prefix}:role/${upper(local.name)}"\n  name    = "node"\n}\n', "arn:aws:iam::123456789012:role/NODE"],
    ["aws_iam_policy.p[1].name", 'resource "aws_iam_policy" "p" {\n  count = 2\n  name  = "policy-${count.index}"\n}\n', "policy-1"],
    ["aws_iam_policy.p[*].name", 'resource "aws_iam_policy" "p" {\n  count = 3\n  name  = "p${count.index}"\n}\n', ["p0", "p1", "p2"]],
    ['aws_iam_policy.p["pull"].name', 'resource "aws_iam_policy" "p" {\n  for_each = {pull = "ecr:BatchGetImage", push = "ecr:PutImage"}\n  name     = "${each.key}-${each.value}"\n}\n', "pull-ecr:BatchGetImage"],
    ['aws_iam_policy.p["b"].name', 'resource "aws_iam_policy" "p" {\n  for_each = toset(["a", "b"])\n  name     = "${each.key}=${each.value}"\n}\n', "b=b"],
    ['"%{if true}yes%{else}no%{endif}"', "", "yes"],
    ['"%{if 1 > 2}yes%{else}no%{endif}"', "", "no"],
    ['"%{for a in ["ecr:A", "ecr:B"]}${a};%{endfor}"', "", "ecr:A;ecr:B;"],
    ['"%{for k, v in {push = 2, pull = 1}}${k}=${v},%{endfor}"', "", "pull=1,push=2,"],
    ['"%{for a in []}${a}%{endfor}"', "", ""],
    ['<<-EOT\n    {"Action": "${lower("ECR:*")}"}\n    EOT', "", '{"Action": "ecr:*"}\n'],
    ['true ? "a" : "b"', "", "a"],
    ['length([]) > 0 ? "a" : "b"', "", "b"],
    ['var.env == "prod" ? ["ecr:Get*"] : ["ecr:*"]', 'variable "env" {\n  default = "prod"\n}\n', ["ecr:Get*"]],
    ['[for a in ["ecr:Get", "s3:Put", "ecr:Put"] : upper(a) if startswith(a, "ecr:")]', "", ["ECR:GET", "ECR:PUT"]],
    ['[for i, a in ["x", "y"] : "${i}:${a}"]', "", ["0:x", "1:y"]],
    ["{for k, v in {a = 1, b = 2, c = 3} : v => k if v != 2}", "", { "1": "a", "3": "c" }],
    ['{for a in ["x", "y", "x"] : a => a...}', "", { x: ["x", "x"], y: ["y"] }],
    ['{for k, v in {b = "ecr:B", a = "ecr:A"} : upper(k) => v}', "", { A: "ecr:A", B: "ecr:B" }],
    ['[for s in [{n = "a"}, {n = "b"}] : s][*].n', "", ["a", "b"]],
    ['[{arn = "a"}, {arn = "b"}][*].arn', "", ["a", "b"]],
    ['{arn = "a"}[*].arn', "", ["a"]],
    ["null[*]", "", []],
  ])("%s", (expr, extra, expected) => {
    expect(known(expr, extra)).toEqual(expected);
  });

  it("an input replaces the default", () => {
    expect(known("var.region", 'variable "region" {\n  default = "eu-west-1"\n}\n', {}, { region: "us-east-1" })).toBe("us-east-1");
  });

  it("a splat over computed attributes gives one unknown per instance", () => {
    const v = evaluate("aws_iam_policy.p[*].arn", 'resource "aws_iam_policy" "p" {\n  count = 2\n  name  = "p${count.index}"\n}\n');
    expect(v.k).toBe("tuple");
    if (v.k !== "tuple") return;
    expect(v.items.map((i) => (i.k === "unknown" ? i.ref : i.k))).toEqual([
      { key: "tf:.::aws_iam_policy.p[0]", attribute: "arn" },
      { key: "tf:.::aws_iam_policy.p[1]", attribute: "arn" },
    ]);
  });

  it("a local that refers to itself is unknown", () => {
    expect(reason("local.x")).toBe("local.x refers to itself");
  });
});

describe("variables through the scan options", () => {
  /** The name of the one role that the evaluation finds in `main.tf`. */
  function roleName(text: string, vars?: Record<string, string>): unknown {
    const { parsed } = parseTerraform("main.tf", text);
    if (!parsed) throw new Error("main.tf does not parse");
    const facts = emptyFacts();
    const units = evaluateTerraform([parsed], { readText: () => undefined, listDir: () => [], ...(vars ? { vars } : {}) });
    mergeTerraformUnits(units.map((u) => u.facts), facts);
    const name = facts.roles[0]?.name;
    return name?.known ? name.text : { unknown: name?.reason ?? "no name" };
  }
  const role = (name: string, variable: string) => `${variable}\nresource "aws_iam_role" "r" {\n  name               = ${name}\n  assume_role_policy = "{}"\n}\n`;

  it.each<[string, string, Record<string, string> | undefined, unknown]>([
    ["var.name", 'variable "name" {\n  default = "dflt"\n}', undefined, "dflt"],
    ["var.name", 'variable "name" {\n  default = "dflt"\n}', { name: "from-cli" }, "from-cli"],
    ["var.name", 'variable "name" {}', { name: "node-role" }, "node-role"],
    ["element(var.names, 1)", 'variable "names" {}', { names: '["a", "b"]' }, "b"],
    ['"${var.cfg.prefix}-node"', 'variable "cfg" {}', { cfg: '{prefix = "eks"}' }, "eks-node"],
    ["var.name", 'variable "name" {}', undefined, { unknown: "variable name has no value (no default, no input)" }],
  ])("%s with %j", (expr, variable, vars, expected) => {
    expect(roleName(role(expr, variable), vars)).toEqual(expected);
  });
});
