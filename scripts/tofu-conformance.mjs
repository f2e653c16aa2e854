#!/usr/bin/env node
// Regenerates test/tofu/expected.json: OpenTofu's own answer for every expression of
// test/tofu/expressions.yaml, which test/tofu-conformance.test.ts holds pullguard's evaluator to.
//   node scripts/tofu-conformance.mjs [--only ID]...     (tofu from $TOFU, else from PATH)
// Each case is evaluated in a folder of its own (one failing expression would spoil the others' console),
// as `local.case_value` beside the case's setup; tofu prints `jsonencode` (base64, so that nothing needs
// unescaping) and `type`, which is parsed into a structured type so that set/list and map/object survive.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CORPUS = join(ROOT, "test", "tofu", "expressions.yaml");
const EXPECTED = join(ROOT, "test", "tofu", "expected.json");
const tofu = process.env.TOFU || "tofu";

const only = [];
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === "--only" && process.argv[i + 1]) only.push(process.argv[++i]);
  else {
    console.error("usage: node scripts/tofu-conformance.mjs [--only ID]...");
    process.exit(2);
  }
}

const corpus = parse(readFileSync(CORPUS, "utf8"));
const seen = new Set();
for (const c of corpus.cases) {
  if (typeof c.id !== "string" || typeof c.expr !== "string") throw new Error(`a case needs an id and an expr: ${JSON.stringify(c)}`);
  if (seen.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
  seen.add(c.id);
}
for (const id of only) if (!seen.has(id)) throw new Error(`no case ${id}`);

// An empty CLI configuration: no warning about a missing ~/.terraformrc, no plugin cache, no telemetry.
const work = mkdtempSync(join(tmpdir(), "tofu-conformance-"));
const cliConfig = join(work, "tofurc");
writeFileSync(cliConfig, "");
const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };

const probe = spawnSync(tofu, ["version", "-json"], { encoding: "utf8", env });
if (probe.error || probe.status !== 0) {
  rmSync(work, { recursive: true, force: true });
  console.error(`tofu-conformance: cannot run OpenTofu's CLI (${tofu}): ${probe.error?.message ?? probe.stderr.trim()}`);
  console.error("Put `tofu` on PATH or set TOFU=/path/to/tofu; test/tofu/expected.json is left as it is.");
  process.exit(2);
}
const version = JSON.parse(probe.stdout).terraform_version;

/** Runs one case; resolves to `{json, type}`, `{unknown, type}` or `{error}`. */
function evaluate(c, index) {
  return new Promise((resolve, reject) => {
    const caseDir = mkdtempSync(join(work, `case-${index}-`));
    writeFileSync(join(caseDir, "main.tf"), `${c.setup ?? ""}\nlocals {\n  case_value = ${c.expr}\n}\n`);
    const child = spawn(tofu, ["console"], { cwd: caseDir, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => {
      try {
        // A case whose local fails still starts the console (the value is then unknown): the error is on stderr.
        const error = failure(stderr);
        if (error) resolve(error);
        else if (status === 0) resolve(answer(stdout));
        else throw new Error(`tofu console exited with ${status} and no error message`);
      } catch (err) {
        reject(new Error(`case ${c.id}: ${err.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
      }
    });
    child.stdin.end("base64encode(jsonencode(local.case_value))\ntype(local.case_value)\n");
  });
}

function answer(stdout) {
  const newline = stdout.indexOf("\n");
  const first = stdout.slice(0, newline);
  const type = parseType(stdout.slice(newline + 1).trim());
  // An untyped null argument makes many functions' results unknown, as if only known after apply.
  if (first === "(known after apply)") return { unknown: true, type };
  if (!/^"[A-Za-z0-9+/=]*"$/.test(first)) throw new Error("the first line is not a base64 string");
  const json = Buffer.from(first.slice(1, -1), "base64").toString("utf8");
  return { json, type };
}

// tofu colours its diagnostics even without a terminal, and NO_COLOR does not stop it.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function failure(stderr) {
  const lines = stderr.replace(ANSI, "").split("\n");
  const start = lines.findIndex((l) => /Error: /.test(l));
  if (start < 0) return undefined;
  const block = [];
  for (const l of lines.slice(start + 1)) {
    if (l.startsWith("╵")) break;
    block.push(l.replace(/^│ ?/, "").trimEnd());
  }
  // The last paragraph says what is wrong: the summary alone is often generic ("Error in function call").
  const paragraphs = block.join("\n").split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== "");
  const last = paragraphs.at(-1);
  const summary = lines[start].replace(/.*Error: /, "").trim();
  return { error: last && !/^on .* line \d+/.test(last) ? `${summary}: ${last.replace(/\s*\n\s*/g, " ")}` : summary };
}

/**
 * tofu's printed type as data: "string", "number", "bool", "dynamic", {list: T}, {set: T}, {map: T},
 * {tuple: [T...]}, {object: {name: T}}. An attribute name is everything before the last `: ` on its line.
 */
function parseType(text) {
  let pos = 0;
  const skip = () => {
    while (pos < text.length && /[\s,]/.test(text[pos])) pos++;
  };
  const expect = (s) => {
    skip();
    if (!text.startsWith(s, pos)) throw new Error(`type: expected ${s} at ${pos} in ${text}`);
    pos += s.length;
  };
  const type = () => {
    skip();
    for (const p of ["string", "number", "bool", "dynamic"]) {
      if (text.startsWith(p, pos)) {
        pos += p.length;
        return p;
      }
    }
    for (const c of ["list", "set", "map"]) {
      if (text.startsWith(`${c}(`, pos)) {
        pos += c.length + 1;
        const inner = type();
        expect(")");
        return { [c]: inner };
      }
    }
    if (text.startsWith("tuple([", pos)) {
      pos += 7;
      const elements = [];
      for (skip(); !text.startsWith("])", pos); skip()) elements.push(type());
      pos += 2;
      return { tuple: elements };
    }
    if (text.startsWith("object({", pos)) {
      pos += 8;
      const attrs = {};
      for (skip(); !text.startsWith("})", pos); skip()) {
        const end = text.indexOf("\n", pos);
        const line = text.slice(pos, end < 0 ? text.length : end);
        const m = /^(.*): (?=string|number|bool|dynamic|list\(|set\(|map\(|tuple\(\[|object\(\{)/.exec(line);
        if (!m) throw new Error(`type: no attribute at ${pos} in ${text}`);
        pos += m[0].length;
        attrs[m[1]] = type();
      }
      pos += 2;
      return { object: attrs };
    }
    throw new Error(`type: unexpected text at ${pos} in ${text}`);
  };
  const t = type();
  skip();
  if (pos !== text.length) throw new Error(`type: trailing text in ${text}`);
  return t;
}

const todo = corpus.cases.map((c, i) => [c, i]).filter(([c]) => only.length === 0 || only.includes(c.id));
const results = new Map();
let next = 0;
async function worker() {
  while (next < todo.length) {
    const [c, i] = todo[next++];
    results.set(c.id, await evaluate(c, i));
  }
}
try {
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), 8) }, worker));
} finally {
  rmSync(work, { recursive: true, force: true });
}

// With --only, the other cases keep their recorded answers.
const previous = only.length > 0 ? JSON.parse(readFileSync(EXPECTED, "utf8")).cases : {};
const cases = {};
for (const c of corpus.cases) {
  const r = results.get(c.id) ?? previous[c.id];
  if (r) cases[c.id] = r;
}
// One case a line, so that a change in OpenTofu's answers reads as a short diff.
const lines = Object.entries(cases).map(([id, r]) => `    ${JSON.stringify(id)}: ${JSON.stringify(r)}`);
const header = `  "generator": "scripts/tofu-conformance.mjs",\n  "tofu": ${JSON.stringify(version)},\n`;
writeFileSync(EXPECTED, `{\n${header}  "cases": {\n${lines.join(",\n")}\n  }\n}\n`);
const errors = Object.values(cases).filter((r) => "error" in r).length;
console.log(`${EXPECTED}: ${Object.keys(cases).length} cases (${errors} errors) from OpenTofu ${version}`);
