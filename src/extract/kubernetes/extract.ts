import {
  referenceOf,
  type Facts,
  type LaunchTemplateFact,
  type MetadataOptions,
  type NodeGroupFact,
  type PushEvidence,
  type Reference,
  type Setting,
  type Text,
  type WorkloadFact,
} from "../../model/facts.js";
import type { Range } from "../../model/source.js";
import { LineIndex } from "../../parse/lines.js";
import { get, scalarText, type PMap, type PNode } from "../../parse/yaml/tree.js";
import { AWS_AUTH_EVIDENCE, isNodeEntry, mapRolesEntries } from "../aws-auth.js";

// ---------------------------------------------------------------------------------------------
// What shows that a pod builds and pushes images. Every rule of evidence is in these tables.
// ---------------------------------------------------------------------------------------------

type Tool = "kaniko" | "buildkit" | "buildah" | "podman" | "docker-in-docker" | "img" | "ko";

/**
 * Images of tools that build and push images. `repository` is matched against the image reference
 * lowercased, without its tag or digest, registry included (so mirrors match by their path's end);
 * `tag`, when given, must match the tag too.
 */
const BUILDER_IMAGES: { tool: Tool; repository: RegExp; tag?: RegExp }[] = [
  // gcr.io/kaniko-project/executor (any tag, :debug included) and mirrors of it. Not
  // gcr.io/kaniko-project/warmer: the cache warmer only pulls base images.
  { tool: "kaniko", repository: /(^|\/)kaniko-project\/executor$/ },
  // Community builds of the executor named after it: martizih/kaniko, chainguard/kaniko, bitnami/kaniko.
  { tool: "kaniko", repository: /(^|\/)kaniko(-executor)?$/ },
  // moby/buildkit (rootless tags included) and mirrors; images named buildkit or buildkitd.
  { tool: "buildkit", repository: /(^|\/)moby\/buildkit$|(^|\/)buildkitd?$/ },
  // quay.io/buildah/stable, quay.io/buildah/upstream, buildah/buildah, registry.redhat.io/rhel9/buildah.
  { tool: "buildah", repository: /(^|\/)buildah(\/|$)/ },
  // quay.io/podman/stable, quay.io/containers/podman: podman builds and pushes like buildah.
  { tool: "podman", repository: /(^|\/)podman(\/|$)/ },
  // Docker-in-Docker: docker:dind, docker:27-dind-rootless (the daemon a build container pushes through).
  { tool: "docker-in-docker", repository: /(^|\/)docker$/, tag: /dind/ },
  // img: r.j3ss.co/img, jess/img.
  { tool: "img", repository: /(^|\/)(r\.j3ss\.co|jess)\/img$/ },
  // ko: ghcr.io/ko-build/ko, gcr.io/ko-images/ko (ko build pushes by default).
  { tool: "ko", repository: /(^|\/)(ko-build|ko-images)\/ko$/ },
];

/** A command that marks a container as kaniko even when its image is not a known kaniko image. */
const KANIKO_COMMAND = /(^|\/)kaniko\/executor$/;

/**
 * Arguments (single tokens of `command`, `args` or a script) that push. `tool` limits a flag to
 * containers of that tool; `with` requires another token in the same container; `unless` cancels it.
 */
const PUSH_ARGUMENTS: { token: RegExp; tool?: Tool; with?: RegExp; unless?: RegExp; notInScript?: boolean }[] = [
  // kaniko --destination (and any tool's --destination: kaniko bundled in a custom image).
  { token: /^--destination(=|$)/ },
  // kaniko's short form, in command or args only; `-d` means other things elsewhere (`test -d` in a script).
  { token: /^-d(=|$)/, tool: "kaniko", notInScript: true },
  // kaniko pushes cached layers to --cache-repo when caching is on, even with --no-push.
  { token: /^--cache-repo(=|$)/, tool: "kaniko", with: /^--cache(=true)?$/, unless: /^--no-push-cache(=true)?$/ },
  // docker buildx build --push, ko --push, makisu --push (not --push=false).
  { token: /^--push(=true)?$/ },
  // buildctl / buildx --output type=image,name=...,push=true
  { token: /(^|[,=])push=true(,|$)/ },
  // --output type=registry is type=image with push=true.
  { token: /(^|[,=])type=registry(,|$)/ },
];

/**
 * kaniko's `--no-push`: it builds without pushing, whatever `--destination` says (the destination
 * then only names the image, for `--tar-path`). It cancels the image and `--destination` / `-d`
 * evidence of its container; a `--cache-repo` push and other commands still count.
 */
const KANIKO_NO_PUSH = /^--no-push(=true)?$/;

/** Evidence that `KANIKO_NO_PUSH` cancels. */
const CANCELLED_BY_NO_PUSH = [/^--destination(=|$)/, /^-d(=|$)/];

/** Commands (searched in each string of `command`, `args` or a script, one shell line at a time) that push. */
const PUSH_COMMANDS: { pattern: RegExp; unless?: RegExp }[] = [
  // docker push, docker image push, buildah [flags] push, podman push, nerdctl push, img push.
  { pattern: /\b(?:docker|podman|buildah|nerdctl|img)\b[^\n;&|]*?\spush(?=\s|$)/ },
  // crane and oras write tags and blobs to a registry.
  { pattern: /\bcrane\s+(?:push|copy|cp|append|mutate|tag)\b/ },
  { pattern: /\boras\s+(?:push|copy|cp|tag)\b/ },
  // helm push: charts are OCI artifacts, ECR stores them.
  { pattern: /\bhelm\s+push\b/ },
  // skopeo copy / sync to a docker:// destination (the last argument).
  { pattern: /\bskopeo\b[^\n;&|]*?\s(?:copy|sync)\s[^\n;&|]*\sdocker:\/\/[^\s;&|]+\s*(?:$|[;&|])/ },
  // ko build / publish / apply / resolve push unless told to build locally.
  { pattern: /\bko\s+(?:build|publish|apply|resolve|create)\b/, unless: /\s(?:--local|-L|--push=false)(?=\s|$)/ },
  // Maven Jib: jib:build pushes (jib:dockerBuild and jib:buildTar do not).
  { pattern: /\bjib:build\b/ },
  // Direct ECR writes with the AWS CLI.
  {
    pattern:
      /\baws\s+ecr(?:-public)?\s+(?:put-\S+|batch-delete-image|delete-\S+|create-repository|initiate-layer-upload|upload-layer-part|complete-layer-upload|set-repository-policy|tag-resource|untag-resource)\b/,
  },
];

/** An author's explicit statement, on the object or its pod template. */
const PUSH_ANNOTATION = "pullguard.dev/pushes-images";

/** The IRSA annotation of a service account. */
const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";

// ---------------------------------------------------------------------------------------------
// Where pod specs are.
// ---------------------------------------------------------------------------------------------

/** Kinds whose object holds one pod spec, and the path to it. The apiVersion is not checked. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  // OpenShift DeploymentConfig and Argo Rollouts use the Deployment shape.
  DeploymentConfig: ["spec", "template", "spec"],
  Rollout: ["spec", "template", "spec"],
};

/** Container lists of a pod spec. */
const POD_CONTAINERS = ["initContainers", "containers", "ephemeralContainers"];

/**
 * Karpenter's instance metadata defaults when `metadataOptions` (or one of its fields) is not
 * written, by API version (karpenter.sh docs, "NodeClasses" and the v1 migration guide: v1 changed the
 * default hop limit from 2 to 1; AWSNodeTemplate v1alpha1 documents hop limit 2). An unknown version
 * is taken as the newest.
 */
const KARPENTER_METADATA_DEFAULTS: Record<string, { httpTokens: string; hopLimit: number }> = {
  "karpenter.k8s.aws/v1": { httpTokens: "required", hopLimit: 1 },
  "karpenter.k8s.aws/v1beta1": { httpTokens: "required", hopLimit: 2 },
  "karpenter.k8s.aws/v1alpha1": { httpTokens: "required", hopLimit: 2 },
};
const KARPENTER_NEWEST = "karpenter.k8s.aws/v1";

/** Nested `List` objects deeper than this are not read. */
const MAX_LIST_DEPTH = 8;

// ---------------------------------------------------------------------------------------------

/** The facts of one Kubernetes manifest document; `text` is the file's, to place what is inside a block scalar. */
export function extractKubernetes(path: string, root: PNode, facts: Facts, text?: string): void {
  extractObject(path, root, facts, 0, text);
}

interface KObject {
  path: string;
  root: PMap;
  kind: string;
  apiVersion: string;
  name: Text | undefined;
  namespace: Text | undefined;
  /** `Kind/name`. */
  address: string;
  /** Where the object is named: its `metadata.name`, else its `kind`. */
  range: Range;
}

function extractObject(path: string, root: PNode, facts: Facts, depth: number, source: string | undefined): void {
  if (root.kind !== "map") return;
  const kind = scalarText(get(root, "kind"));
  if (!kind) return;
  const apiVersion = scalarText(get(root, "apiVersion")) ?? "";
  if (kind === "List" || kind.endsWith("List")) {
    if (depth < MAX_LIST_DEPTH) for (const item of items(get(root, "items"))) extractObject(path, item, facts, depth + 1, source);
    return;
  }
  const metadata = get(root, "metadata");
  const nameNode = get(metadata, "name") ?? get(metadata, "generateName");
  const name = text(nameNode);
  const object: KObject = {
    path,
    root,
    kind,
    apiVersion,
    name,
    namespace: text(get(metadata, "namespace")),
    address: `${kind}/${name?.text ?? "(unnamed)"}`,
    range: name?.range ?? get(root, "kind")?.range ?? root.range,
  };

  if (kind === "ServiceAccount") return serviceAccount(object, facts);
  const podPath = POD_SPEC_PATHS[kind];
  if (podPath) return corePod(object, podPath, facts);
  if (apiVersion.startsWith("tekton.dev/")) return tekton(object, facts);
  if (apiVersion.startsWith("argoproj.io/")) return argo(object, facts);
  if (apiVersion.startsWith("karpenter.k8s.aws/") && (kind === "EC2NodeClass" || kind === "AWSNodeTemplate")) return nodeClass(object, facts);
  if (kind === "ConfigMap" && object.name?.text === "aws-auth") return awsAuth(object, facts, source);
  // Anything else (other ConfigMaps, Services, CRDs) says nothing about nodes or pushes.
}

// --- service accounts ---------------------------------------------------------------------------

function serviceAccount(object: KObject, facts: Facts): void {
  const role = text(get(get(get(object.root, "metadata"), "annotations"), IRSA_ANNOTATION));
  facts.serviceAccounts.push({
    key: uniqueKey(facts, objectKey(object, "", object.range)),
    address: object.address,
    format: "kubernetes",
    range: object.range,
    when: [],
    kind: "service-account",
    namespace: object.namespace,
    name: object.name,
    role: role && role.text.trim() !== "" ? referenceOf(role) : undefined,
  });
}

// --- pod specs ----------------------------------------------------------------------------------

/** One pod spec found in an object, before its evidence is read. */
interface PodSource {
  /** What distinguishes it inside its object (a Tekton task, an Argo template); empty for the only one. */
  part: string;
  partRange: Range | undefined;
  serviceAccount: Text | undefined;
  podSpec: Range;
  /** Container maps, in any order. */
  containers: PNode[];
  /** The pod's main container (the first of `containers`, the first step, the template's container). */
  primary: PNode | undefined;
  /** Annotation maps that apply to the pods (the object's, the pod template's). */
  annotations: (PNode | undefined)[];
  /** The image of a container that names none (Tekton `stepTemplate`). */
  defaultImage?: Text | undefined;
  /** Substitutes a workflow engine's parameters in an image reference. */
  substitute?: (image: string) => string;
  /** How runs refer to a spec that runs as the service account they name (`Task/kaniko`). */
  reusable?: string;
}

function corePod(object: KObject, podPath: string[], facts: Facts): void {
  const annotations: (PNode | undefined)[] = [];
  let node: PNode | undefined = object.root;
  for (const key of podPath) {
    annotations.push(get(get(node, "metadata"), "annotations"));
    node = get(node, key);
  }
  if (node?.kind !== "map") return;
  const spec = node;
  addWorkloads(object, [
    {
      part: "",
      partRange: undefined,
      serviceAccount: text(get(spec, "serviceAccountName")) ?? text(get(spec, "serviceAccount")),
      podSpec: spec.range,
      containers: POD_CONTAINERS.flatMap((k) => items(get(spec, k))),
      primary: items(get(spec, "containers"))[0],
      annotations,
    },
  ], facts);
}

/**
 * Tekton: a Task's steps and sidecars run in one pod, as the service account its TaskRun names
 * (`default` when none does). Runs and pipelines can embed task specs.
 */
function tekton(object: KObject, facts: Facts): void {
  const spec = get(object.root, "spec");
  const objectAnnotations = get(get(object.root, "metadata"), "annotations");
  const sources: PodSource[] = [];
  const fromTaskSpec = (taskSpec: PNode | undefined, part: string, partRange: Range | undefined, sa: Text | undefined, given: PNode | undefined) => {
    if (taskSpec?.kind !== "map") return;
    const params = paramDefaults(get(taskSpec, "params"), "default");
    for (const [k, v] of paramDefaults(given, "value")) if (!v.includes("$(")) params.set(k, v);
    sources.push({
      part,
      partRange,
      serviceAccount: sa,
      podSpec: taskSpec.range,
      containers: [...items(get(taskSpec, "steps")), ...items(get(taskSpec, "sidecars"))],
      primary: items(get(taskSpec, "steps"))[0],
      annotations: [objectAnnotations, get(get(taskSpec, "metadata"), "annotations")],
      defaultImage: text(get(get(taskSpec, "stepTemplate"), "image")),
      substitute: (image) =>
        image.replace(/\$\((?:inputs\.)?params(?:\.([\w-]+)|\[["']([\w.-]+)["']\])\)/g, (all: string, a: string | undefined, b: string | undefined) => params.get(a ?? b ?? "") ?? all),
    });
  };
  const pipelineTasks = (pipelineSpec: PNode | undefined, saOf: (task: string) => Text | undefined, pipeline?: string) => {
    for (const task of [...items(get(pipelineSpec, "tasks")), ...items(get(pipelineSpec, "finally"))]) {
      const taskName = text(get(task, "name"));
      const label = taskName ? `task ${taskName.text}` : "task";
      fromTaskSpec(get(task, "taskSpec"), label, taskName?.range, saOf(taskName?.text ?? ""), get(task, "params"));
      const last = sources[sources.length - 1];
      if (pipeline && last?.part === label) last.reusable = pipeline;
      // A task the pipeline refers to runs as the service account of the pipeline's run.
      const ref = get(task, "taskRef");
      if (ref) run(object, facts, `${scalarText(get(ref, "kind")) ?? "Task"}/${scalarText(get(ref, "name")) ?? "?"}`, ref.range, pipeline ? undefined : saOf(taskName?.text ?? ""), pipeline);
    }
  };
  switch (object.kind) {
    case "Task":
    case "ClusterTask":
      fromTaskSpec(spec, "", undefined, undefined, undefined);
      if (sources[0]) sources[0].reusable = object.address;
      break;
    case "TaskRun": {
      const sa = text(get(spec, "serviceAccountName"));
      fromTaskSpec(get(spec, "taskSpec"), "", undefined, sa, get(spec, "params"));
      const ref = get(spec, "taskRef");
      if (ref) run(object, facts, `${scalarText(get(ref, "kind")) ?? "Task"}/${scalarText(get(ref, "name")) ?? "?"}`, ref.range, sa, undefined);
      break;
    }
    case "Pipeline":
      pipelineTasks(spec, () => undefined, object.address);
      break;
    case "PipelineRun": {
      const runDefault = text(get(get(spec, "taskRunTemplate"), "serviceAccountName")) ?? text(get(spec, "serviceAccountName"));
      const perTask = new Map<string, Text>();
      // v1 taskRunSpecs[].serviceAccountName, v1beta1 taskRunSpecs[].taskServiceAccountName, older serviceAccountNames[].
      for (const s of items(get(spec, "taskRunSpecs"))) {
        const task = scalarText(get(s, "pipelineTaskName"));
        const sa = text(get(s, "serviceAccountName")) ?? text(get(s, "taskServiceAccountName"));
        if (task !== undefined && sa) perTask.set(task, sa);
      }
      for (const s of items(get(spec, "serviceAccountNames"))) {
        const task = scalarText(get(s, "taskName"));
        const sa = text(get(s, "serviceAccountName"));
        if (task !== undefined && sa && !perTask.has(task)) perTask.set(task, sa);
      }
      pipelineTasks(get(spec, "pipelineSpec"), (task) => perTask.get(task) ?? runDefault);
      const ref = get(spec, "pipelineRef");
      if (ref) run(object, facts, `Pipeline/${scalarText(get(ref, "name")) ?? "?"}`, ref.range, runDefault, undefined);
      break;
    }
  }
  addWorkloads(object, sources, facts);
}

/** Argo Workflows: each template with a container, a script or a container set runs as a pod of its own. */
function argo(object: KObject, facts: Facts): void {
  let wfSpec: PNode | undefined;
  if (object.kind === "Workflow" || object.kind === "WorkflowTemplate" || object.kind === "ClusterWorkflowTemplate") wfSpec = get(object.root, "spec");
  else if (object.kind === "CronWorkflow") wfSpec = get(get(object.root, "spec"), "workflowSpec");
  else return;
  const workflowParams = paramDefaults(get(get(wfSpec, "arguments"), "parameters"), "value");
  const workflowSa = text(get(wfSpec, "serviceAccountName")) ?? text(get(get(wfSpec, "templateDefaults"), "serviceAccountName"));
  const annotations = [get(get(object.root, "metadata"), "annotations"), get(get(wfSpec, "podMetadata"), "annotations")];
  const sources: PodSource[] = [];
  // A Workflow that runs a WorkflowTemplate: the template's pods run as this workflow's service account.
  const templateRef = get(wfSpec, "workflowTemplateRef");
  if (templateRef) {
    const kind = scalarText(get(templateRef, "clusterScope")) === "true" ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
    run(object, facts, `${kind}/${scalarText(get(templateRef, "name")) ?? "?"}`, templateRef.range, workflowSa, undefined);
  }
  const reusable = object.kind === "WorkflowTemplate" || object.kind === "ClusterWorkflowTemplate" ? object.address : undefined;
  for (const template of items(get(wfSpec, "templates"))) {
    if (template.kind !== "map") continue;
    const main = [get(template, "container"), get(template, "script")].filter((c): c is PNode => c?.kind === "map");
    const containers: PNode[] = [...main, ...items(get(get(template, "containerSet"), "containers"))];
    if (containers.length === 0) continue; // steps, dag, suspend, resource: no container of its own
    containers.push(...items(get(template, "initContainers")), ...items(get(template, "sidecars")));
    const inputs = paramDefaults(get(get(template, "inputs"), "parameters"), "value", "default");
    const templateName = text(get(template, "name"));
    sources.push({
      part: templateName ? `template ${templateName.text}` : "template",
      partRange: templateName?.range,
      serviceAccount: text(get(template, "serviceAccountName")) ?? workflowSa,
      podSpec: template.range,
      containers,
      primary: containers[0],
      ...(reusable ? { reusable } : {}),
      annotations: [...annotations, get(get(template, "metadata"), "annotations")],
      substitute: (image) =>
        image.replace(/\{\{\s*(inputs|workflow)\.parameters\.([\w-]+)\s*\}\}/g, (all, scope: string, name: string) =>
          (scope === "inputs" ? inputs.get(name) : workflowParams.get(name)) ?? all,
        ),
    });
  }
  addWorkloads(object, sources, facts);
}

/** A run of a reusable spec (`target`), as the service account it names. */
function run(object: KObject, facts: Facts, target: string, range: Range, serviceAccount: Text | undefined, through: string | undefined): void {
  facts.workloadRuns.push({
    key: uniqueKey(facts, objectKey(object, `run ${target}`, range)),
    address: object.address,
    format: "kubernetes",
    range,
    when: [],
    kind: "workload-run",
    target,
    through,
    namespace: object.namespace,
    serviceAccount,
  });
}

/** Parameter values by name from a list of `{name, <field>}` maps (the first field present wins). */
function paramDefaults(list: PNode | undefined, ...fields: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of items(list)) {
    const name = scalarText(get(p, "name"));
    if (name === undefined) continue;
    for (const field of fields) {
      const value = scalarText(get(p, field));
      if (value !== undefined) {
        out.set(name, value);
        break;
      }
    }
  }
  return out;
}

function addWorkloads(object: KObject, sources: PodSource[], facts: Facts): void {
  for (const source of sources) {
    const { evidence, builderImage } = pushEvidence(source);
    const suffix = sources.length > 1 && source.part ? ` ${source.part}` : "";
    const workload: WorkloadFact = {
      key: uniqueKey(facts, objectKey(object, source.part, source.podSpec)),
      address: `${object.address}${suffix}`,
      format: "kubernetes",
      range: (suffix ? source.partRange : undefined) ?? object.range,
      when: [],
      kind: "workload",
      namespace: object.namespace,
      serviceAccount: source.serviceAccount,
      podSpec: source.podSpec,
      pushEvidence: evidence,
      builderImage,
      reusable: source.serviceAccount ? undefined : source.reusable,
    };
    facts.workloads.push(workload);
  }
}

/** The push evidence of one pod, and the image of the container that shows it. */
function pushEvidence(source: PodSource): { evidence: PushEvidence[]; builderImage: Text | undefined } {
  const containers = source.containers.filter((c): c is PMap => c.kind === "map").sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn);
  const evidence: PushEvidence[] = [];
  let builderImage: Text | undefined;
  for (const container of containers) {
    const image = containerImage(container, source);
    const found = containerEvidence(container, image);
    if (found.length === 0) continue;
    evidence.push(...found);
    builderImage ??= image;
  }
  const annotated = annotationEvidence(source.annotations);
  if (annotated) {
    evidence.push(annotated);
    // Only the author's word: the pod's main container is taken as the one that pushes.
    if (!builderImage && source.primary?.kind === "map") builderImage = containerImage(source.primary, source);
    builderImage ??= firstImage(containers, source);
  }
  return { evidence, builderImage };
}

function firstImage(containers: PMap[], source: PodSource): Text | undefined {
  for (const c of containers) {
    const image = containerImage(c, source);
    if (image) return image;
  }
  return undefined;
}

/** The `image:` of a container (or the default it inherits), with engine parameters substituted. */
function containerImage(container: PMap, source: PodSource): Text | undefined {
  const image = text(get(container, "image")) ?? source.defaultImage;
  if (!image || !source.substitute) return image;
  // A parameter's default can name another parameter (an Argo input defaulting to a workflow parameter).
  let substituted = image.text;
  for (let i = 0; i < 3; i++) {
    const next = source.substitute(substituted);
    if (next === substituted) break;
    substituted = next;
  }
  return substituted === image.text ? image : { ...image, text: substituted };
}

interface Token {
  value: string;
  range: Range;
  /** `argument`, `command` or `script`: the field it is written in, for messages. */
  field: string;
}

function containerEvidence(container: PMap, image: Text | undefined): PushEvidence[] {
  const strings: Token[] = [];
  for (const [key, field] of [["command", "command"], ["args", "argument"], ["script", "script"], ["source", "script"]] as const) {
    const node = get(container, key);
    for (const item of node?.kind === "seq" ? node.items : node ? [node] : []) {
      const value = scalarText(item);
      if (value !== undefined && item) strings.push({ value, range: item.range, field });
    }
  }
  const tokens = strings.flatMap((s) => s.value.split(/\s+/).filter((t) => t !== "").map((t) => ({ ...s, value: t.replace(/^["']|["']$/g, "") })));
  const tools = new Set<Tool>();
  const builder = image ? builderTool(image.text) : undefined;
  if (builder) tools.add(builder);
  if (tokens.some((t) => KANIKO_COMMAND.test(t.value))) tools.add("kaniko");
  const noPush = tools.has("kaniko") && tokens.some((t) => KANIKO_NO_PUSH.test(t.value));

  const evidence: PushEvidence[] = [];
  if (builder && image && !(builder === "kaniko" && noPush)) evidence.push({ text: `image ${image.text}`, range: image.range });
  for (const t of tokens) {
    const rule = PUSH_ARGUMENTS.find(
      (a) =>
        a.token.test(t.value) &&
        !(a.notInScript && t.field === "script") &&
        (!a.tool || tools.has(a.tool)) &&
        (!a.with || tokens.some((u) => a.with?.test(u.value))) &&
        !(a.unless && tokens.some((u) => a.unless?.test(u.value))),
    );
    if (!rule) continue;
    if (noPush && CANCELLED_BY_NO_PUSH.some((c) => c.test(t.value))) continue;
    evidence.push({ text: `${t.field} ${t.value}`, range: t.range });
  }
  for (const s of strings) {
    for (const line of s.value.split(/\n/)) {
      for (const command of PUSH_COMMANDS) {
        const match = command.pattern.exec(line);
        if (!match || (command.unless && command.unless.test(line))) continue;
        evidence.push({ text: `${s.field} ${quote(line.slice(match.index))}`, range: s.range });
        break;
      }
    }
  }
  return dedupe(evidence);
}

/** The builder tool an image reference is, if any. */
function builderTool(image: string): Tool | undefined {
  let ref = image.trim().toLowerCase();
  const at = ref.indexOf("@");
  if (at >= 0) ref = ref.slice(0, at);
  const colon = ref.lastIndexOf(":");
  const hasTag = colon > ref.lastIndexOf("/");
  const repository = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : "";
  return BUILDER_IMAGES.find((b) => b.repository.test(repository) && (!b.tag || b.tag.test(tag)))?.tool;
}

function annotationEvidence(annotations: (PNode | undefined)[]): PushEvidence | undefined {
  for (const map of annotations) {
    if (map?.kind !== "map") continue;
    for (let i = map.entries.length - 1; i >= 0; i--) {
      const entry = map.entries[i];
      if (entry?.key !== PUSH_ANNOTATION) continue;
      if (scalarText(entry.value)?.trim().toLowerCase() !== "true") break;
      const range = { ...entry.keyRange, endLine: entry.value.range.endLine, endColumn: entry.value.range.endColumn };
      return { text: `annotation ${PUSH_ANNOTATION}: "true"`, range };
    }
  }
  return undefined;
}

/** A command line for a message: trimmed, and cut when long. */
function quote(line: string): string {
  const trimmed = line.trim().replace(/\s+/g, " ");
  return trimmed.length > 80 ? `${trimmed.slice(0, 77)}...` : trimmed;
}

function dedupe(evidence: PushEvidence[]): PushEvidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const id = `${e.text}|${e.range.startLine}:${e.range.startColumn}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

// --- Karpenter ----------------------------------------------------------------------------------

/**
 * A Karpenter `EC2NodeClass` (karpenter.k8s.aws v1, v1beta1) or `AWSNodeTemplate` (v1alpha1): a group
 * of nodes with the role or instance profile it names, and the launch template Karpenter generates
 * for it, whose instance metadata settings come from `metadataOptions` or Karpenter's defaults.
 */
function nodeClass(object: KObject, facts: Facts): void {
  const spec = get(object.root, "spec");
  const role = placeholder(object.kind === "EC2NodeClass" ? text(get(spec, "role")) : undefined);
  const profile = placeholder(text(get(spec, "instanceProfile")));
  const instanceProfile: Reference[] = profile ? [referenceOf(profile)] : [];
  if (!role && !profile) {
    const reason =
      object.kind === "AWSNodeTemplate"
        ? "it names no spec.instanceProfile, so Karpenter uses the default instance profile of its own settings"
        : "it names neither spec.role nor spec.instanceProfile";
    instanceProfile.push({ kind: "unknown", reason, range: object.range, when: [] });
  }
  const optionsNode = get(spec, "metadataOptions");
  const templateRange = optionsNode?.range ?? object.range;
  const templateKey = uniqueKey(facts, objectKey(object, "metadataOptions", templateRange));
  const template: LaunchTemplateFact = {
    key: templateKey,
    address: `metadata options of ${object.address}`,
    format: "kubernetes",
    range: templateRange,
    when: [],
    kind: "launch-template",
    resourceType: object.kind,
    name: undefined,
    // The instance profile is the group's; the template only holds the metadata settings.
    instanceProfile: [],
    metadata: karpenterMetadata(object, optionsNode),
    eksEvidence: [`Karpenter launches the nodes of ${object.address} with it`],
  };
  const group: NodeGroupFact = {
    key: uniqueKey(facts, objectKey(object, "", object.range)),
    address: object.address,
    format: "kubernetes",
    range: object.range,
    when: [],
    kind: "node-group",
    nodeKind: "karpenter",
    resourceType: object.kind,
    role: role ? [referenceOf(role)] : [],
    launchTemplate: [{ kind: "logical", target: { key: templateKey }, range: templateRange, when: [] }],
    instanceProfile,
    evidence: `it is a Karpenter ${object.kind}`,
    amiType: undefined,
  };
  facts.launchTemplates.push(template);
  facts.nodeGroups.push(group);
}

function karpenterMetadata(object: KObject, optionsNode: PNode | undefined): MetadataOptions {
  const version = KARPENTER_METADATA_DEFAULTS[object.apiVersion] ? object.apiVersion : KARPENTER_NEWEST;
  const defaults = KARPENTER_METADATA_DEFAULTS[version] ?? { httpTokens: "required", hopLimit: 1 };
  const versionRange = get(object.root, "apiVersion")?.range ?? object.range;
  // A default is reported where it can be changed: the metadataOptions block, else the apiVersion that decides it.
  const at = optionsNode?.range ?? versionRange;
  const note = (what: string) => `Karpenter's default for ${object.kind} ${version}: ${what}`;
  const written = <T>(key: string, parse: (t: string) => T | undefined): Setting<T>[] => {
    const t = text(get(optionsNode, key));
    if (!t) return [];
    const value = parse(t.text);
    return [value === undefined ? { value, range: t.range, when: [], reason: `${t.text} is not a valid ${key}` } : { value, range: t.range, when: [] }];
  };
  const httpTokens = written("httpTokens", (t) => t);
  const hopLimit = written("httpPutResponseHopLimit", (t) => (/^\d+$/.test(t.trim()) ? Number(t) : undefined));
  const httpEndpoint = written("httpEndpoint", (t) => t);
  if (httpTokens.length === 0) {
    httpTokens.push({ value: defaults.httpTokens, range: { ...at, origin: { range: versionRange, note: note(`httpTokens ${defaults.httpTokens}`) } }, when: [] });
  }
  if (hopLimit.length === 0) {
    hopLimit.push({ value: defaults.hopLimit, range: { ...at, origin: { range: versionRange, note: note(`httpPutResponseHopLimit ${defaults.hopLimit}`) } }, when: [] });
  }
  return { range: optionsNode?.range, httpTokens, hopLimit, httpEndpoint };
}

// --- aws-auth ------------------------------------------------------------------------------------

/**
 * The aws-auth ConfigMap: each `mapRoles` entry in `system:nodes` is a role EKS nodes join the
 * cluster with, so it is a node role whatever created it (placed at its rolearn).
 */
function awsAuth(object: KObject, facts: Facts, source: string | undefined): void {
  if (object.namespace && object.namespace.text !== "kube-system") return;
  const node = get(get(object.root, "data"), "mapRoles");
  const value = scalarText(node);
  if (!node || value === undefined) return;
  const entries = mapRolesEntries(value);
  if (!entries) {
    facts.gaps.push({ subject: `aws-auth ${object.address}`, reason: "its mapRoles is not a YAML list, so the roles it maps to system:nodes were not read", range: node.range, when: [] });
    return;
  }
  const lines = source === undefined ? undefined : new LineIndex(source);
  let cursor = lines ? lines.offset(node.range.startLine, node.range.startColumn) : 0;
  entries.forEach((entry, i) => {
    if (!isNodeEntry(entry.groups)) return;
    // A block scalar keeps its lines: the rolearn is found in the file after the previous one.
    const at = lines ? lines.text.indexOf(entry.roleArn, cursor) : -1;
    const range = lines && at >= 0 ? lines.range(object.path, at, at + entry.roleArn.length) : node.range;
    if (at >= 0) cursor = at + entry.roleArn.length;
    const role = placeholder({ text: entry.roleArn, known: true, range, when: [] }) as Text;
    facts.nodeGroups.push({
      key: uniqueKey(facts, objectKey(object, `mapRoles/${i}`, range)),
      address: `${object.address} mapRoles[${i}]`,
      format: "kubernetes",
      range,
      when: [],
      kind: "node-group",
      nodeKind: "aws-auth",
      resourceType: "aws-auth",
      role: [referenceOf(role)],
      launchTemplate: [],
      instanceProfile: [],
      evidence: AWS_AUTH_EVIDENCE,
      amiType: undefined,
    });
  });
}

// --- helpers ------------------------------------------------------------------------------------

/** A whole value written as a template placeholder (`${X}`, `$X`, `<<X>>`, `{{ .X }}`): filled in when the manifest is rendered, not a name. */
const PLACEHOLDER = /^(?:\$\{[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|<<[^>]+>>|<[^<>]+>|\{\{[^}]+\}\}|__[A-Z0-9_]+__)$/;
/** A placeholder inside a value (`arn:aws:iam::${ACCOUNT_ID}:role/nodes`): the value is not known either. */
const INNER_PLACEHOLDER = /\$\{[^}]+\}|\{\{[^}]+\}\}|<<[^>]+>>/;

function placeholder(t: Text | undefined): Text | undefined {
  if (!t || !(PLACEHOLDER.test(t.text.trim()) || INNER_PLACEHOLDER.test(t.text))) return t;
  return { ...t, known: false, reason: `${t.text} is a template placeholder, filled in when the manifest is rendered` };
}

function text(node: PNode | undefined): Text | undefined {
  const value = scalarText(node);
  if (value === undefined || !node) return undefined;
  return { text: value, known: true, range: node.range, when: [] };
}

function items(node: PNode | undefined): PNode[] {
  return node?.kind === "seq" ? node.items : [];
}

/** Unique in a scan: the file, the object, the part, and where the part is. */
function objectKey(object: KObject, part: string, at: Range): string {
  const id = `${object.kind}/${object.namespace?.text ?? ""}/${object.name?.text ?? ""}${part ? `/${part}` : ""}`;
  return `${object.path}#${id}@${at.startLine}:${at.startColumn}`;
}

/** The keys already used in a Facts, kept up to date as its lists grow (they are only appended to). */
const takenKeys = new WeakMap<Facts, { counted: number[]; keys: Set<string> }>();

/** `key`, or a numbered variant when YAML aliases repeat one object (two List items naming one anchor). */
function uniqueKey(facts: Facts, key: string): string {
  // Incremental: rebuilding the set on every call made a file of 20,000 documents take 40 s.
  const lists = [facts.workloads, facts.workloadRuns, facts.serviceAccounts, facts.nodeGroups, facts.launchTemplates];
  let cache = takenKeys.get(facts);
  if (!cache) takenKeys.set(facts, (cache = { counted: lists.map(() => 0), keys: new Set() }));
  lists.forEach((list, i) => {
    const counted = cache.counted[i] ?? 0;
    for (const fact of list.slice(counted)) cache.keys.add(fact.key);
    cache.counted[i] = list.length;
  });
  const taken = cache.keys;
  let candidate = key;
  for (let n = 2; taken.has(candidate); n++) candidate = `${key}#${n}`;
  return candidate;
}
