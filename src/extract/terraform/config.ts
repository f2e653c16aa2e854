import { posix } from "node:path";
import type { Range } from "../../model/source.js";
import type { Attribute, Block, Body, Expr, HclFile, Span } from "../../parse/hcl/ast.js";
import type { LineIndex } from "../../parse/lines.js";

/** One parsed `.tf` file: its path (relative to the scan root), text positions and tree. */
export interface HclSource {
  path: string;
  dir: string;
  lines: LineIndex;
  tree: HclFile;
}

export function spanRange(source: HclSource, span: Span): Range {
  return source.lines.range(source.path, span.start, span.end);
}

export function sourceText(source: HclSource, span: Span): string {
  return source.lines.text.slice(span.start, span.end);
}

export interface VariableConfig {
  name: string;
  block: Block;
  source: HclSource;
  default: Expr | undefined;
  type: Expr | undefined;
}

export interface NamedExpr {
  name: string;
  expr: Expr;
  attribute: Attribute;
  source: HclSource;
}

export interface ResourceConfig {
  mode: "managed" | "data";
  type: string;
  name: string;
  block: Block;
  source: HclSource;
}

export interface ModuleCallConfig {
  name: string;
  block: Block;
  source: HclSource;
}

/** The configuration of one Terraform module: the `.tf` files of one folder. */
export interface ModuleConfig {
  dir: string;
  sources: HclSource[];
  variables: Map<string, VariableConfig>;
  locals: Map<string, NamedExpr>;
  resources: Map<string, ResourceConfig>;
  data: Map<string, ResourceConfig>;
  modules: Map<string, ModuleCallConfig>;
  outputs: Map<string, NamedExpr>;
}

export function attribute(body: Body, name: string): Attribute | undefined {
  for (const item of body.items) if (item.kind === "attribute" && item.name === name) return item;
  return undefined;
}

export function blocksOf(body: Body, type: string): Block[] {
  return body.items.filter((i): i is Block => i.kind === "block" && i.type === type);
}

/** Collects the top-level blocks of a module's files. Duplicates keep the first, as Terraform would reject them. */
export function moduleConfig(dir: string, sources: HclSource[]): ModuleConfig {
  const config: ModuleConfig = {
    dir,
    sources,
    variables: new Map(),
    locals: new Map(),
    resources: new Map(),
    data: new Map(),
    modules: new Map(),
    outputs: new Map(),
  };
  for (const source of sources) {
    for (const item of source.tree.body.items) {
      if (item.kind !== "block") continue;
      const [first, second] = item.labels.map((l) => l.value);
      switch (item.type) {
        case "variable":
          if (first && !config.variables.has(first)) {
            config.variables.set(first, {
              name: first,
              block: item,
              source,
              default: attribute(item.body, "default")?.expr,
              type: attribute(item.body, "type")?.expr,
            });
          }
          break;
        case "locals":
          for (const a of item.body.items) {
            if (a.kind === "attribute" && !config.locals.has(a.name)) config.locals.set(a.name, { name: a.name, expr: a.expr, attribute: a, source });
          }
          break;
        case "resource":
        case "data":
          if (first && second) {
            const map = item.type === "resource" ? config.resources : config.data;
            const key = `${first}.${second}`;
            if (!map.has(key)) map.set(key, { mode: item.type === "resource" ? "managed" : "data", type: first, name: second, block: item, source });
          }
          break;
        case "module":
          if (first && !config.modules.has(first)) config.modules.set(first, { name: first, block: item, source });
          break;
        case "output": {
          const value = attribute(item.body, "value");
          if (first && value && !config.outputs.has(first)) config.outputs.set(first, { name: first, expr: value.expr, attribute: value, source });
          break;
        }
      }
    }
  }
  return config;
}

/** The folder a local module source (`./nodes`, `../modules/eks`) names, from the calling module's folder. */
export function localModuleDir(fromDir: string, source: string): string | undefined {
  if (!/^\.\.?(\/|$)/.test(source)) return undefined;
  return posix.normalize(posix.join(fromDir, source)).replace(/\/$/, "") || ".";
}
