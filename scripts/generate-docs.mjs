#!/usr/bin/env node
// Writes docs/rules/ from the rules' metadata (the one source of rule facts). With --check, writes
// nothing and exits 1 if a page is out of date. Run `npm run build` first.
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { RULES } from "../dist/rules/index.js";
import { ruleDocsFile, ruleIndexMarkdown, ruleMarkdown } from "../dist/rules/docs.js";

const check = process.argv.includes("--check");
const dir = new URL("../docs/rules/", import.meta.url);
const pages = new Map(RULES.map((rule) => [ruleDocsFile(rule), ruleMarkdown(rule)]));
pages.set("README.md", ruleIndexMarkdown(RULES));

let stale = 0;
mkdirSync(dir, { recursive: true });
for (const [name, text] of pages) {
  const file = new URL(name, dir);
  const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (current === text) continue;
  stale++;
  if (check) console.error(`docs/rules/${name} is out of date`);
  else writeFileSync(file, text);
}
for (const name of readdirSync(dir)) {
  if (pages.has(name)) continue;
  stale++;
  if (check) console.error(`docs/rules/${name} belongs to no rule`);
  else {
    unlinkSync(new URL(name, dir));
    console.log(`docs/rules/${name} removed: it belongs to no rule`);
  }
}
if (check && stale > 0) {
  console.error("Run `npm run build && npm run generate` and commit the result.");
  process.exit(1);
}
console.log(check ? "docs/rules is up to date" : `docs/rules: ${stale} page(s) written`);
