import {
  referenceOf,
  type Facts,
  type LaunchTemplateFact,
  type MetadataOptions,
  type NodeGroupFact,
  type PushDestination,
  type PushEvidence,
  type Reference,
  type RegistryCredentials,
  type Setting,
  type Text,
  type WorkloadFact,
} from "../../model/facts.js";
import type { Range } from "../../model/source.js";
import { LineIndex } from "../../parse/lines.js";
import { parseStructured } from "../../parse/yaml/parse.js";
import { get, scalarText, type PMap, type PNode } from "../../parse/yaml/tree.js";
import { AWS_AUTH_EVIDENCE, isNodeEntry, mapRolesEntries } from "../aws-auth.js";

// ---------------------------------------------------------------------------------------------
// What shows that a pod builds and pushes images, and where to. Every rule of evidence is in these
// tables and in `pushesOf`; a push workload needs a tool that pushes and a push, never an image alone
// (a BuildKit or Docker daemon, a buildah container that only builds), except the kaniko executor,
// which pushes unless told not to.
// ---------------------------------------------------------------------------------------------

type Tool = "kaniko" | "buildkit" | "buildah" | "podman" | "docker-in-docker" | "docker" | "img" | "ko" | "crane" | "skopeo" | "oras";

/**
 * Images of tools that build or push images. `repository` is matched against the image reference
 * lowercased, without its tag or digest, registry included (so mirrors match by their path's end);
 * `tag`, when given, must match the tag too. `builder`: the image itself is evidence in a message (a
 * Docker CLI or crane image is only a client). `entrypoint`: what runs when a container gives only `args`.
 */
const TOOL_IMAGES: { tool: Tool; repository: RegExp; tag?: RegExp; builder: boolean; entrypoint?: string }[] = [
  // gcr.io/kaniko-project/executor (any tag, :debug included) and mirrors of it. Not
  // gcr.io/kaniko-project/warmer: the cache warmer only pulls base images.
  { tool: "kaniko", repository: /(^|\/)kaniko-project\/executor$/, builder: true, entrypoint: "/kaniko/executor" },
  // Community builds of the executor named after it: martizih/kaniko, chainguard/kaniko, bitnami/kaniko.
  { tool: "kaniko", repository: /(^|\/)kaniko(-executor)?$/, builder: true, entrypoint: "/kaniko/executor" },
  // moby/buildkit (rootless tags included) and mirrors; images named buildkit or buildkitd. The image runs the daemon.
  { tool: "buildkit", repository: /(^|\/)moby\/buildkit$|(^|\/)buildkitd?$/, builder: true, entrypoint: "buildkitd" },
  // quay.io/buildah/stable, quay.io/buildah/upstream, buildah/buildah, registry.redhat.io/rhel9/buildah.
  { tool: "buildah", repository: /(^|\/)buildah(\/|$)/, builder: true },
  // quay.io/podman/stable, quay.io/containers/podman: podman builds and pushes like buildah.
  { tool: "podman", repository: /(^|\/)podman(\/|$)/, builder: true },
  // Docker-in-Docker: docker:dind, docker:27-dind-rootless: a daemon, which pushes only when a client asks.
  { tool: "docker-in-docker", repository: /(^|\/)docker$/, tag: /dind/, builder: false, entrypoint: "dockerd" },
  // The Docker CLI image (docker:27, docker:cli): its entrypoint runs docker with the arguments.
  { tool: "docker", repository: /(^|\/)docker$/, builder: false, entrypoint: "docker" },
  // img: r.j3ss.co/img, jess/img.
  { tool: "img", repository: /(^|\/)(r\.j3ss\.co|jess)\/img$/, builder: true, entrypoint: "img" },
  // ko: ghcr.io/ko-build/ko, gcr.io/ko-images/ko (ko build pushes by default).
  { tool: "ko", repository: /(^|\/)(ko-build|ko-images)\/ko$/, builder: true, entrypoint: "ko" },
  // Registry clients: gcr.io/go-containerregistry/crane, quay.io/skopeo/stable, ghcr.io/oras-project/oras.
  { tool: "crane", repository: /(^|\/)go-containerregistry\/crane$/, builder: false, entrypoint: "crane" },
  { tool: "skopeo", repository: /(^|\/)skopeo(\/|$)/, builder: false, entrypoint: "skopeo" },
  { tool: "oras", repository: /(^|\/)oras-project\/oras$/, builder: false, entrypoint: "oras" },
];

/** The kaniko executor, by path (`/kaniko/executor`, also in images that bundle it). */
const KANIKO_EXECUTOR = /(^|\/)kaniko\/executor$/;

/** Commands a Jenkins agent container idles with while the pipeline runs its steps in it (`container('kaniko') { sh ... }`). */
const IDLE_COMMANDS = /^(?:(?:\/busybox\/|\/bin\/|\/usr\/bin\/)?(?:cat|sleep|tail)(?:\s|$)|sleep\s+infinity)/;

/** Shells whose `-c` argument is a script. */
const SHELLS = /^(?:(?:\/busybox\/|\/bin\/|\/usr\/bin\/|\/usr\/local\/bin\/)?(?:sh|bash|ash|dash|zsh))$/;

/** Words before a command that do not change what it is (`sudo docker push`, `exec buildah push`). */
const WRAPPERS = new Set(["sudo", "exec", "time", "nohup", "command", "env", "xargs"]);

/** A pod that mints ECR tokens with its own AWS identity: a registry login with such a token is not a credential of its own. */
const MINTS_ECR_TOKEN = /\baws\s+ecr(?:-public)?\s+(?:get-login-password|get-login|get-authorization-token)\b|docker-credential-ecr-login|\becr-login\b/;

/** AWS CLI calls that write to ECR directly (the registry is the account's ECR). */
const AWS_ECR_WRITES =
  /^(?:put-\S+|batch-delete-image|delete-\S+|create-repository|initiate-layer-upload|upload-layer-part|complete-layer-upload|set-repository-policy|tag-resource|untag-resource)$/;

/** Where a docker config or container auth file is read from, when a secret is mounted there. */
const DOCKER_CONFIG_PATH = /(^|\/)\.docker(\/(config\.json)?)?\/?$|^\/kaniko\/\.docker(\/|$)|(^|\/)containers\/auth\.json$|(^|\/)\.dockercfg$/;
/** Where the AWS SDK reads credentials from, when a secret is mounted there. */
const AWS_CREDENTIALS_PATH = /(^|\/)\.aws(\/(credentials)?)?\/?$/;
/** Keys of a docker config secret (`kubernetes.io/dockerconfigjson`, `kubernetes.io/dockercfg`). */
const DOCKER_CONFIG_KEY = /^\.docker(config)?(json|cfg)$|^\.dockerconfigjson$|^\.dockercfg$/;

/** ECR registries: private (`<account>.dkr.ecr.<region>.amazonaws.com[.cn]`, FIPS and dual-stack endpoints) and ECR Public. */
const ECR_HOST = /^[^/]+\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?(?::\d+)?$|^[^/]+\.dkr-ecr(?:-fips)?\.[a-z0-9-]+\.on\.aws(?::\d+)?$|^public\.ecr\.aws$/i;

/** A part of a value that is not known when the manifest is read (a parameter, a variable, a placeholder). */
const UNRESOLVED = /\{\{[^{}]*\}\}|\$\([^()]*\)|\$\{[^{}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|<[^<>\s]+>|__[A-Z0-9_]+__/g;

/** More alternatives than this for one destination (parameters passed by many callers) are not followed. */
const MAX_ALTERNATIVES = 8;

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
  /** The file's text, to place a line of a script or an embedded document. */
  source: string | undefined;
}

function extractObject(path: string, root: PNode, facts: Facts, depth: number, source: string | undefined): void {
  if (root.kind !== "map") return;
  const kind = scalarText(get(root, "kind"));
  // Jenkins configuration as code and the jenkins chart's values have no kind.
  if (!kind) return depth === 0 ? jenkins(path, root, facts, source) : undefined;
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
    source,
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
  /** The pod's `volumes` entries, which containers mount by name. */
  volumes: PNode[];
  /** Secrets mounted into every container (a Jenkins pod template's `volumes`). */
  sharedMounts?: { secret: string; mountPath: Text }[];
  /** The image of a container that names none (Tekton `stepTemplate`). */
  defaultImage?: Text | undefined;
  /** The values a workflow engine's parameters can have in a string, as alternatives (the string itself when none is known). */
  expand?: (value: string) => string[];
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
  addWorkloads(object, [podSpecSource(node, "", undefined, annotations)], facts);
}

/** The pod source of a plain pod spec. */
function podSpecSource(spec: PMap, part: string, partRange: Range | undefined, annotations: (PNode | undefined)[]): PodSource {
  return {
    part,
    partRange,
    serviceAccount: text(get(spec, "serviceAccountName")) ?? text(get(spec, "serviceAccount")),
    podSpec: spec.range,
    containers: POD_CONTAINERS.flatMap((k) => items(get(spec, k))),
    primary: items(get(spec, "containers"))[0],
    annotations,
    volumes: items(get(spec, "volumes")),
  };
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
      volumes: items(get(taskSpec, "volumes")),
      defaultImage: text(get(get(taskSpec, "stepTemplate"), "image")),
      expand: (value) =>
        alternatives(value, /\$\((?:inputs\.)?params(?:\.([\w-]+)|\[["']([\w.-]+)["']\])\)/g, (m) => {
          const value = params.get(m[1] ?? m[2] ?? "");
          return value === undefined ? undefined : [value];
        }),
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
      if (ref) run(object, facts, `${scalarText(get(ref, "kind")) ?? "Task"}/${scalarText(get(ref, "name")) ?? "?"}`, ref.range, pipeline ? undefined : saOf(taskName?.text ?? ""), pipeline, tektonArguments(get(task, "params")));
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
      if (ref) run(object, facts, `${scalarText(get(ref, "kind")) ?? "Task"}/${scalarText(get(ref, "name")) ?? "?"}`, ref.range, sa, undefined, tektonArguments(get(spec, "params")));
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
      if (ref) run(object, facts, `Pipeline/${scalarText(get(ref, "name")) ?? "?"}`, ref.range, runDefault, undefined, tektonArguments(get(spec, "params")));
      break;
    }
  }
  addWorkloads(object, sources, facts);
}

// --- Argo Workflows -----------------------------------------------------------------------------

/** A call of a template from a steps or dag template of the same workflow, with the arguments it passes. */
interface ArgoCall {
  args: Map<string, string>;
  /** The calling template; undefined for the workflow's own arguments, which the entrypoint receives. */
  caller: PMap | undefined;
}

/**
 * Argo Workflows: each template with a container, a script or a container set runs as a pod of its
 * own, as the template's service account, else the workflow's (`default` when neither names one); a
 * `podSpecPatch` that sets one wins over both. A WorkflowTemplate runs as the service account of the
 * Workflow that runs it (by `workflowTemplateRef`, or a step's `templateRef`) unless it names its own.
 * Parameters are substituted where their values are known: an input's `value`, what the callers in the
 * same workflow pass, its `default`; the workflow's `arguments`, which the entrypoint also receives.
 */
function argo(object: KObject, facts: Facts): void {
  let wfSpec: PNode | undefined;
  if (object.kind === "Workflow" || object.kind === "WorkflowTemplate" || object.kind === "ClusterWorkflowTemplate") wfSpec = get(object.root, "spec");
  else if (object.kind === "CronWorkflow") wfSpec = get(get(object.root, "spec"), "workflowSpec");
  else return;
  const workflowParams = paramDefaults(get(get(wfSpec, "arguments"), "parameters"), "value", "default");
  const patchSa = podSpecPatchAccount(get(wfSpec, "podSpecPatch"), object);
  // templateDefaults are merged into every template, and a template's own account wins over the spec's.
  const defaultSa = text(get(get(wfSpec, "templateDefaults"), "serviceAccountName")) ?? text(get(wfSpec, "serviceAccountName"));
  const workflowSa = patchSa ?? defaultSa;
  const annotations = [get(get(object.root, "metadata"), "annotations"), get(get(wfSpec, "podMetadata"), "annotations")];
  const reusable = object.kind === "WorkflowTemplate" || object.kind === "ClusterWorkflowTemplate" ? object.address : undefined;
  // A Workflow that runs a WorkflowTemplate: the template's pods run as this workflow's service account.
  const templateRef = get(wfSpec, "workflowTemplateRef");
  if (templateRef) {
    const kind = scalarText(get(templateRef, "clusterScope")) === "true" ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
    const args = new Map([...workflowParams].map(([k, v]) => [`workflow.parameters.${k}`, v]));
    run(object, facts, `${kind}/${scalarText(get(templateRef, "name")) ?? "?"}`, templateRef.range, workflowSa, undefined, args);
  }

  const templates = items(get(wfSpec, "templates")).filter((t): t is PMap => t.kind === "map");
  const calls = new Map<PMap, ArgoCall[]>();
  const callsOf = (template: PMap): ArgoCall[] => {
    let list = calls.get(template);
    if (!list) calls.set(template, (list = []));
    return list;
  };
  const byName = new Map<string, PMap>();
  for (const t of templates) {
    const name = scalarText(get(t, "name"));
    if (name !== undefined) byName.set(name, t);
  }
  const inline: { template: PMap; label: string; labelRange: Range | undefined }[] = [];
  for (const caller of templates) {
    for (const step of argoSteps(caller)) {
      const args = paramDefaults(get(get(step, "arguments"), "parameters"), "value");
      const callee = byName.get(scalarText(get(step, "template")) ?? "\u0000");
      if (callee) callsOf(callee).push({ args, caller });
      const inlined = get(step, "inline");
      if (inlined?.kind === "map") {
        const stepName = text(get(step, "name"));
        inline.push({ template: inlined, label: `${scalarText(get(caller, "name")) ?? "?"}/${stepName?.text ?? "?"}`, labelRange: stepName?.range });
        callsOf(inlined).push({ args, caller });
      }
      // A template of a WorkflowTemplate runs as this workflow's service account (a WorkflowTemplate's: its runs').
      const ref = get(step, "templateRef");
      if (ref?.kind === "map") {
        const kind = scalarText(get(ref, "clusterScope")) === "true" ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
        const target = `${kind}/${scalarText(get(ref, "name")) ?? "?"}`;
        const inputs = new Map([...args].map(([k, v]) => [`inputs.parameters.${k}`, v]));
        if (target !== object.address) run(object, facts, target, ref.range, reusable && !workflowSa ? undefined : workflowSa, reusable && !workflowSa ? reusable : undefined, inputs);
      }
    }
  }
  const entry = byName.get(scalarText(get(wfSpec, "entrypoint")) ?? "\u0000");
  if (entry) callsOf(entry).push({ args: workflowParams, caller: undefined });

  const expander = argoExpander(workflowParams, calls);
  const sources: PodSource[] = [];
  const add = (template: PMap, label: string | undefined, labelRange: Range | undefined) => {
    const main = [get(template, "container"), get(template, "script")].filter((c): c is PNode => c?.kind === "map");
    const containers: PNode[] = [...main, ...items(get(get(template, "containerSet"), "containers"))];
    if (containers.length === 0) return; // steps, dag, suspend, resource: no container of its own
    containers.push(...items(get(template, "initContainers")), ...items(get(template, "sidecars")));
    const expand = (value: string) => expander(template, value, 0);
    const serviceAccount = podSpecPatchAccount(get(template, "podSpecPatch"), object, expand) ?? patchSa ?? text(get(template, "serviceAccountName")) ?? defaultSa;
    sources.push({
      part: label ? `template ${label}` : "template",
      partRange: labelRange,
      serviceAccount,
      podSpec: template.range,
      containers,
      primary: containers[0],
      ...(reusable ? { reusable } : {}),
      annotations: [...annotations, get(get(template, "metadata"), "annotations")],
      volumes: [...items(get(template, "volumes")), ...items(get(wfSpec, "volumes"))],
      expand,
    });
  };
  for (const t of templates) {
    const name = text(get(t, "name"));
    add(t, name?.text, name?.range);
  }
  for (const i of inline) add(i.template, i.label, i.labelRange);
  addWorkloads(object, sources, facts);
}

/** The steps of a steps template (groups of parallel steps) and the tasks of a dag template. */
function argoSteps(template: PMap): PNode[] {
  const out: PNode[] = [];
  for (const group of items(get(template, "steps"))) out.push(...(group.kind === "seq" ? group.items : [group]));
  out.push(...items(get(get(template, "dag"), "tasks")));
  return out.filter((s) => s.kind === "map");
}

/**
 * The values of `{{inputs.parameters.x}}` and `{{workflow.parameters.x}}` in a template's strings: an
 * input's `value` (which callers cannot change), what each caller passes (itself expanded in the
 * caller's template), else the input's `default`. A placeholder with no value stays as written. Each
 * input's values are worked out once (a workflow of many tasks stays linear), and a cycle of templates
 * that pass a parameter round leaves it as written.
 */
function argoExpander(workflowParams: Map<string, string>, calls: Map<PMap, ArgoCall[]>): (template: PMap | undefined, value: string, depth: number) => string[] {
  const pattern = /\{\{\s*(inputs|workflow)\.parameters\.([\w-]+)\s*\}\}/g;
  const known = new Map<PMap, Map<string, string[] | undefined>>();
  const inputValues = (template: PMap, name: string, placeholder: string): string[] | undefined => {
    const mine = known.get(template) ?? new Map<string, string[] | undefined>();
    known.set(template, mine);
    if (mine.has(name)) return mine.get(name);
    mine.set(name, undefined); // while it is worked out: a cycle finds no value
    const input = items(get(get(template, "inputs"), "parameters")).find((p) => scalarText(get(p, "name")) === name);
    let values: string[] | undefined;
    if (input) {
      const fixed = scalarText(get(input, "value"));
      const fallback = scalarText(get(input, "default"));
      const callers = calls.get(template) ?? [];
      if (fixed !== undefined) values = expand(template, fixed, 0);
      else if (callers.length === 0) values = fallback === undefined ? undefined : expand(template, fallback, 0);
      else {
        values = unique(
          callers.flatMap((call) => {
            const given = call.args.get(name);
            if (given !== undefined) return expand(call.caller, given, 0);
            return fallback === undefined ? [placeholder] : expand(template, fallback, 0);
          }),
        ).slice(0, MAX_ALTERNATIVES);
      }
    }
    mine.set(name, values);
    return values;
  };
  const expand = (template: PMap | undefined, value: string, depth: number): string[] =>
    alternatives(value, pattern, (m) => {
      const name = m[2] ?? "";
      if (m[1] === "inputs") return template ? inputValues(template, name, m[0]) : undefined;
      // A workflow parameter's value can name another; a chain longer than a few is not followed.
      const v = workflowParams.get(name);
      return v === undefined || depth > 4 ? undefined : expand(undefined, v, depth + 1);
    });
  return expand;
}

/** The service account a `podSpecPatch` (YAML or JSON text) sets, placed at its line when the file's text is known. */
function podSpecPatchAccount(patch: PNode | undefined, object: KObject, expand?: (value: string) => string[]): Text | undefined {
  const value = scalarText(patch);
  if (!patch || value === undefined || !/serviceAccount/.test(value)) return undefined;
  const parsed = parseStructured({ path: `${object.path}#podSpecPatch.yaml`, text: value });
  const root = parsed.documents[0]?.root;
  const sa = scalarText(get(root, "serviceAccountName")) ?? scalarText(get(root, "serviceAccount"));
  if (sa === undefined) return undefined;
  const written = expand ? (expand(sa)[0] ?? sa) : sa;
  return { text: written, known: true, range: placer(object, patch)?.(sa) ?? patch.range, when: [] };
}

/** A run of a reusable spec (`target`), as the service account it names. */
function run(object: KObject, facts: Facts, target: string, range: Range, serviceAccount: Text | undefined, through: string | undefined, args: Map<string, string> = new Map()): void {
  facts.workloadRuns.push({
    arguments: [...args],
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

/** The `params` a Tekton run or pipeline task passes, as the names a spec's `$(params.X)` uses: `params.X`. */
function tektonArguments(list: PNode | undefined): Map<string, string> {
  return new Map([...paramDefaults(list, "value")].map(([k, v]) => [`params.${k}`, v]));
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

/**
 * `value` with each match of `pattern` replaced by the values `lookup` knows for it (a match it knows
 * nothing of stays), as at most MAX_ALTERNATIVES alternatives.
 */
function alternatives(value: string, pattern: RegExp, lookup: (match: RegExpExecArray) => string[] | undefined): string[] {
  let out = [""];
  let last = 0;
  const re = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const before = value.slice(last, m.index);
    const options = unique(lookup(m) ?? [m[0]]);
    out = out.flatMap((prefix) => options.map((o) => prefix + before + o)).slice(0, MAX_ALTERNATIVES);
    last = m.index + m[0].length;
    if (m[0] === "") re.lastIndex++;
  }
  return unique(out.map((prefix) => prefix + value.slice(last)));
}

// --- Jenkins ------------------------------------------------------------------------------------

/**
 * Jenkins Kubernetes-plugin pod templates written as YAML: `jenkins.clouds[].kubernetes.templates[]` of
 * configuration as code, the same inside the jenkins chart's `controller.JCasC.configScripts` strings,
 * the chart's `agent.podTemplates` (strings of templates) and `additionalAgents`. A template's pod
 * runs as its `serviceAccount` (or the one its `yaml` names), else as the namespace's `default`.
 */
function jenkins(path: string, root: PMap, facts: Facts, source: string | undefined): void {
  const host: KObject = { path, root, kind: "Jenkins", apiVersion: "", name: undefined, namespace: undefined, address: "Jenkins", range: root.range, source };
  const casc = (doc: PNode | undefined) => {
    for (const cloud of items(get(get(doc, "jenkins"), "clouds"))) {
      const k8s = get(cloud, "kubernetes");
      for (const template of items(get(k8s, "templates"))) jenkinsTemplate(host, template, text(get(k8s, "namespace")), undefined, facts);
    }
  };
  casc(root);
  const controller = get(root, "controller");
  for (const script of mapValues(get(get(controller, "JCasC"), "configScripts"))) for (const doc of embedded(host, script)) casc(doc);
  const agent = get(root, "agent");
  if (agent?.kind !== "map") return;
  // The chart's agents run as agent.serviceAccount, else serviceAccountAgent.name (when it is written).
  const agentSa = text(get(agent, "serviceAccount")) ?? text(get(get(root, "serviceAccountAgent"), "name"));
  const namespace = text(get(agent, "namespace"));
  for (const value of mapValues(get(agent, "podTemplates"))) {
    for (const doc of embedded(host, value)) for (const template of doc.kind === "seq" ? doc.items : [doc]) jenkinsTemplate(host, template, namespace, agentSa, facts);
  }
  for (const extra of mapEntries(get(root, "additionalAgents"))) {
    if (extra.value.kind !== "map") continue;
    jenkinsChartAgent(host, extra.key, extra.keyRange, extra.value, agent, namespace, agentSa, facts);
  }
}

/** One pod template of configuration as code: its containers, its `yaml` pod, its volumes. */
function jenkinsTemplate(host: KObject, template: PNode, namespace: Text | undefined, defaultSa: Text | undefined, facts: Facts): void {
  if (template.kind !== "map") return;
  const name = text(get(template, "name")) ?? text(get(template, "label"));
  const object: KObject = { ...host, kind: "JenkinsPodTemplate", name, namespace: text(get(template, "namespace")) ?? namespace, address: `Jenkins pod template ${name?.text ?? "(unnamed)"}`, range: name?.range ?? template.range };
  const containers: PNode[] = items(get(template, "containers"));
  let yamlSpec: PMap | undefined;
  const annotations: (PNode | undefined)[] = [get(template, "annotations")];
  for (const doc of embedded(host, get(template, "yaml"))) {
    const spec = get(doc, "spec");
    if (spec?.kind !== "map") continue;
    yamlSpec = spec;
    containers.push(...POD_CONTAINERS.flatMap((k) => items(get(spec, k))));
    annotations.push(get(get(doc, "metadata"), "annotations"));
  }
  const sharedMounts: { secret: string; mountPath: Text }[] = [];
  for (const volume of items(get(template, "volumes"))) {
    const secret = get(volume, "secretVolume");
    const secretName = scalarText(get(secret, "secretName"));
    const mountPath = text(get(secret, "mountPath"));
    if (secretName !== undefined && mountPath) sharedMounts.push({ secret: secretName, mountPath });
  }
  const serviceAccount = text(get(yamlSpec, "serviceAccountName")) ?? text(get(template, "serviceAccount")) ?? defaultSa;
  addWorkloads(object, [
    {
      part: "",
      partRange: undefined,
      serviceAccount,
      podSpec: template.range,
      containers,
      primary: containers[0],
      annotations,
      volumes: items(get(yamlSpec, "volumes")),
      sharedMounts,
    },
  ], facts);
}

/** An entry of the jenkins chart's `additionalAgents`: one container (the chart's agent settings, overridden). */
function jenkinsChartAgent(host: KObject, key: string, keyRange: Range, agent: PMap, defaults: PMap, namespace: Text | undefined, defaultSa: Text | undefined, facts: Facts): void {
  const field = (k: string) => get(agent, k) ?? get(defaults, k);
  const imageNode = get(agent, "image");
  const repository = text(get(imageNode, "repository")) ?? text(imageNode);
  const registry = scalarText(get(imageNode, "registry"));
  const tag = scalarText(get(imageNode, "tag")) ?? scalarText(get(agent, "tag"));
  const container: PMap = { kind: "map", range: agent.range, entries: [] };
  if (repository) {
    const image = `${registry ? `${registry}/` : ""}${repository.text}${tag ? `:${tag}` : ""}`;
    container.entries.push({ key: "image", keyRange: repository.range, value: { kind: "scalar", value: image, source: image, quoted: false, range: repository.range } });
  }
  for (const k of ["command", "args"]) {
    const v = field(k);
    if (v) container.entries.push({ key: k, keyRange: v.range, value: v });
  }
  const name = text(get(agent, "podName")) ?? { text: key, known: true, range: keyRange, when: [] };
  const object: KObject = { ...host, kind: "JenkinsPodTemplate", name, namespace, address: `Jenkins pod template ${name.text}`, range: name.range };
  addWorkloads(object, [
    {
      part: "",
      partRange: undefined,
      serviceAccount: text(get(agent, "serviceAccount")) ?? defaultSa,
      podSpec: agent.range,
      containers: [container],
      primary: container,
      annotations: [get(agent, "annotations")],
      volumes: [],
    },
  ], facts);
}

/**
 * The documents of YAML written as a string (a pod template's `yaml: |`), with ranges in the file: a
 * literal block keeps its lines, so each maps to its line; any other string maps to where it is written.
 */
function embedded(host: KObject, node: PNode | undefined): PNode[] {
  const value = scalarText(node);
  if (!node || value === undefined || value.trim() === "") return [];
  const parsed = parseStructured({ path: host.path, text: value });
  if (parsed.diagnostics.length > 0 && parsed.documents.every((d) => !d.root)) return [];
  const lines = host.source === undefined ? undefined : lineIndex(host.source);
  const header = lines?.text.charAt(lines.offset(node.range.startLine, node.range.startColumn));
  let indent: number | undefined;
  if (lines && header === "|") {
    const first = value.split("\n").findIndex((l) => l.trim() !== "");
    const line = lines.text.slice(lines.offset(node.range.startLine + 1 + first, 1), lines.offset(node.range.startLine + 2 + first, 1));
    const found = /^ */.exec(line)?.[0].length;
    if (found !== undefined && line.slice(found).startsWith(value.split("\n")[first]?.trimStart() ?? "")) indent = found;
  }
  const move = (r: Range): Range =>
    indent === undefined
      ? node.range
      : { file: host.path, startLine: node.range.startLine + r.startLine, startColumn: r.startColumn + indent, endLine: node.range.startLine + r.endLine, endColumn: r.endColumn + indent };
  return parsed.documents.flatMap((d) => (d.root ? [moveRanges(d.root, move)] : []));
}

function moveRanges(node: PNode, move: (r: Range) => Range): PNode {
  switch (node.kind) {
    case "scalar":
      return { ...node, range: move(node.range) };
    case "seq":
      return { ...node, range: move(node.range), items: node.items.map((i) => moveRanges(i, move)) };
    case "map":
      return { ...node, range: move(node.range), entries: node.entries.map((e) => ({ key: e.key, keyRange: move(e.keyRange), value: moveRanges(e.value, move) })) };
  }
}

function mapEntries(node: PNode | undefined): { key: string; keyRange: Range; value: PNode }[] {
  return node?.kind === "map" ? node.entries : [];
}

function mapValues(node: PNode | undefined): PNode[] {
  return mapEntries(node).map((e) => e.value);
}

// --- workloads ----------------------------------------------------------------------------------

function addWorkloads(object: KObject, sources: PodSource[], facts: Facts): void {
  for (const source of sources) {
    const { evidence, destinations, builderImage } = pushAnalysis(source, object);
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
      destinations,
      builderImage,
      reusable: source.serviceAccount ? undefined : source.reusable,
    };
    facts.workloads.push(workload);
  }
}

// --- push evidence and destinations --------------------------------------------------------------

interface Token {
  value: string;
  range: Range;
  /** `command`, `argument` or `script`: where it is written, for messages. */
  field: string;
  /** The image's entrypoint, standing for a command the container does not write. */
  implied?: boolean;
}

/** One command a container runs: its argv, or a simple command of a script. */
interface Command {
  tokens: Token[];
  /** `command`, `argument` or `script`: where it is written, for messages. */
  field: string;
  range: Range;
  /** argv items, each its own token; a script's words share the line's range. */
  argv: boolean;
}

/** A destination as written, before parameters and variables are substituted. */
interface RawDestination {
  value: string;
  range: Range;
  /** Credentials the command itself names (`--authfile`, `--creds`). */
  credentials: RegistryCredentials[];
  /** Set when no destination is written: why it cannot be known. */
  missing?: string;
  /** Set when the command decides the registry whatever its text (`aws ecr put-image`). */
  fixed?: { kind: PushDestination["kind"]; registry: string };
}

interface Push {
  evidence: PushEvidence[];
  destinations: RawDestination[];
}

/** What a container's pushes are resolved with. */
interface ContainerScope {
  source: PodSource;
  /** The tool of the container's image. */
  tool: Tool | undefined;
  /** Known values of the environment and of a script's assignments. */
  env: Map<string, string>;
  /** Credentials of its own that apply to every push of the container. */
  credentials: RegistryCredentials[];
  /** Registry logins in the container's scripts, by registry (undefined: not known). */
  logins: { registry: string | undefined; credentials: RegistryCredentials }[];
}

/** The push evidence of one pod, where it pushes, and the image of the container that pushes. */
function pushAnalysis(source: PodSource, object: KObject): { evidence: PushEvidence[]; destinations: PushDestination[]; builderImage: Text | undefined } {
  const containers = source.containers.filter((c): c is PMap => c.kind === "map").sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn);
  // A login whose password the pod mints from its AWS identity (aws ecr get-login-password) is that identity.
  const mintsToken = containers.some((c) => containerStrings(c).some((s) => MINTS_ECR_TOKEN.test(s)));
  const evidence: PushEvidence[] = [];
  const destinations: PushDestination[] = [];
  let builderImage: Text | undefined;
  for (const container of containers) {
    const image = containerImage(container, source);
    const found = containerPushes(container, image, source, object, mintsToken);
    if (!found) continue;
    const tool = image ? toolImage(image.text) : undefined;
    if (image && tool?.builder) evidence.push({ text: `image ${image.text}`, range: image.range });
    evidence.push(...found.evidence);
    destinations.push(...found.destinations);
    builderImage ??= image;
  }
  const annotated = annotationEvidence(source.annotations);
  if (annotated) {
    evidence.push(annotated);
    // Only the author's word: the pod's main container is taken as the one that pushes.
    if (!builderImage && source.primary?.kind === "map") builderImage = containerImage(source.primary, source);
    builderImage ??= firstImage(containers, source);
    if (destinations.length === 0) {
      destinations.push(unknownDestination(annotated.range, `the ${PUSH_ANNOTATION} annotation says it pushes, and no push in the pod spec names a destination`, []));
    }
  }
  return { evidence: dedupe(evidence), destinations: dedupeDestinations(destinations), builderImage };
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
  if (!image || !source.expand) return image;
  const substituted = source.expand(image.text)[0] ?? image.text;
  return substituted === image.text ? image : { ...image, text: substituted };
}

/** The pushes of one container, resolved to destinations; undefined when it does not push. */
function containerPushes(container: PMap, image: Text | undefined, source: PodSource, object: KObject, mintsToken: boolean): { evidence: PushEvidence[]; destinations: PushDestination[] } | undefined {
  const tool = image ? toolImage(image.text)?.tool : undefined;
  const env = containerEnv(container, source);
  const { commands, assignments } = containerCommands(container, image, tool, object);
  for (const [k, v] of assignments) if (!env.values.has(k)) env.values.set(k, v);
  const scope: ContainerScope = { source, tool, env: env.values, credentials: [...mountedCredentials(container, source, env.values), ...env.credentials], logins: [] };
  const pushes: Push[] = [];
  for (const command of commands) {
    const login = registryLogin(command);
    if (login && !mintsToken) scope.logins.push(login);
    const push = commandPush(command, scope);
    if (push) pushes.push(push);
  }
  // A Jenkins agent container that idles (`cat`, `sleep`) while the pipeline runs the executor in it.
  const head = commands[0]?.tokens[0];
  if (pushes.length === 0 && tool === "kaniko" && image && head && !head.implied && IDLE_COMMANDS.test(commands[0]?.tokens.map((t) => t.value).join(" ") ?? "")) {
    pushes.push({ evidence: [], destinations: [{ value: "", range: image.range, credentials: [], missing: "the container idles for a pipeline, which runs the executor in it with the destination it chooses" }] });
  }
  if (pushes.length === 0) return undefined;
  return {
    evidence: pushes.flatMap((p) => p.evidence),
    destinations: pushes.flatMap((p) => p.destinations.flatMap((d) => resolveDestination(d, scope))),
  };
}

/** Every string a container runs (command, args, script), for what the whole pod does. */
function containerStrings(container: PMap): string[] {
  return ["command", "args", "script", "source"].flatMap((k) => {
    const node = get(container, k);
    return (node?.kind === "seq" ? node.items : node ? [node] : []).flatMap((n) => scalarText(n) ?? []);
  });
}

/** The scalars of a field written as a list, or as one string (Jenkins configuration as code). */
function scalarItems(node: PNode | undefined): PNode[] {
  if (node?.kind === "seq") return node.items.filter((i) => i.kind === "scalar");
  return node?.kind === "scalar" && node.value !== null ? [node] : [];
}

/**
 * What a container runs: its argv (`command` and `args`, or the image's entrypoint with `args`), and
 * each simple command of its scripts (`sh -c`, Tekton's `script`, Argo's `source`), with the
 * variables the scripts assign.
 */
function containerCommands(container: PMap, image: Text | undefined, tool: Tool | undefined, object: KObject): { commands: Command[]; assignments: Map<string, string> } {
  const commandNode = get(container, "command");
  const argsNode = get(container, "args");
  // Jenkins writes a command as one string, which the plugin splits at spaces.
  const splitJenkins = (node: PNode | undefined, field: string): Token[] =>
    scalarItems(node).flatMap((n) => {
      const value = scalarText(n) ?? "";
      return node?.kind === "scalar" && object.kind === "JenkinsPodTemplate" ? value.split(/\s+/).filter((v) => v !== "").map((v) => ({ value: v, range: n.range, field })) : [{ value, range: n.range, field }];
    });
  const command = splitJenkins(commandNode, "command");
  const args = splitJenkins(argsNode, "argument");
  const scriptNodes: PNode[] = [get(container, "script"), get(container, "source")].filter((n): n is PNode => n?.kind === "scalar");
  let entrypoint = tool ? TOOL_IMAGES.find((t) => t.tool === tool)?.entrypoint : undefined;
  // BuildKit's daemon has no `build`: a BuildKit image given buildctl's arguments is meant to run the client.
  if (tool === "buildkit" && command.length === 0 && args[0]?.value === "build") entrypoint = "buildctl-daemonless.sh";
  // An image pullguard does not know, given kaniko's own flags (a locally built or renamed executor image).
  if (!entrypoint && command.length === 0 && has(args, /^--destination(=|$)/) && has(args, /^--(?:context|dockerfile)(=|$)/)) entrypoint = "/kaniko/executor";
  const argv = [...command, ...args];
  if (command.length === 0 && entrypoint && image && scriptNodes.length === 0) argv.unshift({ value: entrypoint, range: image.range, field: "image", implied: true });
  const commands: Command[] = [];
  const assignments = new Map<string, string>();
  const scripts: { node: PNode | undefined; value: string; range: Range; field: string }[] = scriptNodes.map((n) => ({ node: n, value: scalarText(n) ?? "", range: n.range, field: "script" }));
  const scriptArg = (t: Token | undefined) => {
    if (t) scripts.push({ node: argNode(container, t), value: t.value, range: t.range, field: t.field });
  };
  const first = argv[0];
  if (first?.value === "-c") scriptArg(argv[1]);
  else if (first && !first.implied && SHELLS.test(first.value)) {
    // sh -c SCRIPT (also -ec, -xc); a shell that runs a file shows nothing.
    const c = argv.findIndex((t, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(t.value));
    if (c > 0) scriptArg(argv[c + 1]);
  } else if (first) {
    commands.push({ tokens: argv, field: command.length > 0 ? "command" : "argument", range: (argv.find((t) => !t.implied) ?? first).range, argv: true });
  }
  for (const script of scripts) {
    let cursor = 0;
    const place = script.node && placer(object, script.node);
    for (const { line, first: written } of logicalLines(script.value)) {
      const at = script.value.indexOf(written, cursor);
      const range = place?.(written, at >= 0 ? at : cursor) ?? script.range;
      if (at >= 0) cursor = at + written.length;
      for (const words of simpleCommands(line)) {
        const assigned = words.every((w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || w === "export" || w === "local" || w === "readonly");
        if (assigned) {
          for (const w of words) {
            const eq = w.indexOf("=");
            if (eq > 0 && !w.includes("$(") && !w.includes("`")) assignments.set(w.slice(0, eq), w.slice(eq + 1));
          }
          continue;
        }
        commands.push({ tokens: words.map((value) => ({ value, range, field: script.field })), field: script.field, range, argv: false });
      }
    }
  }
  return { commands, assignments };
}

/** The node of an argv token (to place a script written in `args`). */
function argNode(container: PMap, token: Token): PNode | undefined {
  return [...scalarItems(get(container, "command")), ...scalarItems(get(container, "args"))].find((n) => n.range === token.range);
}

/** A script's commands, one a line with backslash continuations joined, and the first line of each as written. */
function logicalLines(script: string): { line: string; first: string }[] {
  const out: { line: string; first: string }[] = [];
  let line = "";
  let first: string | undefined;
  for (const physical of script.split(/\r?\n/)) {
    const t = physical.trim();
    if (first === undefined) {
      if (t === "" || t.startsWith("#")) continue;
      first = t;
    }
    if (t.endsWith("\\")) {
      line += `${t.slice(0, -1)} `;
      continue;
    }
    out.push({ line: line + t, first });
    line = "";
    first = undefined;
  }
  if (first !== undefined) out.push({ line, first });
  return out;
}

/**
 * The simple commands of a shell line, as words with their quotes removed: split at `;`, `&&`, `||`,
 * `|` and `&`, a leading keyword (`if`, `then`, `do`) dropped. `$(...)`, `${...}` and quoted text stay
 * inside their word.
 */
function simpleCommands(line: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let word = "";
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    while (words.length > 0 && /^(?:if|then|else|elif|do|while|until|!|\{|\}|\(|\))$/.test(words[0] ?? "")) words.shift();
    if (words.length > 0) out.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === "'" || c === '"') {
      const close = line.indexOf(c, i + 1);
      const end = close < 0 ? line.length : close;
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === "\\" && i + 1 < line.length) {
      word += line.charAt(++i);
      inWord = true;
    } else if (c === "$" && (line.charAt(i + 1) === "(" || line.charAt(i + 1) === "{")) {
      const open = line.charAt(i + 1);
      const close = open === "(" ? ")" : "}";
      let depth = 0;
      let j = i + 1;
      for (; j < line.length; j++) {
        if (line.charAt(j) === open) depth++;
        else if (line.charAt(j) === close && --depth === 0) break;
      }
      word += line.slice(i, j + 1);
      inWord = true;
      i = j;
    } else if (c === "#" && !inWord) {
      break;
    } else if (/\s/.test(c)) {
      endWord();
    } else if (c === ";" || c === "&" || c === "|" || ((c === "(" || c === ")") && !inWord)) {
      endCommand();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return out;
}

/** `--flag=value`, `--flag value` (and the short forms) in a command. */
interface FlagValue {
  /** As written: `--destination=repo/app`, `-t repo/app`. */
  text: string;
  field: string;
  value: string;
  range: Range;
  valueRange: Range;
}

function flagValues(tokens: Token[], names: string[]): FlagValue[] {
  const out: FlagValue[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    for (const name of names) {
      const next = tokens[i + 1];
      if (t.value === name && next) {
        out.push({ text: `${t.value} ${next.value}`, field: t.field, value: next.value, range: t.range, valueRange: next.range });
        i++;
        break;
      }
      if (t.value.startsWith(`${name}=`)) {
        out.push({ text: t.value, field: t.field, value: t.value.slice(name.length + 1), range: t.range, valueRange: t.range });
        break;
      }
    }
  }
  return out;
}

const has = (tokens: Token[], flag: RegExp) => tokens.some((t) => flag.test(t.value));

/** Tokens that are neither flags nor the value of a flag in `valued` (written `--flag value`). */
function positionals(tokens: Token[], valued: Set<string>): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const v = (tokens[i] as Token).value;
    if (v.startsWith("-") && v.length > 1) {
      if (!v.includes("=") && valued.has(v)) i++;
      continue;
    }
    out.push(tokens[i] as Token);
  }
  return out;
}

/** `key=value` pairs of a buildctl or buildx `--output`; a bare item continues the value before it (`name=a,b`). */
function csvAttributes(value: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const part of value.match(/(?:"[^"]*"|'[^']*'|[^,])+/g) ?? []) {
    const item = part.replace(/["']/g, "");
    const eq = item.indexOf("=");
    if (eq > 0) {
      last = item.slice(0, eq).trim();
      out.set(last, item.slice(eq + 1));
    } else if (last !== undefined) out.set(last, `${out.get(last) ?? ""},${item}`);
  }
  return out;
}

/** Flags of a push command that take a value (so the word after them is not the image). */
const VALUED_FLAGS = new Set([
  "--authfile", "--creds", "--cert-dir", "--digestfile", "--format", "-f", "--sign-by", "--retry", "--retry-delay", "--compression-format", "--compression-level",
  "--encryption-key", "--signature-policy", "--platform", "--storage-driver", "--sign-passphrase-file", "--sign-by-sigstore", "--sign-by-sigstore-private-key",
  "-H", "--host", "--context", "-c", "--config", "-l", "--log-level", "--root", "--runroot", "--registries-conf", "--namespace", "-n", "--address", "-a",
  "--src-creds", "--dest-creds", "--src-authfile", "--dest-authfile", "--src-cert-dir", "--dest-cert-dir", "--multi-arch", "--retry-times", "--additional-tag",
  "--src-registry-token", "--dest-registry-token", "--override-os", "--override-arch", "--override-variant", "--decryption-key", "--src", "--dest",
  "-t", "--tag", "--new_tag", "--new_layer", "--append", "--base", "--annotation", "--label", "--entrypoint", "--cmd", "--env", "-e", "--user", "--workdir", "-w",
  "--exposed-ports", "--new_base", "--old_base", "--output", "-o", "--repo", "--index", "-m", "--manifest", "--artifact-type", "-u", "--username", "-p", "--password",
  "--registry-config", "--region", "--profile", "--endpoint-url", "--registry-id", "--repository-name", "--image-tag",
]);

/** Flags that name a docker config or auth file, and flags that pass a user and password. */
const AUTH_FILE_FLAGS = ["--authfile", "--dest-authfile", "--registry-config", "--config"];
const CREDS_FLAGS = ["--creds", "--dest-creds", "--password", "-p"];

/** The credentials a command names itself. */
function commandCredentials(command: Command, tokens: Token[]): RegistryCredentials[] {
  const files = flagValues(tokens, AUTH_FILE_FLAGS).map((f): RegistryCredentials => ({ kind: "docker-config", text: `${f.field} ${f.text}`, range: f.range }));
  const creds = flagValues(tokens, CREDS_FLAGS).map((f): RegistryCredentials => ({ kind: "login", text: `${f.field} ${f.text.replace(/[:=\s].*$/, "")} (a user and password)`, range: f.range }));
  return [...files, ...creds];
}

/** The tool and subcommand of a command: `docker`, `image push`. */
function subcommand(tokens: Token[], from: number): { sub: string; rest: Token[] } {
  let i = from;
  // Global flags, and variables that hold some (`buildah ${CERT_DIR_FLAG} push`).
  while (i < tokens.length && /^(?:-|\$)/.test((tokens[i] as Token).value)) {
    const v = (tokens[i] as Token).value;
    i += !v.includes("=") && VALUED_FLAGS.has(v) ? 2 : 1;
  }
  const first = tokens[i]?.value ?? "";
  if (["image", "manifest", "buildx", "builder", "auth", "registry", "imagetools"].includes(first)) {
    const second = subcommand(tokens, i + 1);
    return { sub: `${first} ${second.sub}`.trim(), rest: second.rest };
  }
  return { sub: first, rest: tokens.slice(i + 1) };
}

/** A registry login with a password, and the registry it logs in to. */
function registryLogin(command: Command): { registry: string | undefined; credentials: RegistryCredentials } | undefined {
  const tokens = skipWrappers(command.tokens);
  const tool = basename(tokens[0]?.value ?? "");
  if (!["docker", "podman", "buildah", "nerdctl", "skopeo", "oras", "img", "crane", "helm"].includes(tool)) return undefined;
  const { sub, rest } = subcommand(tokens, 1);
  if (!["login", "auth login", "registry login"].includes(sub)) return undefined;
  if (!has(rest, /^(?:-p|--password|--password-stdin|-u|--username)(=|$)/)) return undefined;
  const server = positionals(rest, VALUED_FLAGS)[0]?.value;
  const registry = server === undefined ? "docker.io" : UNRESOLVED_ONE.test(server) ? undefined : normaliseRegistry(server);
  // The text never quotes the command: it may hold the password.
  return { registry, credentials: { kind: "login", text: `${command.field} ${tool} ${sub}${server ? ` ${server}` : ""}`, range: command.range } };
}

function skipWrappers(tokens: Token[]): Token[] {
  let i = 0;
  while (i < tokens.length && (WRAPPERS.has((tokens[i] as Token).value) || /^[A-Za-z_][A-Za-z0-9_]*=/.test((tokens[i] as Token).value))) i++;
  return tokens.slice(i);
}

/** The push a command makes, with its destinations as written; undefined when it does not push. */
function commandPush(command: Command, scope: ContainerScope): Push | undefined {
  const tokens = skipWrappers(command.tokens);
  const head = tokens[0];
  if (!head) return undefined;
  const name = basename(head.value);
  const written = quote(tokens.filter((t) => !t.implied).map((t) => t.value).join(" "));
  const credentials = commandCredentials(command, tokens);
  const lineEvidence = (): PushEvidence[] => [{ text: `${command.field} ${written}`, range: command.range }];
  const flagEvidence = (flags: FlagValue[]): PushEvidence[] => (flags.length > 0 ? flags.map((f) => ({ text: `${f.field} ${f.text}`, range: f.range })) : lineEvidence());
  const to = (value: string, range: Range): RawDestination => ({ value, range, credentials });
  const none = (why: string): RawDestination => ({ value: "", range: command.range, credentials, missing: why });

  // kaniko pushes every --destination, unless --no-push; with caching, it pushes layers to --cache-repo.
  if (KANIKO_EXECUTOR.test(head.value) || (name === "executor" && scope.tool === "kaniko")) {
    const args = tokens.slice(1);
    const noPush = has(args, /^--no-push(=true)?$/);
    const destinations = noPush ? [] : flagValues(args, ["--destination", "-d"]);
    const cache = has(args, /^--cache(=true)?$/) && !has(args, /^--no-push-cache(=true)?$/) ? flagValues(args, ["--cache-repo"]) : [];
    if (noPush && cache.length === 0) return undefined;
    const flags = [...destinations, ...cache];
    const out = flags.map((f) => to(f.value, f.valueRange));
    if (!noPush && destinations.length === 0) out.push(none("no --destination is written"));
    const evidence = head.implied && flags.length === 0 ? [] : flagEvidence(flags);
    return { evidence, destinations: out };
  }

  // buildctl build --output type=image,name=...,push=true (or type=registry), --export-cache type=registry,ref=...
  if ((name === "buildctl" || name === "buildctl-daemonless.sh") && has(tokens, /^build$/)) {
    const flags: FlagValue[] = [];
    const out: RawDestination[] = [];
    for (const o of flagValues(tokens, ["--output", "-o"])) {
      const a = csvAttributes(o.value);
      if (a.get("push") !== "true" && a.get("type") !== "registry") continue;
      flags.push(o);
      const names = (a.get("name") ?? "").split(",").filter((n) => n.trim() !== "");
      if (names.length === 0) out.push(none("the output names no image"));
      for (const n of names) out.push(to(n.trim(), o.valueRange));
    }
    for (const c of flagValues(tokens, ["--export-cache"])) {
      const a = csvAttributes(c.value);
      if (a.get("type") !== "registry" || !a.get("ref")) continue;
      flags.push(c);
      out.push(to(a.get("ref") ?? "", c.valueRange));
    }
    return flags.length > 0 ? { evidence: flagEvidence(flags), destinations: out } : undefined;
  }

  if (["docker", "nerdctl", "podman", "buildah", "img"].includes(name)) {
    const { sub, rest } = subcommand(tokens, 1);
    if (["push", "image push", "manifest push"].includes(sub)) {
      const images = positionals(rest, VALUED_FLAGS);
      // docker push NAME; buildah and podman push SRC [DEST]; manifest push LIST DEST.
      const target = name === "docker" || name === "nerdctl" || name === "img" ? images[images.length - 1] : (images[1] ?? images[0]);
      return { evidence: lineEvidence(), destinations: [target ? to(target.value, target.range) : none("the command names no image")] };
    }
    if (name === "docker" || name === "nerdctl") {
      const build = ["build", "buildx build", "image build", "builder build", "buildx bake"].includes(sub);
      const outputs = flagValues(rest, ["--output", "-o"]).filter((o) => {
        const a = csvAttributes(o.value);
        return a.get("push") === "true" || a.get("type") === "registry";
      });
      const pushes = (build && (has(rest, /^--push(=true)?$/) || outputs.length > 0)) || sub === "buildx imagetools create";
      if (!pushes) return undefined;
      const names = [...flagValues(rest, ["-t", "--tag"]).map((f) => to(f.value, f.valueRange)), ...outputs.flatMap((o) => (csvAttributes(o.value).get("name") ?? "").split(",").filter((n) => n !== "").map((n) => to(n, o.valueRange)))];
      return { evidence: lineEvidence(), destinations: names.length > 0 ? names : [none("the build names no tag")] };
    }
    return undefined;
  }

  if (name === "crane") {
    const { sub, rest } = subcommand(tokens, 1);
    const images = positionals(rest, VALUED_FLAGS);
    const tag = flagValues(rest, ["-t", "--tag", "--new_tag"])[0];
    const target: Token | FlagValue | undefined =
      sub === "push" || sub === "copy" || sub === "cp"
        ? images[1]
        : sub === "tag" || sub === "delete"
          ? images[0]
          : ["append", "mutate", "rebase", "flatten", "index append"].includes(sub)
            ? (tag ?? (sub === "append" ? undefined : images[0]))
            : undefined;
    if (!["push", "copy", "cp", "tag", "delete", "append", "mutate", "rebase", "flatten", "index append"].includes(sub)) return undefined;
    const destination = target ? to(target.value, "valueRange" in target ? target.valueRange : target.range) : none("the command names no image");
    return { evidence: lineEvidence(), destinations: [destination] };
  }

  if (name === "skopeo") {
    const { sub, rest } = subcommand(tokens, 1);
    const images = positionals(rest, VALUED_FLAGS);
    const last = images[images.length - 1];
    if (sub === "copy" && last?.value.startsWith("docker://")) return { evidence: lineEvidence(), destinations: [to(last.value, last.range)] };
    if (sub === "sync" && flagValues(rest, ["--dest"])[0]?.value === "docker" && last) return { evidence: lineEvidence(), destinations: [to(last.value, last.range)] };
    return undefined;
  }

  if (name === "oras" || name === "helm") {
    const { sub, rest } = subcommand(tokens, 1);
    const images = positionals(rest, VALUED_FLAGS);
    const target = name === "helm" ? (sub === "push" ? images[1] : undefined) : sub === "push" || sub === "tag" || sub === "attach" ? images[0] : sub === "copy" || sub === "cp" ? images[1] : undefined;
    if (!target) return undefined;
    return { evidence: lineEvidence(), destinations: [to(target.value, target.range)] };
  }

  // ko build, publish, apply, resolve and create push to $KO_DOCKER_REPO unless told to build locally.
  if (name === "ko") {
    const { sub, rest } = subcommand(tokens, 1);
    if (!["build", "publish", "apply", "resolve", "create"].includes(sub) || has(rest, /^(?:--local|-L|--push=false)$/)) return undefined;
    return { evidence: lineEvidence(), destinations: [scope.env.has("KO_DOCKER_REPO") ? to("$KO_DOCKER_REPO", command.range) : none("KO_DOCKER_REPO is not set in the pod spec")] };
  }

  // Jib: mvn jib:build and gradle jib push (jib:dockerBuild and jib:buildTar do not).
  if (/^(?:mvn|mvnw|gradle|gradlew)$/.test(name) && has(tokens, /(?:^|:)jib:build$|^jib$|:build$/) && has(tokens, /jib/)) {
    const image = flagValues(tokens, ["-Dimage", "-Djib.to.image", "--image"])[0];
    return { evidence: lineEvidence(), destinations: [image ? to(image.value, image.valueRange) : none("the image is set in the build file (pom.xml or build.gradle)")] };
  }

  // The AWS CLI writing to ECR directly.
  if (name === "aws") {
    const words = positionals(tokens.slice(1), VALUED_FLAGS);
    const service = words[0]?.value;
    if ((service === "ecr" || service === "ecr-public") && AWS_ECR_WRITES.test(words[1]?.value ?? "")) {
      const registry = service === "ecr-public" ? "public.ecr.aws" : "ECR";
      return { evidence: lineEvidence(), destinations: [{ value: `${service} ${words[1]?.value ?? ""}`, range: command.range, credentials, fixed: { kind: "ecr", registry } }] };
    }
    return undefined;
  }

  // Cloud Native Buildpacks: the lifecycle's creator and exporter push the app image unless -daemon; pack build --publish.
  if (/\/cnb\/lifecycle\/(?:creator|exporter)$/.test(head.value)) {
    if (has(tokens, /^-daemon(=true)?$/)) return undefined;
    const last = tokens[tokens.length - 1];
    return { evidence: lineEvidence(), destinations: [last && !last.value.startsWith("-") && tokens.length > 1 ? to(last.value, last.range) : none("the command names no image")] };
  }
  if (name === "pack" && tokens[1]?.value === "build" && has(tokens, /^--publish(=true)?$/)) {
    const image = positionals(tokens.slice(2), VALUED_FLAGS)[0];
    return { evidence: lineEvidence(), destinations: [image ? to(image.value, image.range) : none("the command names no image")] };
  }
  return undefined;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** A destination as written, resolved: parameters and variables substituted, its registry classified. */
function resolveDestination(raw: RawDestination, scope: ContainerScope): PushDestination[] {
  const own = (registry: string | undefined) => [
    ...scope.credentials,
    ...raw.credentials,
    ...scope.logins.filter((l) => l.registry === undefined || registry === undefined || l.registry === registry).map((l) => l.credentials),
  ];
  if (raw.missing !== undefined) return [unknownDestination(raw.range, raw.missing, own(undefined))];
  if (raw.fixed) return [{ text: raw.value, written: undefined, range: raw.range, kind: raw.fixed.kind, registry: raw.fixed.registry, parameters: [], credentials: own(raw.fixed.registry) }];
  const values = unique((scope.source.expand?.(raw.value) ?? [raw.value]).map((v) => substituteVariables(v, scope.env))).slice(0, MAX_ALTERNATIVES);
  return values.map((value) => {
    const where = classify(value);
    return {
      text: value,
      written: value !== raw.value ? raw.value : undefined,
      range: raw.range,
      kind: where.kind,
      registry: where.registry,
      ...(where.reason ? { reason: where.reason } : {}),
      parameters: [...value.matchAll(/\{\{\s*((?:inputs|workflow)\.parameters\.[\w-]+)\s*\}\}|\$\(((?:inputs\.)?params\.[\w-]+)\)/g)].map((m) => m[1] ?? m[2] ?? ""),
      credentials: own(where.registry),
    };
  });
}

/**
 * A destination of a reusable spec (a Tekton Task, an Argo WorkflowTemplate) with the values a run gives
 * its parameters, by the names in `parameters` (`params.IMAGE`, `inputs.parameters.image`,
 * `workflow.parameters.registry`), classified again. The run's values are not the spec's: link binds them.
 */
export function bindParameters(destination: PushDestination, values: ReadonlyMap<string, string>): PushDestination {
  if (destination.parameters.length === 0 || values.size === 0) return destination;
  const text = destination.text.replace(/\{\{\s*((?:inputs|workflow)\.parameters\.[\w-]+)\s*\}\}|\$\((?:inputs\.)?(params\.[\w-]+)\)/g, (all, argo?: string, tekton?: string) => values.get(argo ?? tekton ?? "") ?? all);
  if (text === destination.text) return destination;
  const where = classify(text);
  const { reason: _unused, ...rest } = destination;
  return {
    ...rest,
    text,
    written: destination.written ?? destination.text,
    kind: where.kind,
    registry: where.registry,
    ...(where.reason ? { reason: where.reason } : {}),
    parameters: destination.parameters.filter((p) => !values.has(p)),
  };
}

function unknownDestination(range: Range, reason: string, credentials: RegistryCredentials[]): PushDestination {
  return { text: "", written: undefined, range, kind: "unknown", registry: undefined, reason, parameters: [], credentials };
}

/** `$(NAME)` (Kubernetes), `${NAME}`, `${NAME:-default}` and `$NAME` replaced by the values the pod spec gives them. */
function substituteVariables(value: string, env: Map<string, string>): string {
  let out = value;
  for (let i = 0; i < 3; i++) {
    const next = out
      .replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, a?: string, b?: string, fallback?: string, c?: string) => {
        const known = env.get(a ?? b ?? c ?? "");
        return known ?? fallback ?? all;
      });
    if (next === out) break;
    out = next;
  }
  return out;
}

const UNRESOLVED_ONE = new RegExp(UNRESOLVED.source);

/** The registry an image reference pushes to, as far as it is known. */
function classify(reference: string): { kind: PushDestination["kind"]; registry?: string; reason?: string } {
  const ref = reference.trim().replace(/["']/g, "").replace(/^(?:docker|oci|https?):\/\//i, "");
  if (ref === "") return { kind: "unknown", reason: "it is empty" };
  const slash = ref.indexOf("/");
  const first = slash >= 0 ? ref.slice(0, slash) : ref;
  // An ECR host is one even when its account or region is a parameter.
  if (ECR_HOST.test(first.replace(UNRESOLVED, "x"))) return { kind: "ecr", registry: first.toLowerCase() };
  const hole = UNRESOLVED_ONE.exec(first)?.[0];
  if (hole !== undefined) return { kind: "unknown", reason: describeHole(hole) };
  return { kind: "other", registry: normaliseRegistry(slash >= 0 && (/[.:]/.test(first) || first === "localhost") ? first : "docker.io") };
}

function normaliseRegistry(host: string): string {
  const h = host.toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  return /^(?:index\.docker\.io|registry-1\.docker\.io|registry\.hub\.docker\.com|docker\.io)$/.test(h) ? "docker.io" : h;
}

/** Why a placeholder makes the registry unknown, for the message. */
function describeHole(hole: string): string {
  let m = /^\{\{\s*inputs\.parameters\.([\w-]+)\s*\}\}$/.exec(hole);
  if (m) return `input parameter ${m[1]} has no value here: the caller or the Workflow that runs the template gives it`;
  m = /^\{\{\s*workflow\.parameters\.([\w-]+)\s*\}\}$/.exec(hole);
  if (m) return `workflow parameter ${m[1]} has no value: it is given when the workflow is submitted`;
  m = /^\$\((?:inputs\.)?params\.([\w-]+)\)$/.exec(hole);
  if (m) return `parameter ${m[1]} has no default: the run gives it (a TaskRun, or the Pipeline that uses the task)`;
  m = /^\$(?:\{|\()?([A-Za-z_][A-Za-z0-9_]*)[})]?$/.exec(hole);
  if (m) return `variable ${m[1]} has no value written in the pod spec`;
  if (/^<.*>$|^__.*__$/.test(hole)) return `${hole} is a placeholder to fill in`;
  m = /^\$\(resources\.outputs\.([\w-]+)\.url\)$/.exec(hole);
  if (m) return `the image PipelineResource ${m[1]} that the run binds gives it`;
  return `${hole} is only known when it is rendered or run`;
}

/** The container's environment: known values by name, and AWS credentials it is given. */
function containerEnv(container: PMap, source: PodSource): { values: Map<string, string>; credentials: RegistryCredentials[] } {
  const values = new Map<string, string>();
  const named = new Map<string, Range>();
  const entries = [
    ...items(get(container, "env")).map((e) => ({ name: text(get(e, "name")), value: get(e, "value"), from: get(e, "valueFrom") })),
    // Jenkins configuration as code: envVars: [{ envVar: { key, value } }, { secretEnvVar: { key, secretName, secretKey } }].
    ...items(get(container, "envVars")).flatMap((e) => {
      const v = get(e, "envVar") ?? get(e, "secretEnvVar");
      return v ? [{ name: text(get(v, "key")), value: get(v, "value"), from: get(v, "secretName") }] : [];
    }),
  ];
  for (const { name, value, from } of entries) {
    if (!name) continue;
    named.set(name.text, name.range);
    const v = scalarText(value);
    if (v !== undefined && !from) values.set(name.text, source.expand?.(v)[0] ?? v);
  }
  const credentials: RegistryCredentials[] = [];
  const keys = named.get("AWS_ACCESS_KEY_ID");
  if (keys && named.has("AWS_SECRET_ACCESS_KEY")) credentials.push({ kind: "aws", text: "environment AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", range: keys });
  const role = named.get("AWS_ROLE_ARN");
  if (role && named.has("AWS_WEB_IDENTITY_TOKEN_FILE")) credentials.push({ kind: "aws", text: "environment AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE", range: role });
  return { values, credentials };
}

/** Registry and AWS credentials from secrets the container mounts. A ConfigMap holds no credentials (at most a credential helper to use). */
function mountedCredentials(container: PMap, source: PodSource, env: Map<string, string>): RegistryCredentials[] {
  const volumes = new Map<string, PNode>();
  for (const v of source.volumes) {
    const name = scalarText(get(v, "name"));
    if (name !== undefined) volumes.set(name, v);
  }
  const mounts: { secret: string; keys: string[]; mountPath: Text }[] = [...(source.sharedMounts ?? []).map((m) => ({ ...m, keys: [] }))];
  for (const m of items(get(container, "volumeMounts"))) {
    const mountPath = text(get(m, "mountPath"));
    const volume = volumes.get(scalarText(get(m, "name")) ?? "\u0000");
    if (!mountPath || !volume) continue;
    const subPath = scalarText(get(m, "subPath"));
    for (const secret of secretsOf(volume)) mounts.push({ secret: secret.name, keys: subPath ? [subPath] : secret.keys, mountPath });
  }
  const under = (path: string, file: string | undefined) => file !== undefined && (file === path || file.startsWith(path.endsWith("/") ? path : `${path}/`));
  const out: RegistryCredentials[] = [];
  for (const m of mounts) {
    const path = m.mountPath.text;
    const at = { text: `secret ${m.secret} at ${path}`, range: m.mountPath.range };
    if (DOCKER_CONFIG_PATH.test(path) || m.keys.some((k) => DOCKER_CONFIG_KEY.test(k)) || under(path, env.get("DOCKER_CONFIG")) || under(path, env.get("REGISTRY_AUTH_FILE"))) {
      out.push({ kind: "docker-config", ...at });
    } else if (AWS_CREDENTIALS_PATH.test(path) || under(path, env.get("AWS_SHARED_CREDENTIALS_FILE"))) {
      out.push({ kind: "aws", ...at });
    }
  }
  return out;
}

/** The secrets a volume holds (a secret volume, or the secrets of a projected one), with their keys and paths. */
function secretsOf(volume: PNode): { name: string; keys: string[] }[] {
  const keysOf = (list: PNode | undefined) => items(list).flatMap((i) => [scalarText(get(i, "key")), scalarText(get(i, "path"))].filter((k): k is string => k !== undefined));
  const out: { name: string; keys: string[] }[] = [];
  const secret = get(volume, "secret");
  const name = scalarText(get(secret, "secretName"));
  if (name !== undefined) out.push({ name, keys: keysOf(get(secret, "items")) });
  for (const s of items(get(get(volume, "projected"), "sources"))) {
    const projected = get(s, "secret");
    const n = scalarText(get(projected, "name"));
    if (n !== undefined) out.push({ name: n, keys: keysOf(get(projected, "items")) });
  }
  return out;
}

/** The tool an image reference is, if any. */
function toolImage(image: string): (typeof TOOL_IMAGES)[number] | undefined {
  let ref = image.trim().toLowerCase();
  const at = ref.indexOf("@");
  if (at >= 0) ref = ref.slice(0, at);
  const colon = ref.lastIndexOf(":");
  const hasTag = colon > ref.lastIndexOf("/");
  const repository = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : "";
  return TOOL_IMAGES.find((b) => b.repository.test(repository) && (!b.tag || b.tag.test(tag)));
}

/** The tool an image reference is (`kaniko`, `buildkit`, `docker-in-docker`, ...), if any. */
export function builderTool(image: string): Tool | undefined {
  return toolImage(image)?.tool;
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

function dedupeDestinations(destinations: PushDestination[]): PushDestination[] {
  const seen = new Set<string>();
  return destinations.filter((d) => {
    const id = `${d.kind}|${d.text}|${d.reason ?? ""}|${d.range.startLine}:${d.range.startColumn}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** The file's lines, built once for the documents of one file (a file of 20,000 documents calls this 20,000 times). */
let lastLines: LineIndex | undefined;
function lineIndex(source: string): LineIndex {
  if (lastLines?.text !== source) lastLines = new LineIndex(source);
  return lastLines;
}

/**
 * Finds what is written inside `node` in the file (a line of a block scalar): `find(fragment, skip)`
 * searches from the `skip`th character of the value on, which is at least as far into the file. The
 * node's text is cut once, so that a search never runs past it (a file of many scripts stays linear).
 */
function placer(object: KObject, node: PNode): ((fragment: string, skip?: number) => Range | undefined) | undefined {
  if (object.source === undefined) return undefined;
  const lines = lineIndex(object.source);
  const start = lines.offset(node.range.startLine, node.range.startColumn);
  const span = lines.text.slice(start, lines.offset(node.range.endLine, node.range.endColumn));
  return (fragment, skip = 0) => {
    if (fragment === "") return undefined;
    let at = span.indexOf(fragment, Math.min(skip, span.length));
    if (at < 0) at = span.indexOf(fragment);
    return at < 0 ? undefined : lines.range(object.path, start + at, start + at + fragment.length);
  };
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
