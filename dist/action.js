import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  main
} from "./chunks/chunk-7VKSY3OO.js";
import {
  workflowCommand
} from "./chunks/chunk-TNEEBDMP.js";
import "./chunks/chunk-27Z4YRLD.js";
import "./chunks/chunk-JRZLBE45.js";
import "./chunks/chunk-HU7SY652.js";

// src/cli/action.ts
import { randomUUID } from "node:crypto";
import { appendFileSync, statSync } from "node:fs";
import { resolve } from "node:path";

// node_modules/string-argv/index.js
function parseArgsStringToArgv(value, env, file) {
  const myArray = [];
  if (env) {
    myArray.push(env);
  }
  if (file) {
    myArray.push(file);
  }
  let current = "";
  let inQuote = null;
  let hasToken = false;
  let i = 0;
  while (i < value.length) {
    const char = value[i];
    if (inQuote) {
      if (char === inQuote) {
        inQuote = null;
      } else {
        current += char;
      }
    } else {
      if (char === '"' || char === "'") {
        inQuote = char;
        hasToken = true;
      } else if (/\s/.test(char)) {
        if (hasToken) {
          myArray.push(current);
          current = "";
          hasToken = false;
        }
      } else {
        current += char;
        hasToken = true;
      }
    }
    i++;
  }
  if (hasToken) {
    myArray.push(current);
  }
  return myArray;
}

// src/cli/action.ts
var FORMATS = ["sarif", "github", "text", "json", "markdown"];
var OWN_OPTIONS = ["--format", "--output", "--fail-on"];
function readInputs(input2) {
  const paths = input2("paths").split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
  const args = parseArgsStringToArgv(input2("args"));
  const taken = args.find((arg) => OWN_OPTIONS.some((option) => arg === option || arg.startsWith(`${option}=`)));
  if (taken) return { error: `args: ${taken} is set by the inputs format, sarif-file and fail-on; remove it from args` };
  const format = input2("format") || "sarif";
  if (!FORMATS.includes(format)) return { error: `format: ${format}: expected one of ${FORMATS.join(", ")}` };
  return { paths: paths.length > 0 ? paths : ["."], args, format, failOn: input2("fail-on") || "error", sarifFile: input2("sarif-file") || "pullguard.sarif" };
}
function commandLine(inputs, summaryFile) {
  const reports = inputs.format === "sarif" ? ["--format", "sarif", "--output", inputs.sarifFile, "--format", "text"] : ["--format", inputs.format];
  const summary = summaryFile ? ["--format", "markdown", "--output", summaryFile] : [];
  return ["scan", ...inputs.args, ...reports, ...summary, "--fail-on", inputs.failOn, "--", ...inputs.paths];
}
function input(name) {
  return (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}
function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}
${value}
${delimiter}
`);
}
function fail(message) {
  process.stdout.write(`${workflowCommand("error", [], message)}
`);
  process.exitCode = 1;
}
function modified(file) {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs;
}
async function run() {
  const inputs = readInputs(input);
  if ("error" in inputs) {
    fail(inputs.error);
    return;
  }
  const cwd = process.cwd();
  const sarifPath = resolve(cwd, inputs.sarifFile);
  const sarifBefore = modified(sarifPath);
  let messages = "";
  const status = await main(commandLine(inputs, process.env.GITHUB_STEP_SUMMARY || void 0), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => {
      messages += text;
      process.stderr.write(text);
    },
    cwd,
    env: process.env,
    isTTY: false
  });
  const sarifAfter = modified(sarifPath);
  if (inputs.format === "sarif" && sarifAfter !== void 0 && sarifAfter !== sarifBefore) setOutput("sarif-file", inputs.sarifFile);
  setOutput("exit-code", String(status));
  if (status === 1) fail(`pullguard: findings at or above ${inputs.failOn}`);
  else if (status === 2) fail(messages.trim() || "pullguard: the inputs are not valid");
  else if (status === 3) fail("pullguard: the scan is incomplete: some files could not be read or parsed (listed above)");
}
await run();
