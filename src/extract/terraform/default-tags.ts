import type { Tag, When } from "../../model/facts.js";
import type { Block } from "../../parse/hcl/ast.js";
import { attribute, blocksOf, sourceText, spanRange, type HclSource } from "./config.js";
import { BodyView, type ModuleInstance } from "./module.js";
import type { Locator } from "./values.js";

/**
 * The `default_tags` of the AWS provider configuration named `provider` (`aws`, `aws.west`) in a
 * module, which the AWS provider adds to every resource's tags. Only the module's own `provider`
 * blocks are read: a configuration a child module inherits from its caller is not followed.
 */
export function providerDefaultTags(module: ModuleInstance, provider: string, locate: Locator, when: When[]): Tag[] {
  const found = providerBlock(module.config.sources, provider);
  if (!found) return [];
  const [defaults] = blocksOf(found.block.body, "default_tags");
  if (!defaults) return [];
  const view = new BodyView(module, defaults.body, module.envFor(found.source), spanRange(found.source, defaults.typeSpan));
  return locate.tags(view.attr("tags"), view.attrRange("tags"), when);
}

/** `aws`, or `aws.<alias>` for a resource with `provider = aws.<alias>`. */
export function providerOf(block: Block, source: HclSource): string {
  const attr = attribute(block.body, "provider");
  return attr ? sourceText(source, attr.expr).replace(/\s+/g, "") : "aws";
}

function providerBlock(sources: HclSource[], provider: string): { block: Block; source: HclSource } | undefined {
  const [name, alias] = provider.split(".");
  for (const source of sources) {
    for (const item of source.tree.body.items) {
      if (item.kind !== "block" || item.type !== "provider" || item.labels[0]?.value !== name) continue;
      const aliasAttr = attribute(item.body, "alias");
      const itemAlias = aliasAttr ? sourceText(source, aliasAttr.expr).replace(/^\s*"|"\s*$/g, "") : undefined;
      if (itemAlias === alias) return { block: item, source };
    }
  }
  return undefined;
}
