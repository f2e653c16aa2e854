import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  computeKpis,
  formatGithub,
  formatJson,
  formatMarkdown,
  formatSarif,
  formatText,
  readCloudTrail,
  scan
} from "./chunks/chunk-TNEEBDMP.js";
import {
  RULES,
  findRule
} from "./chunks/chunk-27Z4YRLD.js";
import "./chunks/chunk-HU7SY652.js";

// src/index.ts
function formatSarif2(result) {
  return formatSarif(result, RULES);
}
export {
  RULES,
  computeKpis,
  findRule,
  formatGithub,
  formatJson,
  formatMarkdown,
  formatSarif2 as formatSarif,
  formatText,
  readCloudTrail,
  scan
};
