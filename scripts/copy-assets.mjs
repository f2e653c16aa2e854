#!/usr/bin/env node
// Copies the JSON tables and schemas that tsc does not emit next to the compiled code.
import { cpSync, mkdirSync, readdirSync } from "node:fs";

for (const dir of ["src/data", "src/config"]) {
  mkdirSync(`dist/${dir}`, { recursive: true });
  for (const name of readdirSync(dir)) if (name.endsWith(".json")) cpSync(`${dir}/${name}`, `dist/${dir}/${name}`);
}
