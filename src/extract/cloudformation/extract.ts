import {
  referenceOf,
  type Attachment,
  type Facts,
  type LaunchTemplateFact,
  type MetadataOptions,
  type Reference,
  type Setting,
  type Tag,
  type Text,
  type When,
} from "../../model/facts.js";
import type { Range } from "../../model/source.js";
import { get, scalarText, type PMap, type PNode } from "../../parse/yaml/tree.js";
import { Evaluator, type TemplateScope } from "./evaluate.js";
import { Reader, alternatives } from "./values.js";

interface Resource {
  id: string;
  type: string;
  properties: PNode | undefined;
  range: Range;
  when: When[];
}

/** Text in user data or an image id that shows an instance boots as an EKS node. */
const EKS_BOOT_EVIDENCE: [RegExp, string][] = [
  [/\/etc\/eks\/bootstrap\.sh/, "its user data runs /etc/eks/bootstrap.sh"],
  [/\bnodeadm\b|node\.eks\.aws\//, "its user data configures nodeadm (node.eks.aws)"],
  [/\/aws\/service\/eks\/optimized-ami\//, "it boots an EKS-optimized AMI"],
  [/\/aws\/service\/bottlerocket\/aws-k8s-/, "it boots a Bottlerocket AMI for Kubernetes"],
];

/** Tags that mark EC2 capacity as part of an EKS cluster. */
const EKS_TAG = /^(kubernetes\.io\/cluster\/|k8s\.io\/cluster-autoscaler\/|eks:cluster-name$|eks:nodegroup-name$)/;

/** Transforms whose effect pullguard knows: SAM only adds serverless resources, language extensions are handled below. */
const KNOWN_TRANSFORMS = new Set(["AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"]);

/** Extracts the IAM and node facts of one CloudFormation or SAM template into `facts`. */
export function extractCloudFormation(file: string, root: PNode, facts: Facts): void {
  if (root.kind !== "map") return;
  const scope = templateScope(root);
  const reader = new Reader(file, new Evaluator(scope));
  for (const transform of reader.textItems(get(root, "Transform"), [], root.range)) {
    if (transform.known && KNOWN_TRANSFORMS.has(transform.text)) continue;
    facts.gaps.push({
      subject: "template",
      reason: `the macro ${transform.text} can rewrite this template at deploy time; pullguard checked the template as written`,
      range: transform.range,
      when: [],
    });
  }
  const resourcesNode = get(root, "Resources");
  if (resourcesNode?.kind !== "map") return;
  for (const entry of resourcesNode.entries) {
    if (entry.key.startsWith("Fn::ForEach::")) {
      facts.gaps.push({
        subject: `resources ${entry.key}`,
        reason: "Fn::ForEach is not expanded by pullguard, so the resources it creates were not checked",
        range: entry.keyRange,
        when: [],
      });
      continue;
    }
    const type = scalarText(get(entry.value, "Type"));
    if (!type) continue;
    const condition = scalarText(get(entry.value, "Condition"));
    const resource: Resource = {
      id: entry.key,
      type,
      properties: get(entry.value, "Properties"),
      range: entry.keyRange,
      when: condition ? [{ condition, value: true }] : [],
    };
    const handler = HANDLERS[type];
    if (handler) handler(resource, reader, facts);
  }
  extractExports(get(root, "Outputs"), reader, facts);
}

/** Outputs with an `Export`, so that other scanned templates' `Fn::ImportValue` can be followed. */
function extractExports(outputs: PNode | undefined, reader: Reader, facts: Facts): void {
  if (outputs?.kind !== "map") return;
  for (const entry of outputs.entries) {
    const name = reader.texts(get(get(entry.value, "Export"), "Name"), [], entry.keyRange)[0];
    const value = reader.texts(get(entry.value, "Value"), [], entry.keyRange)[0];
    if (!name?.known || !value) continue;
    facts.exports.push({
      key: reader.key(`Outputs.${entry.key}`),
      address: `output ${entry.key}`,
      format: "cloudformation",
      range: entry.keyRange,
      when: [],
      kind: "export",
      name,
      value,
    });
  }
}

function templateScope(root: PMap): TemplateScope {
  const parameters = new Map<string, { type: string | undefined; default: PNode | undefined }>();
  const params = get(root, "Parameters");
  if (params?.kind === "map") {
    for (const e of params.entries) parameters.set(e.key, { type: scalarText(get(e.value, "Type")), default: get(e.value, "Default") });
  }
  const resources = new Map<string, { type: string | undefined }>();
  const res = get(root, "Resources");
  if (res?.kind === "map") for (const e of res.entries) resources.set(e.key, { type: scalarText(get(e.value, "Type")) });
  const mappings = get(root, "Mappings");
  return { parameters, resources, mappings: mappings?.kind === "map" ? mappings : undefined };
}

type Handler = (resource: Resource, reader: Reader, facts: Facts) => void;

function base(resource: Resource, reader: Reader) {
  return {
    key: reader.key(resource.id),
    address: resource.id,
    format: "cloudformation" as const,
    range: resource.range,
    when: resource.when,
  };
}

function prop(resource: Resource, name: string): PNode | undefined {
  return get(resource.properties, name);
}

function firstText(reader: Reader, node: PNode | undefined, resource: Resource): Text | undefined {
  return reader.texts(node, resource.when, resource.range)[0];
}

const HANDLERS: Record<string, Handler> = {
  "AWS::IAM::Role": (r, reader, facts) => {
    const name = firstText(reader, prop(r, "RoleName"), r);
    const attachments: Attachment[] = reader.items(prop(r, "ManagedPolicyArns"), r.when, r.range).flatMap((alt) =>
      reader.toText(alt).map((text) => ({
        policy: referenceOf(text),
        range: text.range,
        when: text.when,
        via: "ManagedPolicyArns",
      })),
    );
    const inlinePolicies = reader.items(prop(r, "Policies"), r.when, r.range).flatMap((alt) => {
      if (alt.val.k !== "map") return [];
      const policyName = reader.texts(reader.entry(alt.val, "PolicyName")?.node, alt.when, alt.val.range)[0];
      const origin = `inline policy ${policyName?.text ?? "(unnamed)"} of role ${r.id}`;
      return [reader.policy(reader.entry(alt.val, "PolicyDocument")?.node, origin, alt.when, alt.val.range)];
    });
    facts.roles.push({
      ...base(r, reader),
      kind: "role",
      name,
      trust: prop(r, "AssumeRolePolicyDocument")
        ? reader.policy(prop(r, "AssumeRolePolicyDocument"), `trust policy of role ${r.id}`, r.when, r.range)
        : undefined,
      attachments,
      inlinePolicies,
      inlineVia: "Policies",
      boundary: reader.references(prop(r, "PermissionsBoundary"), r.when, r.range),
      tags: tags(reader, prop(r, "Tags"), r),
    });
  },

  "AWS::IAM::Policy": (r, reader, facts) => policy(r, reader, facts, false),
  "AWS::IAM::ManagedPolicy": (r, reader, facts) => policy(r, reader, facts, true),
  "AWS::IAM::RolePolicy": (r, reader, facts) => {
    const name = firstText(reader, prop(r, "PolicyName"), r);
    facts.policies.push({
      ...base(r, reader),
      kind: "policy",
      managed: false,
      name,
      document: reader.policy(prop(r, "PolicyDocument"), `policy ${r.id}`, r.when, r.range),
      roles: reader.references(prop(r, "RoleName"), r.when, r.range),
      rolesVia: "RoleName",
    });
  },

  "AWS::IAM::InstanceProfile": (r, reader, facts) => {
    facts.instanceProfiles.push({
      ...base(r, reader),
      kind: "instance-profile",
      name: firstText(reader, prop(r, "InstanceProfileName"), r),
      roles: reader.referenceItems(prop(r, "Roles"), r.when, r.range),
    });
  },

  "AWS::EC2::LaunchTemplate": (r, reader, facts) => {
    const data = prop(r, "LaunchTemplateData");
    const profileNode = get(data, "IamInstanceProfile");
    const profile = reader.maps(profileNode, r.when, r.range).flatMap(({ map, when }) => {
      const arn = reader.entry(map, "Arn") ?? reader.entry(map, "Name");
      return arn ? reader.references(arn.node, when, arn.keyRange) : [];
    });
    const evidence = [
      ...bootEvidence(reader, get(data, "UserData"), r),
      ...bootEvidence(reader, get(data, "ImageId"), r),
      ...tagSpecificationEvidence(reader, get(data, "TagSpecifications"), r),
    ];
    facts.launchTemplates.push(launchTemplate(r, reader, firstText(reader, prop(r, "LaunchTemplateName"), r), profile, get(data, "MetadataOptions"), evidence));
  },

  "AWS::AutoScaling::LaunchConfiguration": (r, reader, facts) => {
    const evidence = [...bootEvidence(reader, prop(r, "UserData"), r), ...bootEvidence(reader, prop(r, "ImageId"), r)];
    const profile = reader.references(prop(r, "IamInstanceProfile"), r.when, r.range);
    facts.launchTemplates.push(
      launchTemplate(r, reader, firstText(reader, prop(r, "LaunchConfigurationName"), r), profile, prop(r, "MetadataOptions"), evidence),
    );
  },

  "AWS::AutoScaling::AutoScalingGroup": (r, reader, facts) => {
    const spec = prop(r, "LaunchTemplate") ?? get(get(prop(r, "MixedInstancesPolicy"), "LaunchTemplate"), "LaunchTemplateSpecification");
    const launchTemplate: Reference[] = [];
    for (const { map, when } of reader.maps(spec, r.when, r.range)) {
      const id = reader.entry(map, "LaunchTemplateId") ?? reader.entry(map, "LaunchTemplateName");
      const version = reader.entry(map, "Version");
      const refs = id ? reader.references(id.node, when, id.keyRange) : [];
      // `Version: !GetAtt LT.LatestVersionNumber` names the template even when the id is a deploy-time name.
      const byVersion = version ? reader.references(version.node, when, version.keyRange).filter((x) => x.kind === "logical") : [];
      const logical = refs.filter((x) => x.kind === "logical");
      launchTemplate.push(...(logical.length > 0 ? logical : byVersion.length > 0 ? byVersion : refs));
    }
    if (launchTemplate.length === 0) launchTemplate.push(...reader.references(prop(r, "LaunchConfigurationName"), r.when, r.range));
    const tagKeys = reader.items(prop(r, "Tags"), r.when, r.range).flatMap((alt) =>
      alt.val.k === "map" ? reader.texts(reader.entry(alt.val, "Key")?.node, alt.when, alt.val.range) : [],
    );
    const eksTag = tagKeys.find((k) => EKS_TAG.test(k.text));
    facts.nodeGroups.push({
      ...base(r, reader),
      kind: "node-group",
      nodeKind: "self-managed",
      resourceType: r.type,
      role: [],
      launchTemplate,
      instanceProfile: [],
      evidence: eksTag ? `it is tagged ${eksTag.text}` : "",
      amiType: undefined,
    });
  },

  "AWS::EKS::Nodegroup": (r, reader, facts) => {
    const launchTemplate: Reference[] = [];
    for (const { map, when } of reader.maps(prop(r, "LaunchTemplate"), r.when, r.range)) {
      const id = reader.entry(map, "Id") ?? reader.entry(map, "Name");
      if (id) launchTemplate.push(...reader.references(id.node, when, id.keyRange));
    }
    facts.nodeGroups.push({
      ...base(r, reader),
      kind: "node-group",
      nodeKind: "managed",
      resourceType: r.type,
      role: reader.references(prop(r, "NodeRole"), r.when, r.range),
      launchTemplate,
      instanceProfile: [],
      evidence: "it is an EKS managed node group",
      amiType: firstText(reader, prop(r, "AmiType"), r),
    });
  },

  "AWS::EKS::AccessEntry": (r, reader, facts) => {
    // An entry of type EC2_LINUX or EC2_WINDOWS lets instances with the role join as nodes (one fact per Fn::If alternative).
    for (const type of reader.texts(prop(r, "Type"), r.when, r.range)) {
      if (type.text !== "EC2_LINUX" && type.text !== "EC2_WINDOWS") continue;
      facts.nodeGroups.push({
        ...base(r, reader),
        key: `${reader.key(r.id)}#${type.text}`,
        when: type.when,
        kind: "node-group",
        nodeKind: "access-entry",
        resourceType: r.type,
        role: reader.references(prop(r, "PrincipalArn"), type.when, r.range),
        launchTemplate: [],
        instanceProfile: [],
        evidence: `it has an EKS access entry of type ${type.text}`,
        amiType: undefined,
      });
    }
  },

  "AWS::EKS::PodIdentityAssociation": (r, reader, facts) => {
    facts.podIdentityAssociations.push({
      ...base(r, reader),
      kind: "pod-identity-association",
      namespace: firstText(reader, prop(r, "Namespace"), r),
      serviceAccount: firstText(reader, prop(r, "ServiceAccount"), r),
      role: reader.references(prop(r, "RoleArn"), r.when, r.range),
      cluster: firstText(reader, prop(r, "ClusterName"), r),
    });
  },

  "AWS::ECR::Repository": (r, reader, facts) => {
    const policyNode = prop(r, "RepositoryPolicyText");
    facts.ecrRepositories.push({
      ...base(r, reader),
      kind: "ecr-repository",
      resourceType: r.type,
      name: firstText(reader, prop(r, "RepositoryName"), r),
      policy: policyNode ? reader.policy(policyNode, `repository policy of ${r.id}`, r.when, r.range) : undefined,
      encryptionType: reader.texts(get(prop(r, "EncryptionConfiguration"), "EncryptionType"), r.when, r.range),
      tagMutability: reader.texts(prop(r, "ImageTagMutability"), r.when, r.range),
    });
  },

  "AWS::EKS::Cluster": (r, reader, facts) => roleUse(r, reader, facts, "cluster", "RoleArn"),
  "AWS::EKS::FargateProfile": (r, reader, facts) => roleUse(r, reader, facts, "fargate", "PodExecutionRoleArn"),
};

function policy(r: Resource, reader: Reader, facts: Facts, managed: boolean): void {
  const name = firstText(reader, prop(r, managed ? "ManagedPolicyName" : "PolicyName"), r);
  facts.policies.push({
    ...base(r, reader),
    kind: "policy",
    managed,
    name,
    document: reader.policy(prop(r, "PolicyDocument"), `${managed ? "managed policy" : "policy"} ${r.id}`, r.when, r.range),
    roles: reader.referenceItems(prop(r, "Roles"), r.when, r.range),
    rolesVia: "Roles",
  });
}

function roleUse(r: Resource, reader: Reader, facts: Facts, use: "cluster" | "fargate", property: string): void {
  const role = reader.references(prop(r, property), r.when, r.range);
  if (role.length > 0) facts.roleUses.push({ ...base(r, reader), kind: "role-use", use, role });
}

function tags(reader: Reader, node: PNode | undefined, r: Resource): Tag[] {
  return reader.items(node, r.when, r.range).flatMap((alt) => {
    if (alt.val.k !== "map") return [];
    const key = reader.texts(reader.entry(alt.val, "Key")?.node, alt.when, alt.val.range)[0];
    const value = reader.texts(reader.entry(alt.val, "Value")?.node, alt.when, alt.val.range)[0];
    return key && value ? [{ key, value }] : [];
  });
}

function bootEvidence(reader: Reader, node: PNode | undefined, r: Resource): string[] {
  const found = new Set<string>();
  for (const text of reader.texts(node, r.when, r.range)) {
    const haystack = `${text.text} ${text.reason ?? ""}`;
    for (const [re, why] of EKS_BOOT_EVIDENCE) if (re.test(haystack)) found.add(why);
  }
  return [...found];
}

function tagSpecificationEvidence(reader: Reader, node: PNode | undefined, r: Resource): string[] {
  for (const spec of reader.items(node, r.when, r.range)) {
    if (spec.val.k !== "map") continue;
    for (const tag of tags(reader, reader.entry(spec.val, "Tags")?.node, r)) {
      if (EKS_TAG.test(tag.key.text)) return [`it tags instances ${tag.key.text}`];
    }
  }
  return [];
}

function launchTemplate(
  r: Resource,
  reader: Reader,
  name: Text | undefined,
  instanceProfile: Reference[],
  metadataNode: PNode | undefined,
  eksEvidence: string[],
): LaunchTemplateFact {
  const metadata: MetadataOptions = { range: undefined, httpTokens: [], hopLimit: [], httpEndpoint: [] };
  if (metadataNode) {
    metadata.range = metadataNode.range;
    for (const { map, when } of reader.maps(metadataNode, r.when, r.range)) {
      metadata.httpTokens.push(...settings(reader, reader.entry(map, "HttpTokens"), when, (t) => t));
      metadata.hopLimit.push(...settings(reader, reader.entry(map, "HttpPutResponseHopLimit"), when, (t) => {
        const n = Number(t);
        return Number.isFinite(n) ? n : undefined;
      }));
      metadata.httpEndpoint.push(...settings(reader, reader.entry(map, "HttpEndpoint"), when, (t) => t));
    }
  }
  return {
    ...base(r, reader),
    kind: "launch-template",
    resourceType: r.type,
    name,
    instanceProfile,
    metadata,
    eksEvidence,
  };
}

function settings<T>(
  reader: Reader,
  entry: { node: PNode; keyRange: Range } | undefined,
  when: When[],
  parse: (text: string) => T | undefined,
): Setting<T>[] {
  if (!entry) return [];
  return alternatives(reader.value(entry.node, entry.keyRange), when).flatMap((alt) =>
    reader.toText(alt).map((t) => {
      const setting: Setting<T> = { value: t.known ? parse(t.text) : undefined, range: t.range, when: t.when };
      if (!t.known) setting.reason = t.reason ?? "not known";
      return setting;
    }),
  );
}
