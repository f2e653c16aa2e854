import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config/config.js";
import type { Finding, LevelSetting } from "../src/model/finding.js";
import { scan, type ScanOptions, type ScanResult } from "../src/scan.js";

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
/** The day fixtures are scanned on, so that `until:` dates of ignores give the same result every day. */
export const FIXTURE_TODAY = "2026-06-01";

export function scanFolder(dir: string, rules: Record<string, LevelSetting> = {}): { result: ScanResult; findings: Located[]; suppressed: Located[] } {
  // A fixture's own .pullguard.yml is read as the CLI reads it; expected.json is not part of what is scanned.
  const configFile = join(dir, ".pullguard.yml");
  const config = existsSync(configFile) ? loadConfig(configFile) : undefined;
  const result = scan({
    paths: [dir],
    cwd: dir,
    rules: { ...config?.rules, ...rules },
    exclude: ["expected.json", ...(config?.exclude ?? [])],
    today: FIXTURE_TODAY,
    ...(config?.requiredTags ? { requiredTags: config.requiredTags } : {}),
    ...(config ? { config: { path: configFile, text: config.text ?? "", ignores: config.ignores } } : {}),
  });
  const rel = (file: string) => relative(dir, join(result.root, file)).split("\\").join("/");
  const located = (f: Finding): Located => ({ rule: f.ruleId, file: rel(f.location.file), line: f.location.startLine, column: f.location.startColumn, messageId: f.messageId });
  return { result, findings: result.findings.map(located), suppressed: result.suppressed.map(located) };
}

/** Scans in-memory files (the path decides how each is read). */
export function scanText(files: Record<string, string>, rules: Record<string, LevelSetting> = {}): ScanResult {
  return scan({ files: Object.entries(files).map(([path, text]) => ({ path, text })), rules });
}

/** The options a fixture folder's .pullguard.yml gives, as the CLI reads them. */
export function configOf(dir: string): Pick<ScanOptions, "rules" | "config" | "requiredTags"> {
  const file = join(dir, ".pullguard.yml");
  if (!existsSync(file)) return {};
  const config = loadConfig(file);
  return { rules: config.rules, ...(config.requiredTags ? { requiredTags: config.requiredTags } : {}), config: { path: file, text: config.text ?? "", ignores: config.ignores } };
}

/** Every fixture folder as a repository of its own (a .git folder marks it), in one temporary folder: [name, folder]. */
export function fixtureRepositories(): [string, string][] {
  const base = mkdtempSync(join(tmpdir(), "pullguard-fixture-repos-"));
  return readdirSync(FIXTURES).flatMap((format) =>
    readdirSync(join(FIXTURES, format)).map((name): [string, string] => {
      const dir = join(base, format, name);
      cpSync(join(FIXTURES, format, name), dir, { recursive: true });
      mkdirSync(join(dir, ".git"));
      return [`${format}/${name}`, dir];
    }),
  );
}

/** A root module that makes the role of ./modules/noderole a node role (tests of named files and of the cache). */
export const ROOT_MODULE = `module "noderole" {
  source = "./modules/noderole"
  name   = "nodes"
}

resource "aws_eks_node_group" "main" {
  cluster_name  = "prod"
  node_role_arn = module.noderole.arn
  subnet_ids    = ["subnet-1"]
}
`;

/** The module ROOT_MODULE calls: a role with one AWS managed policy (line 11). */
export const nodeRoleModule = (policy: string) => `variable "name" {
  type = string
}

resource "aws_iam_role" "this" {
  name = var.name
}

resource "aws_iam_role_policy_attachment" "ecr" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/${policy}"
}

output "arn" {
  value = aws_iam_role.this.arn
}
`;
