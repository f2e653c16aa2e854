#!/usr/bin/env node
// Prints the CHANGELOG.md section of a version (`0.2.0`, or `v0.2.0`): what its GitHub release says.
// Exits 2 when the changelog has no section for it, so that a release is never published without notes.
import { readFileSync } from "node:fs";

const [, , wanted] = process.argv;
if (!wanted) {
  process.stderr.write("usage: node scripts/changelog-section.mjs VERSION\n");
  process.exit(2);
}
const version = wanted.replace(/^v/, "");
const text = readFileSync(new URL("../CHANGELOG.md", import.meta.url), "utf8");
const lines = text.split("\n");
const start = lines.findIndex((l) => l.startsWith(`## [${version}]`));
if (start < 0) {
  process.stderr.write(`CHANGELOG.md has no section for ${version}: add "## [${version}] - YYYY-MM-DD" before releasing\n`);
  process.exit(2);
}
const end = lines.findIndex((l, i) => i > start && (l.startsWith("## [") || /^\[[^\]]+\]: /.test(l)));
process.stdout.write(`${lines.slice(start + 1, end < 0 ? undefined : end).join("\n").trim()}\n`);
