import { createRequire } from "node:module";
import type * as Yaml from "yaml";

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded on first use: it takes tens of milliseconds to load, and a scan needs it only
 * for a file the fast path declines or for a configuration file.
 */
export function yamlLibrary(): typeof Yaml {
  return (loaded ??= createRequire(import.meta.url)("yaml") as typeof Yaml);
}
