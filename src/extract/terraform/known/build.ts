import {
  referenceOf,
  type Attachment,
  type Facts,
  type LaunchTemplateFact,
  type NodeGroupFact,
  type PolicyDocument,
  type Reference,
  type RoleFact,
  type Setting,
  type Tag,
  type Text,
  type When,
} from "../../../model/facts.js";
import type { Range } from "../../../model/source.js";
import { attribute } from "../config.js";
import { providerDefaultTags } from "../default-tags.js";
import type { ChildResult, ModuleInstance } from "../module.js";
import { asText, type TfValue } from "../value.js";
import { Locator } from "../values.js";

export type External = Extract<ChildResult, { kind: "external" }>;

/** The fact key of something a built-in module creates, stable across runs: `tf:<root>::module.eks/<what>`. */
export function knownKey(parent: ModuleInstance, child: External, what: string): string {
  return `tf:${parent.rootDir}::${child.address}/${what}`;
}

/**
 * Builds the facts of a registry module pullguard knows without its sources, placed in the caller's
 * code: the module call, the input that decides a value, or the entry of a map input.
 */
export class KnownModuleFacts {
  readonly locate: Locator;
  /** The module call's label in the root module. */
  readonly site: Range;
  readonly when: When[];

  constructor(
    readonly parent: ModuleInstance,
    readonly child: External,
    readonly facts: Facts,
    /** How messages name the module: `terraform-aws-modules/eks/aws ~> 20.0`. */
    readonly label: string,
  ) {
    this.locate = new Locator(parent.calls);
    this.site = this.locate.outOfModule(child.site.range);
    this.when = child.when;
  }

  get inputs(): Map<string, TfValue> {
    return this.child.inputs;
  }

  key(what: string): string {
    return knownKey(this.parent, this.child, what);
  }

  /** Where an input of the call is written, or the call itself. */
  inputRange(name: string): Range {
    const a = attribute(this.child.call.block.body, name);
    return a ? this.locate.outOfModule(this.parent.evaluator.range(this.child.env, a)) : this.site;
  }

  /** The range of the `version` argument, where a module default that depends on the version is reported. */
  versionRange(): Range {
    const version = attribute(this.child.call.block.body, "version");
    return version ? this.locate.outOfModule(this.parent.evaluator.range(this.child.env, version.expr)) : this.site;
  }

  /** An AWS managed policy the module attaches by itself. */
  defaultAttachment(policy: string, range: Range, note = `a default of ${this.label}`): Attachment {
    const text: Text = { text: `arn:\${partition}:iam::aws:policy/${policy}`, known: true, range: { ...range, origin: { range, note } }, when: this.when };
    return { policy: { kind: "arn", value: text }, range: text.range, when: text.when, via: `${this.label} defaults` };
  }

  /**
   * The policies of a list or map input, each by what it names: a policy resource of the caller
   * (`aws_iam_policy.push.arn`) stays a reference to it, an ARN or a name is looked up.
   */
  attachments(value: TfValue | undefined, range: Range, when: When[], via: string): Attachment[] {
    return this.locate
      .textItems(asValues(value), range, when)
      .filter((t) => !(t.known && t.text === ""))
      .map((t) => {
        const policy = referenceOf(t);
        return { policy, range: t.range, when: t.when, via };
      });
  }

  /** A role's permissions boundary and tags from the inputs that set them. */
  governance(boundary: TfValue | undefined, tags: (TfValue | undefined)[], range: Range, when: When[]): { boundary: Reference[]; tags: Tag[] } {
    return {
      boundary: boundary && boundary.k !== "null" ? this.locate.references(boundary, range, when) : [],
      // The module's resources get the default_tags of the caller's default AWS provider too.
      tags: [...providerDefaultTags(this.parent, "aws", this.locate, when), ...tags.flatMap((t) => this.locate.tags(t, range, when))],
    };
  }

  /** The role's name, or the prefix of a generated one, as the module derives it. */
  roleName(name: string | TfValue | undefined, usePrefix: boolean, range: Range, when: When[]): Pick<RoleFact, "name" | "namePrefix"> {
    const text: Text | undefined =
      typeof name === "string" ? { text: name, known: !name.includes("${"), range, when } : name ? this.locate.texts(name, range, when)[0] : undefined;
    if (!text) return { name: undefined };
    return usePrefix ? { name: undefined, namePrefix: { ...text, text: `${text.text}-` } } : { name: text };
  }

  role(
    key: string,
    address: string,
    range: Range,
    when: When[],
    parts: Pick<RoleFact, "attachments" | "boundary" | "tags"> & Partial<Pick<RoleFact, "name" | "namePrefix" | "trust" | "inlinePolicies" | "inlineVia">>,
  ): RoleFact {
    const role: RoleFact = {
      key,
      address,
      format: "terraform",
      range,
      when,
      kind: "role",
      name: parts.name,
      ...(parts.namePrefix ? { namePrefix: parts.namePrefix } : {}),
      trust: parts.trust,
      attachments: parts.attachments,
      inlinePolicies: parts.inlinePolicies ?? [],
      inlineVia: parts.inlineVia ?? "iam_role_policy_statements",
      boundary: parts.boundary,
      tags: parts.tags,
    };
    this.facts.roles.push(role);
    return role;
  }

  nodeGroup(address: string, kind: NodeGroupFact["nodeKind"], role: Reference[], range: Range, when: When[], evidence: string): NodeGroupFact {
    const group: NodeGroupFact = {
      key: this.key(`${address}/group`),
      address,
      format: "terraform",
      range,
      when,
      kind: "node-group",
      nodeKind: kind,
      resourceType: "aws_eks_node_group",
      role,
      launchTemplate: [],
      instanceProfile: [],
      evidence,
      amiType: undefined,
    };
    this.facts.nodeGroups.push(group);
    return group;
  }

  /** A launch template the module creates for a node group, which the group then runs on. */
  launchTemplate(group: NodeGroupFact, metadata: { httpTokens: Setting<string>[]; hopLimit: Setting<number>[] }, resourceType = "aws_launch_template"): LaunchTemplateFact {
    const lt: LaunchTemplateFact = {
      key: this.key(`${group.address}/launch-template`),
      address: `of ${group.address}`,
      format: "terraform",
      range: group.range,
      when: group.when,
      kind: "launch-template",
      resourceType,
      name: undefined,
      instanceProfile: [],
      metadata: { range: group.range, httpTokens: metadata.httpTokens, hopLimit: metadata.hopLimit, httpEndpoint: [] },
      eksEvidence: [],
    };
    this.facts.launchTemplates.push(lt);
    group.launchTemplate = [{ kind: "logical", target: { key: lt.key }, range: lt.range, when: group.when }];
    return lt;
  }

  /** Settings written by the caller (a number or text per possible value), or none. */
  settings<T>(value: TfValue | undefined, range: Range, when: When[], parse: (text: string) => T | undefined): Setting<T>[] {
    if (!value || value.k === "null") return [];
    return this.locate.texts(value, range, when).map((t) => {
      const setting: Setting<T> = { value: t.known ? parse(t.text) : undefined, range: t.range, when: t.when };
      if (!t.known) setting.reason = t.reason ?? "not known";
      return setting;
    });
  }

  /** A module default that depends on the version, reported at the `version` line with the reason. */
  versionDefault<T>(value: T, note: string, when: When[]): Setting<T> {
    const range = this.versionRange();
    return { value, range: { ...range, origin: { range, note } }, when };
  }

  /** A value that decides a node role and could not be understood: a PG901 note. */
  gap(subject: string, reason: string, range: Range = this.site): void {
    this.facts.gaps.push({ subject, reason, range, when: this.when });
  }

  /** An inline policy built from statements the caller passes as objects (`iam_role_policy_statements`). */
  statementsPolicy(statements: TfValue | undefined, origin: string, range: Range, when: When[]): PolicyDocument | undefined {
    if (!statements || statements.k === "null") return undefined;
    const list: TfValue[] = statements.k === "tuple" ? statements.items : statements.k === "object" ? [...statements.attrs.values()] : [];
    if (statements.k !== "tuple" && statements.k !== "object") return this.locate.policy(statements, origin, range, when);
    const rendered: TfValue[] = list.map((s) => (s.k === "object" ? statementObject(s) : s));
    const doc: TfValue = { k: "object", attrs: new Map([["Statement", { k: "tuple", items: rendered, range: statements.range }]]), range: statements.range };
    return this.locate.policy(doc, origin, range, when);
  }
}

/** A statement written the way terraform-aws-modules inputs take it (`actions`, `effect`, `condition = [{test, variable, values}]`), as IAM JSON. */
function statementObject(s: Extract<TfValue, { k: "object" }>): TfValue {
  const attrs = new Map<string, TfValue>();
  const keyRanges = new Map<string, Range>();
  const copy = (from: string, to: string) => {
    const v = s.attrs.get(from);
    if (!v || v.k === "null") return;
    attrs.set(to, v);
    const r = s.keyRanges?.get(from);
    if (r) keyRanges.set(to, r);
  };
  copy("sid", "Sid");
  copy("effect", "Effect");
  copy("actions", "Action");
  copy("not_actions", "NotAction");
  copy("resources", "Resource");
  copy("not_resources", "NotResource");
  const conditions = s.attrs.get("condition") ?? s.attrs.get("conditions");
  if (conditions?.k === "tuple") {
    const byTest = new Map<string, TfValue>();
    for (const c of conditions.items) {
      if (c.k !== "object") continue;
      const test = asText(c.attrs.get("test") ?? { k: "null", range: undefined }) ?? "?";
      const variable = asText(c.attrs.get("variable") ?? { k: "null", range: undefined }) ?? "?";
      const previous = byTest.get(test);
      const keys = previous?.k === "object" ? previous : { k: "object" as const, attrs: new Map<string, TfValue>(), range: c.range, keyRanges: new Map<string, Range>() };
      keys.attrs.set(variable, c.attrs.get("values") ?? { k: "tuple", items: [], range: c.range });
      if (c.range) keys.keyRanges?.set(variable, c.range);
      byTest.set(test, keys);
    }
    if (byTest.size > 0) attrs.set("Condition", { k: "object", attrs: byTest, range: conditions.range });
  }
  if (!attrs.has("Effect")) attrs.set("Effect", { k: "string", text: "Allow", known: true, range: s.range });
  return { k: "object", attrs, keyRanges, range: s.range };
}

export function isFalse(v: TfValue | undefined): boolean {
  return v?.k === "bool" && !v.value;
}

export function isTrue(v: TfValue | undefined): boolean {
  return v?.k === "bool" && v.value;
}

/** A list or map input (`iam_role_additional_policies` is a list in v18 and a map from v19): either way, its values. */
export function asValues(v: TfValue | undefined): TfValue | undefined {
  if (v?.k !== "object") return v;
  return { k: "tuple", items: [...v.attrs.values()], range: v.range };
}

/** A string input's text, when known. */
export function textOf(v: TfValue | undefined): string | undefined {
  return v && (v.k !== "string" || v.known) ? asText(v) : undefined;
}
