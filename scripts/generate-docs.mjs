#!/usr/bin/env node
// Writes docs/rules/ from the rules' metadata (the one source of rule facts), and the README's table of
// contents from its headings (anchors as GitHub makes them). With --check, writes nothing and exits 1 if a
// page is out of date.
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import GithubSlugger from "github-slugger";
import { importSources } from "./import-sources.mjs";

const { RULES, ruleDocsFile, ruleIndexMarkdown, ruleMarkdown } = await importSources(
  "generate-docs",
  'export { RULES } from "./rules/index.ts"; export { ruleDocsFile, ruleIndexMarkdown, ruleMarkdown } from "./rules/docs.ts";',
);

const check = process.argv.includes("--check");
const dir = new URL("../docs/rules/", import.meta.url);
const pages = new Map(RULES.map((rule) => [ruleDocsFile(rule), ruleMarkdown(rule)]));
pages.set("README.md", ruleIndexMarkdown(RULES));

let stale = 0;

// The README's contents: its ## and ### headings (outside code blocks), between the two markers.
const readmeFile = new URL("../README.md", import.meta.url);
const readme = readFileSync(readmeFile, "utf8");
const slugger = new GithubSlugger();
const headings = readme.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^(##|###) (.+)$/gm);
const contents = [...headings].map(([, level, title]) => `${level === "##" ? "" : "  "}- [${title}](#${slugger.slug(title)})`).join("\n");
const withContents = readme.replace(/<!-- contents -->[\s\S]*?<!-- \/contents -->/, `<!-- contents -->\n${contents}\n<!-- /contents -->`);
if (!readme.includes("<!-- contents -->")) throw new Error("README.md has no <!-- contents --> marker");
if (withContents !== readme) {
  stale++;
  if (check) console.error("README.md: the table of contents is out of date");
  else writeFileSync(readmeFile, withContents);
}

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
  console.error("Run `npm run generate` and commit the result.");
  process.exit(1);
}
console.log(check ? "docs/rules and the README's contents are up to date" : `docs/rules and the README's contents: ${stale} page(s) written`);
