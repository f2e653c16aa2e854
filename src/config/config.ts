import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import type * as AjvModule from "ajv";
import type { ErrorObject } from "ajv";
import { parse as parseYaml } from "yaml";
import configSchema from "./schema.json" with { type: "json" };
import { findRule } from "../../rules/index.js";
import type { LevelSetting } from "../model/finding.js";
import type { ConfigIgnore } from "../suppress/directives.js";
import { parseSize } from "../discover/read.js";

export interface Config {
  rules: Record<string, LevelSetting>;
  include: string[];
  exclude: string[];
  failOn: LevelSetting | "none" | undefined;
  ignores: ConfigIgnore[];
  /** Tag keys every node role must carry (PG401); undefined: owner and team. */
  requiredTags: string[] | undefined;
  /** `maxFileSize`, in bytes. */
  maxFileBytes: number | undefined;
  /** The file it was read from, if any, and its text. */
  file: string | undefined;
  text: string | undefined;
}

export class ConfigError extends Error {}

const CONFIG_FILE = ".pullguard.yml";

/** `.pullguard.yml` (or `.pullguard.yaml`) in `start` or the nearest folder above it. */
export function findConfig(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    for (const name of [CONFIG_FILE, ".pullguard.yaml"]) {
      const file = join(dir, name);
      if (existsSync(file)) return file;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * ajv, loaded on first use: its start-up time is paid only by a scan with a configuration file. In the bundle
 * (dist/) esbuild turns require() into a lazy load of the bundled copy; from the sources (tests) there is
 * no require, and createRequire finds the package.
 */
function ajv(): typeof AjvModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load the bundler can see (above)
  return (typeof require === "function" ? require("ajv") : createRequire(import.meta.url)("ajv")) as typeof AjvModule;
}

export function emptyConfig(): Config {
  return { rules: {}, include: [], exclude: [], failOn: undefined, ignores: [], requiredTags: undefined, maxFileBytes: undefined, file: undefined, text: undefined };
}

export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`${file}: cannot read the configuration: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (err) {
    throw new ConfigError(`${file}: not valid YAML: ${(err as Error).message.split("\n")[0] ?? ""}`);
  }
  const schema = configSchema as { properties: Record<string, unknown> };
  const { Ajv } = ajv();
  const validate = new Ajv({ allErrors: false, strict: true }).compile(schema);
  if (!validate(data)) throw new ConfigError(`${file}: ${describe(validate.errors?.[0], Object.keys(schema.properties))}`);
  const config = data as Partial<Omit<Config, "file" | "text" | "maxFileBytes">> & { maxFileSize?: string | number };
  for (const key of Object.keys(config.rules ?? {})) {
    if (!findRule(key)) throw new ConfigError(`${file}: rules.${key}: unknown rule (run 'pullguard rules' for the list)`);
  }
  // The schema admits only sizes parseSize reads; a bare number is bytes.
  const maxFileBytes = config.maxFileSize === undefined ? undefined : parseSize(String(config.maxFileSize));
  if (config.maxFileSize !== undefined && maxFileBytes === undefined) throw new ConfigError(`${file}: maxFileSize: must be at least 1 byte`);
  return {
    rules: config.rules ?? {},
    include: config.include ?? [],
    exclude: config.exclude ?? [],
    failOn: config.failOn,
    ignores: config.ignores ?? [],
    requiredTags: config.requiredTags,
    maxFileBytes,
    file,
    text,
  };
}

/** JSON Schema's type names as a YAML file's author knows them. */
const YAML_TYPES: Record<string, string> = { object: "a mapping (key: value)", array: "a list", string: "a string", integer: "a whole number", number: "a number", boolean: "true or false" };

function describe(error: ErrorObject | null | undefined, keys: string[]): string {
  if (!error) return "invalid configuration";
  const path = error.instancePath.split("/").slice(1).join(".") || "(top level)";
  switch (error.keyword) {
    case "additionalProperties":
      return `${path === "(top level)" ? "" : `${path}.`}${String(error.params.additionalProperty)}: unknown key (expected one of ${keys.join(", ")})`;
    case "enum":
      return `${path}: must be one of ${(error.params.allowedValues as string[]).join(", ")}`;
    case "type":
      return `${path}: must be ${YAML_TYPES[String(error.params.type)] ?? String(error.params.type)}`;
    default:
      return `${path}: ${error.message ?? "invalid"}`;
  }
}
