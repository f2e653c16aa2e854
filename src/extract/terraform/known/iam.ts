import type { Attachment, ConditionClause, PolicyDocument, Statement, Text, When } from "../../../model/facts.js";
import type { Range } from "../../../model/source.js";
import type { ModuleInstance } from "../module.js";
import { asText, branches, unknown, type TfValue } from "../value.js";
import { isFalse, isTrue, KnownModuleFacts, knownKey, textOf, type External } from "./build.js";

/**
 * Workload-role modules pullguard knows without their sources (read from their releases):
 * - terraform-aws-modules/iam/aws IRSA submodules (v3.8–v6.5): `iam-assumable-role-with-oidc`,
 *   `iam-role-for-service-accounts-eks` (v5), `iam-role-for-service-accounts` (v6), `iam-eks-role`;
 * - terraform-aws-modules/eks-pod-identity/aws (v1–v2): a role that trusts pods.eks.amazonaws.com,
 *   `additional_policy_arns`, a custom policy, and one association per `associations` entry;
 * - aws-ia/eks-blueprints-addon/aws (v1): a Helm release with an optional IRSA role (`create_role`);
 * - cloudposse/eks-iam-role/aws (v0.x–v2): an IRSA role trusted with StringLike on
 *   `system:serviceaccount:<namespace or *>:<name or *>`, with `aws_iam_policy_document` and `managed_policy_arns`.
 */
const IAM_SOURCE =
  /^(?:registry\.terraform\.io\/|registry\.opentofu\.org\/)?terraform-aws-modules\/iam\/aws\/\/modules\/([\w-]+)$|^(?:git::)?(?:https:\/\/)?github\.com\/terraform-aws-modules\/terraform-aws-iam(?:\.git)?\/\/modules\/([\w-]+)(?:\?ref=.*)?$/;
const POD_IDENTITY_SOURCE = /^(?:registry\.terraform\.io\/|registry\.opentofu\.org\/)?terraform-aws-modules\/eks-pod-identity\/aws$|github\.com\/terraform-aws-modules\/terraform-aws-eks-pod-identity(?:\.git)?(?:\?ref=.*)?$/;
const CLOUDPOSSE_IRSA_SOURCE = /^(?:registry\.terraform\.io\/|registry\.opentofu\.org\/)?cloudposse\/eks-iam-role\/aws$|github\.com\/cloudposse\/terraform-aws-eks-iam-role(?:\.git)?(?:\?ref=.*)?$/;
const ADDON_SOURCE = /^(?:registry\.terraform\.io\/|registry\.opentofu\.org\/)?aws-ia\/eks-blueprints-addon\/aws$|github\.com\/aws-ia\/terraform-aws-eks-blueprints-addon(?:\.git)?(?:\?ref=.*)?$/;

type Kind = "irsa" | "pod-identity" | "addon" | "cloudposse-irsa";

function kindOf(source: string): { kind: Kind; submodule: string } | undefined {
  const iam = IAM_SOURCE.exec(source);
  if (iam) return { kind: "irsa", submodule: iam[1] ?? iam[2] ?? "" };
  if (POD_IDENTITY_SOURCE.test(source)) return { kind: "pod-identity", submodule: "" };
  if (ADDON_SOURCE.test(source)) return { kind: "addon", submodule: "" };
  if (CLOUDPOSSE_IRSA_SOURCE.test(source)) return { kind: "cloudposse-irsa", submodule: "" };
  return undefined;
}

/** Adds the role a known workload-role module creates; false when the source is none of them. */
export function workloadRoleModule(parent: ModuleInstance, child: External, facts: KnownModuleFacts["facts"]): boolean {
  const known = kindOf(child.source ?? "");
  if (!known) return false;
  const label = {
    irsa: `terraform-aws-modules/iam/aws//modules/${known.submodule}`,
    "pod-identity": "terraform-aws-modules/eks-pod-identity/aws",
    addon: "aws-ia/eks-blueprints-addon/aws",
    "cloudposse-irsa": "cloudposse/eks-iam-role/aws",
  }[known.kind];
  const m = new KnownModuleFacts(parent, child, facts, label);
  if (known.kind === "irsa") return irsa(m, known.submodule);
  if (known.kind === "pod-identity") podIdentity(m);
  else if (known.kind === "addon") addon(m);
  else cloudposseIrsa(m);
  return true;
}

/** `module.irsa.iam_role_arn` (v5) or `module.irsa.arn` (v6) and the like, as references to the role made for the call. */
export function workloadRoleOutput(parent: ModuleInstance, child: External, output: string, site: Range): TfValue | undefined {
  if (!kindOf(child.source ?? "")) return undefined;
  const attribute = {
    iam_role_arn: "arn",
    arn: "arn",
    iam_role_name: "name",
    name: "name",
    iam_role_unique_id: "unique_id",
    unique_id: "unique_id",
    service_account_role_arn: "arn",
    service_account_role_name: "name",
  }[output];
  if (!attribute) return undefined;
  return unknown(`${child.address}.${output} is only known after apply`, site, { ref: { key: knownKey(parent, child, "role"), attribute } });
}

function text(m: KnownModuleFacts, value: string, range: Range): Text {
  return { text: value, known: !value.includes("${"), range, when: m.when };
}

function note(m: KnownModuleFacts, what: string): Range {
  return { ...m.site, origin: { range: m.site, note: `${what} that ${m.label} builds` } };
}

function webIdentityStatement(m: KnownModuleFacts, index: number, provider: Text, conditions: ConditionClause[]): Statement {
  return {
    index,
    effect: "Allow",
    actions: [text(m, "sts:AssumeRoleWithWebIdentity", note(m, "the trust statement"))],
    principals: [{ type: "Federated", value: provider }],
    conditions,
    range: m.site,
    when: m.when,
  };
}

function subjects(m: KnownModuleFacts, value: TfValue | undefined, prefix: string): Text[] {
  return m.locate.textItems(value, m.site, m.when).map((t) => ({ ...t, text: t.known ? `${prefix}${t.text}` : t.text }));
}

function irsa(m: KnownModuleFacts, submodule: string): boolean {
  const inputs = m.inputs;
  const statements: Statement[] = [];
  let policies: TfValue | undefined;
  let create: TfValue | undefined;
  switch (submodule) {
    case "iam-assumable-role-with-oidc": {
      create = inputs.get("create_role") ?? { k: "bool", value: false, range: m.site };
      const urls = [...m.locate.textItems(inputs.get("provider_url"), m.site, m.when), ...m.locate.textItems(inputs.get("provider_urls"), m.site, m.when)].filter((u) => u.text !== "");
      for (const url of urls) {
        const host = url.text.replace(/^https:\/\//, "");
        const conditions: ConditionClause[] = [];
        const exact = subjects(m, inputs.get("oidc_fully_qualified_subjects"), "");
        const like = subjects(m, inputs.get("oidc_subjects_with_wildcards"), "");
        const audiences = m.locate.textItems(inputs.get("oidc_fully_qualified_audiences"), m.site, m.when);
        if (exact.length > 0) conditions.push({ operator: "StringEquals", key: `${host}:sub`, values: exact, range: m.site });
        if (like.length > 0) conditions.push({ operator: "StringLike", key: `${host}:sub`, values: like, range: m.site });
        if (audiences.length > 0) conditions.push({ operator: "StringEquals", key: `${host}:aud`, values: audiences, range: m.site });
        statements.push(webIdentityStatement(m, statements.length, { ...url, text: `arn:\${partition}:iam::\${account}:oidc-provider/${host}` }, conditions));
      }
      policies = inputs.get("role_policy_arns");
      break;
    }
    case "iam-role-for-service-accounts-eks":
    case "iam-role-for-service-accounts": {
      const v6 = submodule === "iam-role-for-service-accounts";
      create = inputs.get(v6 ? "create" : "create_role");
      const test = textOf(inputs.get(v6 ? "trust_condition_test" : "assume_role_condition_test")) ?? "StringEquals";
      const providers = inputs.get("oidc_providers");
      for (const { value, when } of providers ? branches(providers, m.when) : []) {
        if (value.k !== "object") continue;
        for (const provider of value.attrs.values()) {
          if (provider.k !== "object") continue;
          const arn = m.locate.texts(provider.attrs.get("provider_arn"), m.site, when)[0] ?? text(m, "${?}", m.site);
          const host = arn.known ? arn.text.replace(/^.*oidc-provider\//, "") : "${issuer}";
          statements.push(
            webIdentityStatement(m, statements.length, arn, [
              { operator: test, key: `${host}:sub`, values: subjects(m, provider.attrs.get("namespace_service_accounts"), "system:serviceaccount:"), range: m.site },
              { operator: "StringEquals", key: `${host}:aud`, values: [text(m, "sts.amazonaws.com", m.site)], range: m.site },
            ]),
          );
        }
      }
      policies = inputs.get(v6 ? "policies" : "role_policy_arns");
      break;
    }
    case "iam-eks-role": {
      create = inputs.get("create_role");
      const test = textOf(inputs.get("assume_role_condition_test")) ?? "StringEquals";
      const clusters = inputs.get("cluster_service_accounts");
      for (const { value } of clusters ? branches(clusters, m.when) : []) {
        if (value.k !== "object") continue;
        for (const accounts of value.attrs.values()) {
          statements.push(
            webIdentityStatement(m, statements.length, text(m, "${the cluster's OIDC provider}", m.site), [
              { operator: test, key: "${issuer}:sub", values: subjects(m, accounts, "system:serviceaccount:"), range: m.site },
              { operator: "StringEquals", key: "${issuer}:aud", values: [text(m, "sts.amazonaws.com", m.site)], range: m.site },
            ]),
          );
        }
      }
      policies = inputs.get("role_policy_arns");
      break;
    }
    default:
      return false;
  }
  if (isFalse(create)) return true;
  addRole(m, statements, m.attachments(policies, m.site, m.when, "role_policy_arns"), [], inputs.get("role_name") ?? inputs.get("name"), !isTrue(inputs.get("role_name_prefix")) && !isTrue(inputs.get("use_name_prefix")));
  return true;
}

/** terraform-aws-modules/eks-pod-identity: the role, its policies, and its associations. */
function podIdentity(m: KnownModuleFacts): void {
  const inputs = m.inputs;
  if (isFalse(inputs.get("create"))) return;
  const statements: Statement[] = [
    {
      index: 0,
      effect: "Allow",
      actions: [text(m, "sts:AssumeRole", note(m, "the trust statement")), text(m, "sts:TagSession", note(m, "the trust statement"))],
      principals: [{ type: "Service", value: text(m, "pods.eks.amazonaws.com", note(m, "the trust statement")) }],
      conditions: [],
      range: m.site,
      when: m.when,
    },
  ];
  const custom = isTrue(inputs.get("attach_custom_policy")) ? customPolicy(m, "policy_statements") : [];
  addRole(m, statements, m.attachments(inputs.get("additional_policy_arns"), m.inputRange("additional_policy_arns"), m.when, "additional_policy_arns"), custom, inputs.get("name"), isFalse(inputs.get("use_name_prefix")));
  const defaults = inputs.get("association_defaults");
  const defaultAttrs = defaults?.k === "object" ? defaults.attrs : new Map<string, TfValue>();
  const associations = inputs.get("associations");
  for (const { value, when } of associations ? branches(associations, m.when) : []) {
    if (value.k !== "object") continue;
    for (const [key, entry] of value.attrs) {
      const attrs = entry.k === "object" ? entry.attrs : new Map<string, TfValue>();
      const get = (k: string) => (attrs.get(k)?.k === "null" ? undefined : attrs.get(k)) ?? defaultAttrs.get(k);
      const range = m.locate.outOfModule(value.keyRanges?.get(key) ?? m.site);
      m.facts.podIdentityAssociations.push({
        key: m.key(`association/${key}`),
        address: `${m.child.address}.associations["${key}"]`,
        format: "terraform",
        range,
        when,
        kind: "pod-identity-association",
        namespace: m.locate.texts(get("namespace"), range, when)[0],
        serviceAccount: m.locate.texts(get("service_account"), range, when)[0],
        role: [{ kind: "logical", target: { key: m.key("role") }, range, when }],
        cluster: m.locate.texts(get("cluster_name"), range, when)[0],
      });
    }
  }
}

/** aws-ia/eks-blueprints-addon: the IRSA role of the add-on when `create_role` is true. */
function addon(m: KnownModuleFacts): void {
  const inputs = m.inputs;
  if (isFalse(inputs.get("create")) || !isTrue(inputs.get("create_role"))) return;
  const test = textOf(inputs.get("assume_role_condition_test")) ?? "StringEquals";
  const namespace = inputs.get("namespace");
  const statements: Statement[] = [];
  const providers = inputs.get("oidc_providers");
  for (const { value, when } of providers ? branches(providers, m.when) : []) {
    const list = value.k === "tuple" ? value.items : value.k === "object" ? [...value.attrs.values()] : [];
    for (const provider of list) {
      if (provider.k !== "object") continue;
      const arn = m.locate.texts(provider.attrs.get("provider_arn"), m.site, when)[0] ?? text(m, "${?}", m.site);
      const host = arn.known ? arn.text.replace(/^.*provider\//, "") : "${issuer}";
      const ns = m.locate.texts(provider.attrs.get("namespace") ?? namespace, m.site, when)[0];
      const sa = m.locate.texts(provider.attrs.get("service_account"), m.site, when)[0];
      const subject = sa ? { ...sa, text: `system:serviceaccount:${ns?.text ?? "${namespace}"}:${sa.text}`, known: sa.known && (ns?.known ?? false) } : text(m, "${?}", m.site);
      statements.push(
        webIdentityStatement(m, statements.length, arn, [
          { operator: test, key: `${host}:sub`, values: [subject], range: m.site },
          { operator: test, key: `${host}:aud`, values: [text(m, "sts.amazonaws.com", m.site)], range: m.site },
        ]),
      );
    }
  }
  const custom = isFalse(inputs.get("create_policy")) ? [] : customPolicy(m, "policy_statements");
  const name = inputs.get("role_name") ?? inputs.get("name");
  addRole(m, statements, m.attachments(inputs.get("role_policies"), m.inputRange("role_policies"), m.when, "role_policies"), custom, name, isFalse(inputs.get("role_name_use_prefix")));
}

/** cloudposse/eks-iam-role: a missing namespace or name becomes `*` in a StringLike trust. */
function cloudposseIrsa(m: KnownModuleFacts): void {
  const inputs = m.inputs;
  if (isFalse(inputs.get("enabled"))) return;
  const issuer = m.locate.texts(inputs.get("eks_cluster_oidc_issuer_url"), m.inputRange("eks_cluster_oidc_issuer_url"), m.when)[0];
  const host = issuer?.known ? issuer.text.replace(/^https:\/\//, "") : "${issuer}";
  const part = (name: string) => {
    const t = m.locate.texts(inputs.get(name), m.inputRange(name), m.when)[0];
    return t && !(t.known && t.text === "") ? t : undefined;
  };
  const namespace = part("service_account_namespace");
  const name = part("service_account_name");
  const listed = m.locate.textItems(inputs.get("service_account_namespace_name_list"), m.inputRange("service_account_namespace_name_list"), m.when);
  const subjects: Text[] = [];
  if (namespace || name || listed.length === 0) {
    // Where the module puts a `*`, the finding goes to the input that was left out (or the call).
    const range = (namespace ?? name)?.range ?? m.site;
    const text = `system:serviceaccount:${namespace?.text ?? "*"}:${name?.text ?? "*"}`;
    subjects.push({ text, known: (namespace?.known ?? true) && (name?.known ?? true), range, when: m.when });
  }
  subjects.push(...listed.map((t) => ({ ...t, text: `system:serviceaccount:${t.text}` })));
  const provider = text(m, `arn:\${partition}:iam::\${account}:oidc-provider/${host}`, issuer?.range ?? m.site);
  const statements = [
    webIdentityStatement(m, 0, provider, [
      { operator: "StringLike", key: `${host}:sub`, values: subjects, range: m.site },
      { operator: "StringEquals", key: `${host}:aud`, values: [text(m, "sts.amazonaws.com", m.site)], range: m.site },
    ]),
  ];
  const documents: PolicyDocument[] = [];
  const docs = inputs.get("aws_iam_policy_document");
  for (const { value, when } of docs ? branches(docs, m.when) : []) {
    for (const doc of value.k === "tuple" ? value.items : [value]) documents.push(m.locate.policy(doc, `policy aws_iam_policy_document of ${m.child.address}`, m.inputRange("aws_iam_policy_document"), when));
  }
  addRole(m, statements, m.attachments(inputs.get("managed_policy_arns"), m.inputRange("managed_policy_arns"), m.when, "managed_policy_arns"), documents, undefined, true);
}

/** The policy a module builds from `source_policy_documents`, `override_policy_documents` and statement objects. */
function customPolicy(m: KnownModuleFacts, statementsInput: string): PolicyDocument[] {
  const docs: PolicyDocument[] = [];
  for (const input of ["source_policy_documents", "override_policy_documents"]) {
    const value = m.inputs.get(input);
    for (const { value: v, when } of value ? branches(value, m.when) : []) {
      for (const doc of v.k === "tuple" ? v.items : []) docs.push(m.locate.policy(doc, `policy ${input} of ${m.child.address}`, m.inputRange(input), when));
    }
  }
  const statements = m.statementsPolicy(m.inputs.get(statementsInput), `policy ${statementsInput} of ${m.child.address}`, m.inputRange(statementsInput), m.when);
  if (statements) docs.push(statements);
  return docs;
}

function addRole(m: KnownModuleFacts, statements: Statement[], attachments: Attachment[], inline: PolicyDocument[], name: TfValue | undefined, exactName: boolean): void {
  const when: When[] = m.when;
  m.role(m.key("role"), `${m.child.address} role`, m.site, when, {
    ...(name && asText(name) !== "" ? m.roleName(name, !exactName, m.site, when) : { name: undefined }),
    trust: { origin: `trust policy of ${m.child.address}`, range: m.site, statements, unknowns: [] },
    attachments,
    inlinePolicies: inline,
    inlineVia: "policy_statements",
    boundary: [],
    tags: [],
  });
}
