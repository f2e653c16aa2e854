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

interface ProviderBlock {
  block: Block;
  source: HclSource;
}

/** The provider blocks of each module's files, by `name` or `name.alias`: found once per module, not once per role. */
const byModule = new WeakMap<HclSource[], Map<string, ProviderBlock>>();

function providerBlock(sources: HclSource[], provider: string): ProviderBlock | undefined {
  let blocks = byModule.get(sources);
  if (!blocks) {
    blocks = new Map();
    for (const source of sources) {
      for (const item of source.tree.body.items) {
        if (item.kind !== "block" || item.type !== "provider" || !item.labels[0]) continue;
        const aliasAttr = attribute(item.body, "alias");
        const alias = aliasAttr ? sourceText(source, aliasAttr.expr).replace(/^\s*"|"\s*$/g, "") : undefined;
        const key = alias ? `${item.labels[0].value}.${alias}` : item.labels[0].value;
        if (!blocks.has(key)) blocks.set(key, { block: item, source });
      }
    }
    byModule.set(sources, blocks);
  }
  return blocks.get(provider);
}
