import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractKubernetes } from "../src/extract/kubernetes/extract.js";
import { emptyFacts, type Facts, type WorkloadFact } from "../src/model/facts.js";
import type { Range } from "../src/model/source.js";
import { parseStructured } from "../src/parse/yaml/parse.js";
import { CORPUS } from "./helpers.js";

function extract(text: string, path = "m.yaml"): Facts {
  const facts = emptyFacts();
  const parsed = parseStructured({ path, text });
  expect(parsed.diagnostics).toEqual([]);
  for (const d of parsed.documents) if (d.root) extractKubernetes(path, d.root, facts);
  return facts;
}

/** `line:column` of where a range starts. */
const at = (r: Range | undefined) => (r ? `${r.startLine}:${r.startColumn}` : undefined);

/** What a test pins of a workload. */
function summary(w: WorkloadFact) {
  return {
    address: w.address,
    namespace: w.namespace?.text,
    serviceAccount: w.serviceAccount?.text,
    evidence: w.pushEvidence.map((e) => `${e.text} @${at(e.range)}`),
    builderImage: w.builderImage ? `${w.builderImage.text} @${at(w.builderImage.range)}` : undefined,
  };
}

const only = (facts: Facts) => {
  expect(facts.workloads).toHaveLength(1);
  return summary(facts.workloads[0] as WorkloadFact);
};

/** A pod spec with one container, indented for `depth` levels of nesting. */
function podSpec(container: string, extra = "", depth = 1): string {
  const pad = "  ".repeat(depth);
  return `${extra ? `${pad}${extra}\n` : ""}${pad}containers:\n${container
    .trim()
    .split("\n")
    .map((l, i) => `${pad}  ${i === 0 ? "- " : "  "}${l}`)
    .join("\n")}\n`;
}

/** A Pod whose only container is `container` (YAML of the container's keys). */
const pod = (container: string, extra = "") => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${podSpec(container, extra)}`;

describe("Kubernetes workloads", () => {
  it.each([
    ["Pod", "v1", ["spec"]],
    ["Deployment", "apps/v1", ["spec", "template", "spec"]],
    ["StatefulSet", "apps/v1", ["spec", "template", "spec"]],
    ["DaemonSet", "apps/v1", ["spec", "template", "spec"]],
    ["ReplicaSet", "apps/v1", ["spec", "template", "spec"]],
    ["ReplicationController", "v1", ["spec", "template", "spec"]],
    ["Job", "batch/v1", ["spec", "template", "spec"]],
    ["CronJob", "batch/v1", ["spec", "jobTemplate", "spec", "template", "spec"]],
  ])("reads the pod spec of a %s", (kind, apiVersion, path) => {
    let text = `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: builder\n  namespace: ci\n`;
    path.forEach((key, i) => (text += `${"  ".repeat(i)}${key}:\n`));
    const depth = path.length;
    text += podSpec("name: kaniko\nimage: gcr.io/kaniko-project/executor:v1.23.2", "serviceAccountName: kaniko", depth);
    const imageLine = 9 + depth;
    const facts = extract(text);
    expect(only(facts)).toEqual({
      address: `${kind}/builder`,
      namespace: "ci",
      serviceAccount: "kaniko",
      evidence: [`image gcr.io/kaniko-project/executor:v1.23.2 @${imageLine}:${2 * depth + 12}`],
      builderImage: `gcr.io/kaniko-project/executor:v1.23.2 @${imageLine}:${2 * depth + 12}`,
    });
    const w = facts.workloads[0] as WorkloadFact;
    expect(w).toMatchObject({ kind: "workload", format: "kubernetes", when: [] });
    expect(at(w.podSpec)).toBe(`${6 + depth}:${2 * depth + 1}`);
    expect(w.key).toContain(`m.yaml#${kind}/ci/builder`);
    expect(at(w.range)).toBe("4:9");
  });

  it("takes the deprecated serviceAccount when serviceAccountName is absent, and nothing when neither is written", () => {
    expect(only(extract(pod("name: a\nimage: moby/buildkit", "serviceAccount: legacy"))).serviceAccount).toBe("legacy");
    const both = extract(pod("name: a\nimage: moby/buildkit", "serviceAccount: legacy\n  serviceAccountName: builder"));
    expect(only(both).serviceAccount).toBe("builder");
    const none = only(extract(pod("name: a\nimage: moby/buildkit")));
    expect(none.serviceAccount).toBeUndefined();
    expect(none.namespace).toBeUndefined();
  });

  it("records a workload that shows no push, without evidence or builder image", () => {
    expect(only(extract(pod("name: web\nimage: nginx:1.27\nargs: [nginx, -g, daemon off;]")))).toEqual({
      address: "Pod/p",
      namespace: undefined,
      serviceAccount: undefined,
      evidence: [],
      builderImage: undefined,
    });
  });

  it("takes the container that shows the evidence as the builder, not an init container", () => {
    const facts = extract(`apiVersion: batch/v1
kind: Job
metadata:
  name: buildkit
spec:
  template:
    spec:
      initContainers:
        - name: prepare
          image: busybox
      containers:
        - name: sidecar
          image: busybox
        - name: buildkit
          image: moby/buildkit:master-rootless
          command: [buildctl-daemonless.sh]
`);
    expect(only(facts).builderImage).toBe("moby/buildkit:master-rootless @15:18");
  });

  it("reads every item of a List and of a typed list, and ignores objects that are no workload", () => {
    const facts = extract(`apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: settings }
  - apiVersion: v1
    kind: Pod
    metadata: { name: kaniko, namespace: ci }
    spec:
      containers:
        - name: kaniko
          image: gcr.io/kaniko-project/executor:debug
  - apiVersion: v1
    kind: PodList
    items:
      - apiVersion: v1
        kind: Pod
        metadata: { name: nested }
        spec:
          containers:
            - { name: x, image: docker:27-dind }
`);
    expect(facts.workloads.map(summary)).toEqual([
      { address: "Pod/kaniko", namespace: "ci", serviceAccount: undefined, evidence: ["image gcr.io/kaniko-project/executor:debug @13:18"], builderImage: "gcr.io/kaniko-project/executor:debug @13:18" },
      { address: "Pod/nested", namespace: undefined, serviceAccount: undefined, evidence: ["image docker:27-dind @22:33"], builderImage: "docker:27-dind @22:33" },
    ]);
  });

  it("gives objects of the same name in one file distinct keys, even when aliases repeat one object", () => {
    const doc = pod("name: a\nimage: moby/buildkit");
    const facts = extract(`${doc}---\n${doc}`);
    expect(facts.workloads).toHaveLength(2);
    expect(new Set(facts.workloads.map((w) => w.key)).size).toBe(2);
    const aliased = extract(`apiVersion: v1
kind: List
items:
  - &pod { apiVersion: v1, kind: Pod, metadata: { name: a }, spec: { containers: [{ name: a, image: moby/buildkit }] } }
  - *pod
  - &sa { apiVersion: v1, kind: ServiceAccount, metadata: { name: a } }
  - *sa
`);
    expect(new Set(aliased.workloads.map((w) => w.key)).size).toBe(2);
    expect(new Set(aliased.serviceAccounts.map((s) => s.key)).size).toBe(2);
  });
});

describe("push evidence", () => {
  const evidenceOf = (container: string, extra = "") => only(extract(pod(container, extra))).evidence.map((e) => e.replace(/ @\d+:\d+$/, ""));

  it.each([
    "gcr.io/kaniko-project/executor:latest",
    "gcr.io/kaniko-project/executor:debug",
    "gcr.io/kaniko-project/executor@sha256:0123456789abcdef",
    "mirror.example.com/gcr.io/kaniko-project/executor:v1.23.2",
    "martizih/kaniko:v1.25.0",
    "moby/buildkit:v0.16.0",
    "moby/buildkit:master-rootless",
    "registry.example.com:5000/moby/buildkit:rootless",
    "quay.io/buildah/stable:v1.37",
    "buildah/buildah",
    "registry.redhat.io/rhel9/buildah:latest",
    "quay.io/podman/stable",
    "docker:dind",
    "docker:27.3-dind-rootless",
    "public.ecr.aws/docker/library/docker:24-dind",
    "r.j3ss.co/img",
    "jess/img:latest",
    "ghcr.io/ko-build/ko:latest",
    "gcr.io/ko-images/ko",
  ])("knows the builder image %s", (image) => {
    expect(evidenceOf(`name: b\nimage: "${image}"`)).toEqual([`image ${image}`]);
  });

  it.each(["gcr.io/kaniko-project/warmer:latest", "docker:27", "docker:cli", "nginx", "busybox", "alpine/git", "kaniko-cache/warmer"])(
    "does not take %s for a builder",
    (image) => {
      expect(evidenceOf(`name: b\nimage: ${image}`)).toEqual([]);
    },
  );

  it("reads push arguments, each at its line", () => {
    const facts = extract(
      pod(`name: b
image: example/tool
args:
  - --destination=repo/app:1
  - --push
  - --push=false
  - --output=type=image,name=repo/app,push=true
  - -o
  - type=registry,ref=repo/app
  - -d
  - repo/app`),
    );
    expect(only(facts).evidence).toEqual([
      "argument --destination=repo/app:1 @10:11",
      "argument --push @11:11",
      "argument --output=type=image,name=repo/app,push=true @13:11",
      "argument type=registry,ref=repo/app @15:11",
    ]);
  });

  it("takes -d for --destination only in a kaniko container", () => {
    expect(evidenceOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [-d, repo/app]")).toEqual([
      "image gcr.io/kaniko-project/executor",
      "argument -d",
    ]);
    expect(evidenceOf("name: b\nimage: custom/builder\ncommand: [/kaniko/executor, -d, repo/app]")).toEqual(["command -d"]);
    expect(evidenceOf("name: b\nimage: alpine\nargs: [-d, /tmp]")).toEqual([]);
  });

  it("finds push commands in commands, arguments and scripts", () => {
    expect(evidenceOf(`name: b\nimage: docker:27\ncommand: [sh, -c, "docker build -t repo/app . && docker push repo/app"]`)).toEqual([
      "command docker push repo/app",
    ]);
    expect(evidenceOf(`name: b\nimage: quay.io/containers/buildah-ish\nargs: ["buildah --storage-driver vfs push repo/app"]`)).toEqual([
      "argument buildah --storage-driver vfs push repo/app",
    ]);
    expect(evidenceOf(`name: b\nimage: alpine\ncommand: ["podman", "push", "repo/app"]`)).toEqual([]);
    expect(evidenceOf(`name: b\nimage: alpine\ncommand: ["sh", "-c", "podman push repo/app"]`)).toEqual(["command podman push repo/app"]);
    expect(evidenceOf(`name: b\nimage: alpine\ncommand: ["sh", "-c", "docker pull a; git push origin main"]`)).toEqual([]);
    expect(evidenceOf(`name: b\nimage: golang\ncommand: ["sh", "-c", "ko build ./cmd/app"]`)).toEqual(["command ko build ./cmd/app"]);
    expect(evidenceOf(`name: b\nimage: golang\ncommand: ["sh", "-c", "ko build --local ./cmd/app"]`)).toEqual([]);
    expect(evidenceOf(`name: b\nimage: amazon/aws-cli\nargs: ["ecr batch-delete-image --repository-name app", "x"]\ncommand: ["aws"]`)).toEqual([]);
    expect(evidenceOf(`name: b\nimage: amazon/aws-cli\ncommand: ["sh", "-c", "aws ecr put-image --repository-name app"]`)).toEqual([
      "command aws ecr put-image --repository-name app",
    ]);
    expect(evidenceOf(`name: b\nimage: quay.io/skopeo/stable\ncommand: ["sh", "-c", "skopeo copy docker://a/b docker://repo/app"]`)).toEqual([
      "command skopeo copy docker://a/b docker://repo/app",
    ]);
    expect(evidenceOf(`name: b\nimage: quay.io/skopeo/stable\ncommand: ["sh", "-c", "skopeo copy docker://a/b oci:/tmp/b"]`)).toEqual([]);
  });

  it("lets kaniko --no-push cancel its image and destination, but not a cache push", () => {
    expect(evidenceOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [--destination=repo/app, --no-push]")).toEqual([]);
    expect(evidenceOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [--destination=repo/app, --no-push=false]")).toEqual([
      "image gcr.io/kaniko-project/executor",
      "argument --destination=repo/app",
    ]);
    expect(evidenceOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [--no-push, --cache=true, --cache-repo=repo/cache]")).toEqual([
      "argument --cache-repo=repo/cache",
    ]);
    expect(evidenceOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [--no-push, --cache-repo=repo/cache]")).toEqual([]);
    expect(evidenceOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [--no-push, --cache, --cache-repo=repo/cache, --no-push-cache]")).toEqual([]);
  });

  it("takes the pullguard annotation on the object or the pod template, with the first container as the builder", () => {
    const facts = extract(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
spec:
  template:
    metadata:
      annotations:
        pullguard.dev/pushes-images: "true"
    spec:
      initContainers:
        - { name: init, image: busybox }
      containers:
        - name: agent
          image: jenkins/inbound-agent:latest
        - name: other
          image: alpine
`);
    expect(only(facts)).toMatchObject({
      evidence: ['annotation pullguard.dev/pushes-images: "true" @9:9'],
      builderImage: "jenkins/inbound-agent:latest @15:18",
    });
    const annotated = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations: { pullguard.dev/pushes-images: "false" }
spec:
  containers: [{ name: a, image: alpine }]
`;
    expect(only(extract(annotated)).evidence).toEqual([]);
    expect(only(extract(annotated.replace('"false"', "true"))).evidence).toEqual(['annotation pullguard.dev/pushes-images: "true" @5:18']);
  });
});

describe("service accounts", () => {
  it("records the IRSA role as a reference, and none when the annotation is absent or empty", () => {
    const facts = extract(`apiVersion: v1
kind: ServiceAccount
metadata:
  name: kaniko
  namespace: ci
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/ci-kaniko
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: plain
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: empty
  annotations:
    eks.amazonaws.com/role-arn: ""
`);
    expect(facts.serviceAccounts.map((s) => [s.address, s.namespace?.text, s.name?.text, s.role?.kind])).toEqual([
      ["ServiceAccount/kaniko", "ci", "kaniko", "arn"],
      ["ServiceAccount/plain", undefined, "plain", undefined],
      ["ServiceAccount/empty", undefined, "empty", undefined],
    ]);
    const role = facts.serviceAccounts[0]?.role;
    expect(role?.kind === "arn" ? [role.value.text, at(role.value.range)] : undefined).toEqual(["arn:aws:iam::111122223333:role/ci-kaniko", "7:33"]);
    expect(facts.serviceAccounts[0]).toMatchObject({ kind: "service-account", format: "kubernetes", when: [] });
  });
});

describe("Tekton", () => {
  it("reads a Task's steps and sidecars as one pod running as default, with parameter defaults in images", () => {
    const facts = extract(`apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: buildah
  namespace: ci
spec:
  params:
    - name: BUILDER_IMAGE
      default: quay.io/buildah/stable:v1.37
  stepTemplate:
    image: alpine
  steps:
    - name: prepare
      script: echo hi
    - name: build
      image: $(params.BUILDER_IMAGE)
      script: |
        buildah bud -t app .
        buildah push app docker://repo/app
  sidecars:
    - name: registry
      image: registry:2
`);
    expect(only(facts)).toEqual({
      address: "Task/buildah",
      namespace: "ci",
      serviceAccount: undefined,
      evidence: ["image quay.io/buildah/stable:v1.37 @16:14", "script buildah push app docker://repo/app @17:15"],
      builderImage: "quay.io/buildah/stable:v1.37 @16:14",
    });
    expect(at(facts.workloads[0]?.podSpec)).toBe("7:3");
  });

  it("uses a step template's image for a step that names none", () => {
    const facts = extract(`apiVersion: tekton.dev/v1beta1
kind: ClusterTask
metadata: { name: kaniko }
spec:
  stepTemplate:
    image: gcr.io/kaniko-project/executor:debug
  steps:
    - name: build
      args: [--destination=repo/app]
`);
    expect(only(facts)).toMatchObject({
      evidence: ["image gcr.io/kaniko-project/executor:debug @6:12", "argument --destination=repo/app @9:14"],
      builderImage: "gcr.io/kaniko-project/executor:debug @6:12",
    });
  });

  it("takes a TaskRun's service account and parameters for its embedded task", () => {
    const facts = extract(`apiVersion: tekton.dev/v1
kind: TaskRun
metadata: { name: build-run, namespace: ci }
spec:
  serviceAccountName: builder
  params:
    - { name: TOOL, value: moby/buildkit:v0.16.0 }
  taskSpec:
    params: [{ name: TOOL }]
    steps:
      - { name: build, image: "$(params.TOOL)" }
`);
    expect(only(facts)).toEqual({
      address: "TaskRun/build-run",
      namespace: "ci",
      serviceAccount: "builder",
      evidence: ["image moby/buildkit:v0.16.0 @11:31"],
      builderImage: "moby/buildkit:v0.16.0 @11:31",
    });
  });

  it("reads each embedded task of a PipelineRun with its own service account", () => {
    const facts = extract(`apiVersion: tekton.dev/v1
kind: PipelineRun
metadata: { name: release }
spec:
  taskRunTemplate:
    serviceAccountName: pipeline
  taskRunSpecs:
    - pipelineTaskName: push
      serviceAccountName: pusher
  pipelineSpec:
    tasks:
      - name: test
        taskSpec:
          steps: [{ name: t, image: golang }]
      - name: push
        taskSpec:
          steps: [{ name: p, image: gcr.io/kaniko-project/executor, args: [--destination=repo/app] }]
    finally:
      - name: notify
        taskRef: { name: notify }
`);
    expect(facts.workloads.map((w) => [w.address, w.serviceAccount?.text, w.pushEvidence.length])).toEqual([
      ["PipelineRun/release task test", "pipeline", 0],
      ["PipelineRun/release task push", "pusher", 2],
    ]);
    expect(new Set(facts.workloads.map((w) => w.key)).size).toBe(2);
    expect(at(facts.workloads[1]?.range)).toBe("15:15");
  });

  it("leaves the service account of a Pipeline's tasks to their runs", () => {
    const facts = extract(`apiVersion: tekton.dev/v1
kind: Pipeline
metadata: { name: p }
spec:
  tasks:
    - name: build
      taskSpec:
        steps: [{ name: b, image: moby/buildkit }]
`);
    expect(only(facts)).toMatchObject({ address: "Pipeline/p", serviceAccount: undefined, builderImage: "moby/buildkit @8:35" });
  });
});

describe("Argo Workflows", () => {
  it("reads each template that runs a container, with the workflow's service account", () => {
    const facts = extract(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: build-
  namespace: argo
spec:
  serviceAccountName: workflow
  entrypoint: main
  arguments:
    parameters: [{ name: builder, value: moby/buildkit:v0.16.0 }]
  templates:
    - name: main
      steps: [[{ name: build, template: build }]]
    - name: build
      container:
        image: gcr.io/kaniko-project/executor:v1.23.2
        args: [--destination=repo/app]
    - name: publish
      serviceAccountName: publisher
      script:
        image: docker:27
        command: [sh]
        source: |
          docker push repo/app
      sidecars:
        - { name: dind, image: "docker:27-dind" }
    - name: set
      inputs:
        parameters: [{ name: tool, default: "{{workflow.parameters.builder}}" }]
      containerSet:
        containers:
          - { name: a, image: "{{workflow.parameters.builder}}" }
          - { name: b, image: "{{inputs.parameters.tool}}" }
`);
    expect(facts.workloads.map(summary)).toEqual([
      {
        address: "Workflow/build- template build",
        namespace: "argo",
        serviceAccount: "workflow",
        evidence: ["image gcr.io/kaniko-project/executor:v1.23.2 @16:16", "argument --destination=repo/app @17:16"],
        builderImage: "gcr.io/kaniko-project/executor:v1.23.2 @16:16",
      },
      {
        address: "Workflow/build- template publish",
        namespace: "argo",
        serviceAccount: "publisher",
        evidence: ["script docker push repo/app @23:17", "image docker:27-dind @26:32"],
        builderImage: "docker:27 @21:16",
      },
      {
        address: "Workflow/build- template set",
        namespace: "argo",
        serviceAccount: "workflow",
        evidence: ["image moby/buildkit:v0.16.0 @32:31", "image moby/buildkit:v0.16.0 @33:31"],
        builderImage: "moby/buildkit:v0.16.0 @32:31",
      },
    ]);
  });

  it("reads a CronWorkflow's workflowSpec and a WorkflowTemplate's spec", () => {
    const cron = extract(`apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: { name: nightly }
spec:
  schedule: "0 3 * * *"
  workflowSpec:
    entrypoint: build
    templates:
      - name: build
        container: { image: "quay.io/buildah/stable", command: [buildah, bud, .] }
`);
    expect(only(cron)).toMatchObject({ address: "CronWorkflow/nightly", serviceAccount: undefined, builderImage: "quay.io/buildah/stable @10:29" });
    const template = extract(`apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: { name: t }
spec:
  serviceAccountName: wt
  templates:
    - name: build
      container: { image: alpine, args: ["--push"] }
`);
    expect(only(template)).toMatchObject({ address: "WorkflowTemplate/t", serviceAccount: "wt", evidence: ["argument --push @8:42"] });
  });
});

describe("Karpenter", () => {
  it("makes an EC2NodeClass a node group with its role and a launch template of Karpenter's v1 defaults", () => {
    const facts = extract(`apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  role: KarpenterNodeRole-prod
  amiSelectorTerms:
    - alias: al2023@latest
`);
    expect(facts.nodeGroups).toHaveLength(1);
    const group = facts.nodeGroups[0];
    expect(group).toMatchObject({
      kind: "node-group",
      nodeKind: "karpenter",
      resourceType: "EC2NodeClass",
      address: "EC2NodeClass/default",
      format: "kubernetes",
      instanceProfile: [],
      evidence: "it is a Karpenter EC2NodeClass",
      amiType: undefined,
    });
    expect(group?.role).toEqual([{ kind: "name", value: { text: "KarpenterNodeRole-prod", known: true, range: expect.objectContaining({ startLine: 6, startColumn: 9 }) as Range, when: [] } }]);
    const template = facts.launchTemplates[0];
    expect(group?.launchTemplate).toEqual([expect.objectContaining({ kind: "logical", target: { key: template?.key } })]);
    expect(template).toMatchObject({ kind: "launch-template", resourceType: "EC2NodeClass", address: "metadata options of EC2NodeClass/default", instanceProfile: [] });
    const m = template?.metadata;
    expect(m?.range).toBeUndefined();
    expect(m?.httpTokens.map((s) => [s.value, at(s.range)])).toEqual([["required", "1:13"]]);
    expect(m?.hopLimit.map((s) => [s.value, at(s.range), s.range.origin?.note])).toEqual([
      [1, "1:13", "Karpenter's default for EC2NodeClass karpenter.k8s.aws/v1: httpPutResponseHopLimit 1"],
    ]);
    expect(m?.httpEndpoint).toEqual([]);
  });

  it("reads written metadataOptions, and v1beta1's default hop limit of 2 for what is not written", () => {
    const facts = extract(`apiVersion: karpenter.k8s.aws/v1beta1
kind: EC2NodeClass
metadata:
  name: ci
spec:
  instanceProfile: KarpenterNodeInstanceProfile-prod
  metadataOptions:
    httpEndpoint: enabled
    httpTokens: optional
`);
    const group = facts.nodeGroups[0];
    expect(group?.role).toEqual([]);
    expect(group?.instanceProfile.map((r) => (r.kind === "name" ? r.value.text : r.kind))).toEqual(["KarpenterNodeInstanceProfile-prod"]);
    const template = facts.launchTemplates[0];
    // The profile belongs to the group; the template only carries the metadata settings.
    expect(template?.instanceProfile).toEqual([]);
    const m = template?.metadata;
    expect(at(m?.range)).toBe("8:5");
    expect(at(template?.range)).toBe("8:5");
    expect(m?.httpTokens.map((s) => [s.value, at(s.range)])).toEqual([["optional", "9:17"]]);
    expect(m?.httpEndpoint.map((s) => [s.value, at(s.range)])).toEqual([["enabled", "8:19"]]);
    expect(m?.hopLimit.map((s) => [s.value, at(s.range), at(s.range.origin?.range)])).toEqual([[2, "8:5", "1:13"]]);
  });

  it("reads a written hop limit and the instance profile of an AWSNodeTemplate", () => {
    const facts = extract(`apiVersion: karpenter.k8s.aws/v1alpha1
kind: AWSNodeTemplate
metadata: { name: legacy }
spec:
  instanceProfile: arn:aws:iam::111122223333:instance-profile/nodes
  metadataOptions: { httpPutResponseHopLimit: 3 }
---
apiVersion: karpenter.k8s.aws/v1alpha1
kind: AWSNodeTemplate
metadata: { name: global }
spec: {}
`);
    expect(facts.nodeGroups.map((g) => [g.address, g.resourceType, g.instanceProfile.map((r) => r.kind)])).toEqual([
      ["AWSNodeTemplate/legacy", "AWSNodeTemplate", ["arn"]],
      ["AWSNodeTemplate/global", "AWSNodeTemplate", ["unknown"]],
    ]);
    expect(facts.launchTemplates[0]?.metadata.hopLimit.map((s) => [s.value, at(s.range)])).toEqual([[3, "6:47"]]);
    expect(facts.launchTemplates[1]?.metadata.hopLimit.map((s) => s.value)).toEqual([2]);
  });

  it("ignores NodePools and other Karpenter objects", () => {
    const facts = extract(`apiVersion: karpenter.sh/v1
kind: NodePool
metadata: { name: default }
spec:
  template:
    spec:
      nodeClassRef: { group: karpenter.k8s.aws, kind: EC2NodeClass, name: default }
`);
    expect(facts).toEqual(emptyFacts());
  });
});

describe("bad shapes", () => {
  it("ignores documents without a kind and objects of other kinds", () => {
    expect(extract("a: 1\n---\n- x\n---\nplain\n---\napiVersion: v1\nkind: ConfigMap\ndata: { a: b }\n")).toEqual(emptyFacts());
  });

  it("never throws on odd values where objects are expected", () => {
    const kinds = ["Pod", "Deployment", "CronJob", "List", "PodList", "ServiceAccount", "Task", "TaskRun", "PipelineRun", "Pipeline", "Workflow", "CronWorkflow", "EC2NodeClass", "AWSNodeTemplate"];
    const apiVersions = ["v1", "tekton.dev/v1", "argoproj.io/v1alpha1", "karpenter.k8s.aws/v1", "karpenter.k8s.aws/v1beta1"];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.constantFrom(...apiVersions), fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 3 }), (kind, apiVersion, spec, metadata) => {
        const doc = { apiVersion, kind, metadata, spec, items: [spec, { apiVersion, kind: "Pod", spec }] };
        const facts = emptyFacts();
        const parsed = parseStructured({ path: "f.json", text: JSON.stringify(doc) });
        for (const d of parsed.documents) if (d.root) extractKubernetes("f.json", d.root, facts);
      }),
      { numRuns: 300 },
    );
  });
});

interface ManifestEntry {
  format: string;
  corpus_path: string;
  expected: { kind: string; resource: string | null; line: number | null }[];
}

const manifest = join(CORPUS, "MANIFEST.json");

// The labelled corpus lives outside the project (../shared/corpus); a fresh clone has none, and then this is skipped.
describe.skipIf(!existsSync(manifest))("Kubernetes entries of the real-world corpus", () => {
  const entries = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")) as ManifestEntry[]).filter((e) => e.format.startsWith("kubernetes")) : [];
  const factsOf = (e: ManifestEntry) => extract(readFileSync(join(CORPUS, e.corpus_path), "utf8"), e.corpus_path);

  it("has Kubernetes entries", () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  it.each(entries.flatMap((e) => e.expected.filter((x) => x.kind === "push-workload-without-irsa").map((x) => [`${e.corpus_path} ${x.resource}`, e, x] as const)))(
    "finds the push workload %s, with its builder image on the labelled line",
    (_name, entry, label) => {
      const workload = factsOf(entry).workloads.find((w) => w.address === label.resource);
      expect(workload?.pushEvidence.length).toBeGreaterThan(0);
      expect(workload?.builderImage?.range.startLine).toBe(label.line);
    },
  );

  it("finds no push in the kaniko warmer", () => {
    const warmer = entries.find((e) => e.corpus_path.endsWith("kaniko-warmer.yaml"));
    expect(warmer).toBeDefined();
    const facts = warmer ? factsOf(warmer) : emptyFacts();
    expect(facts.workloads.length).toBeGreaterThan(0);
    expect(facts.workloads.filter((w) => w.pushEvidence.length > 0 || w.builderImage)).toEqual([]);
  });
});
