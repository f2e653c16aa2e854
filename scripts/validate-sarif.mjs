#!/usr/bin/env node
// Validates SARIF files with Microsoft's SARIF Multitool (`validate --rule-kind "Sarif;Ghas"`, the
// checks GitHub code scanning applies) and exits 1 if any file has an error-level result.
//   node scripts/validate-sarif.mjs FILE...
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const require = createRequire(import.meta.url);
const binary = require("@microsoft/sarif-multitool");
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/validate-sarif.mjs FILE...");
  process.exit(2);
}
const out = mkdtempSync(join(tmpdir(), "sarif-validation-"));
let failed = 0;
for (const file of files) {
  const report = join(out, `${basename(file)}.validation.sarif`);
  const run = spawnSync(binary, ["validate", file, "--rule-kind", "Sarif;Ghas", "--output", report, "--log", "ForceOverwrite"], { encoding: "utf8" });
  if (run.status !== 0) {
    console.error(`${file}: the validator failed to run (exit ${run.status})\n${run.stdout}${run.stderr}`);
    failed++;
    continue;
  }
  const results = JSON.parse(readFileSync(report, "utf8")).runs[0].results ?? [];
  const errors = results.filter((r) => (r.level ?? "warning") === "error");
  const warnings = results.length - errors.length;
  for (const e of errors) console.error(`${file}: ${e.ruleId}: ${e.message.text}`);
  console.log(`${file}: ${errors.length} error(s), ${warnings} warning(s)`);
  if (errors.length > 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
