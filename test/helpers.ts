import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { LevelSetting } from "../src/model/finding.js";
import { scan, type ScanResult } from "../src/scan.js";

export const PROJECT = fileURLToPath(new URL("..", import.meta.url));
export const FIXTURES = join(PROJECT, "fixtures");
export const CORPUS = join(PROJECT, "..", "shared", "corpus");

export interface Located {
  rule: string;
  file: string;
  line: number;
  column: number;
  messageId: string;
}

/** Scans a folder and returns what a test pins: rule, file (relative to the folder), line, column, message id. */
export function scanFolder(dir: string, rules: Record<string, LevelSetting> = {}): { result: ScanResult; findings: Located[] } {
  // expected.json holds a fixture's expectations; it is not part of what is scanned.
  const result = scan({ paths: [dir], cwd: dir, rules, exclude: ["expected.json"] });
  const rel = (file: string) => relative(dir, join(result.root, file)).split("\\").join("/");
  const findings = result.findings.map((f) => ({
    rule: f.ruleId,
    file: rel(f.location.file),
    line: f.location.startLine,
    column: f.location.startColumn,
    messageId: f.messageId,
  }));
  return { result, findings };
}

/** Scans in-memory files (the path decides how each is read). */
export function scanText(files: Record<string, string>, rules: Record<string, LevelSetting> = {}): ScanResult {
  return scan({ files: Object.entries(files).map(([path, text]) => ({ path, text })), rules });
}
