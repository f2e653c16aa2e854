import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bindParameters, builderTool, extractKubernetes } from "../src/extract/kubernetes/extract.js";
import { emptyFacts, type Facts, type PushDestination, type WorkloadFact } from "../src/model/facts.js";
import type { Range } from "../src/model/source.js";
import { parseStructured } from "../src/parse/yaml/parse.js";
import { CORPUS, FIXTURES, scanFolder, scanText } from "./helpers.js";

/** The facts of a manifest, read as the scan reads it (with the file's text, to place a script's lines). */
function extract(text: string, path = "m.yaml"): Facts {
  const facts = emptyFacts();
  const parsed = parseStructured({ path, text });
  expect(parsed.diagnostics).toEqual([]);
  for (const d of parsed.documents) if (d.root) extractKubernetes(path, d.root, facts, text);
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

/** A destination as a test pins it: `ecr 1111....amazonaws.com: <text>`, `unknown: <why>`. */
function where(d: PushDestination): string {
  return d.kind === "unknown" ? `unknown${d.text ? ` ${d.text}` : ""}: ${d.reason ?? ""}` : `${d.kind} ${d.registry ?? ""}: ${d.text}`;
}

const only = (facts: Facts) => {
  expect(facts.workloads).toHaveLength(1);
  return summary(facts.workloads[0] as WorkloadFact);
};

const onlyWorkload = (facts: Facts): WorkloadFact => {
  expect(facts.workloads).toHaveLength(1);
  return facts.workloads[0] as WorkloadFact;
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
    // The executor runs with no --destination written: it pushes, where to is not known.
    expect(w.destinations.map(where)).toEqual(["unknown: no --destination is written"]);
  });

  it("takes the deprecated serviceAccount when serviceAccountName is absent, and nothing when neither is written", () => {
    expect(only(extract(pod("name: a\nimage: moby/buildkit", "serviceAccount: legacy"))).serviceAccount).toBe("legacy");
    const both = extract(pod("name: a\nimage: moby/buildkit", "serviceAccount: legacy\n  serviceAccountName: builder"));
    expect(only(both).serviceAccount).toBe("builder");
    const none = only(extract(pod("name: a\nimage: moby/buildkit")));
    expect(none.serviceAccount).toBeUndefined();
    expect(none.namespace).toBeUndefined();
  });

  it("records a workload that shows no push, without evidence, destination or builder image", () => {
    const facts = extract(pod("name: web\nimage: nginx:1.27\nargs: [nginx, -g, daemon off;]"));
    expect(only(facts)).toEqual({
      address: "Pod/p",
      namespace: undefined,
      serviceAccount: undefined,
      evidence: [],
      builderImage: undefined,
    });
    expect(onlyWorkload(facts).destinations).toEqual([]);
  });

  it("takes the container that pushes as the builder, not an init container or a sidecar", () => {
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
          args: [build, --output, "type=image,name=111122223333.dkr.ecr.eu-west-1.amazonaws.com/app,push=true"]
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
      // A Docker-in-Docker daemon alone pushes nothing.
      { address: "Pod/nested", namespace: undefined, serviceAccount: undefined, evidence: [], builderImage: undefined },
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

describe("builder images", () => {
  it.each([
    ["gcr.io/kaniko-project/executor:latest", "kaniko"],
    ["gcr.io/kaniko-project/executor:debug", "kaniko"],
    ["gcr.io/kaniko-project/executor@sha256:0123456789abcdef", "kaniko"],
    ["mirror.example.com/gcr.io/kaniko-project/executor:v1.23.2", "kaniko"],
    ["martizih/kaniko:v1.25.0", "kaniko"],
    ["moby/buildkit:v0.16.0", "buildkit"],
    ["moby/buildkit:master-rootless", "buildkit"],
    ["registry.example.com:5000/moby/buildkit:rootless", "buildkit"],
    ["quay.io/buildah/stable:v1.37", "buildah"],
    ["buildah/buildah", "buildah"],
    ["registry.redhat.io/rhel9/buildah:latest", "buildah"],
    ["quay.io/podman/stable", "podman"],
    ["docker:dind", "docker-in-docker"],
    ["docker:27.3-dind-rootless", "docker-in-docker"],
    ["public.ecr.aws/docker/library/docker:24-dind", "docker-in-docker"],
    ["docker:27", "docker"],
    ["docker:cli", "docker"],
    ["r.j3ss.co/img", "img"],
    ["jess/img:latest", "img"],
    ["ghcr.io/ko-build/ko:latest", "ko"],
    ["gcr.io/ko-images/ko", "ko"],
    ["gcr.io/go-containerregistry/crane:debug", "crane"],
    ["quay.io/skopeo/stable:v1.16", "skopeo"],
  ])("knows the tool image %s", (image, tool) => {
    expect(builderTool(image)).toBe(tool);
  });

  it.each(["gcr.io/kaniko-project/warmer:latest", "nginx", "busybox", "alpine/git", "kaniko-cache/warmer", "golang:1.23"])("does not take %s for a tool that builds or pushes", (image) => {
    expect(builderTool(image)).toBeUndefined();
  });
});

describe("push evidence", () => {
  const workloadOf = (container: string, extra = "") => onlyWorkload(extract(pod(container, extra)));
  const evidenceOf = (container: string, extra = "") => workloadOf(container, extra).pushEvidence.map((e) => e.text);
  const destinationsOf = (container: string, extra = "") => workloadOf(container, extra).destinations.map(where);

  it("needs a push: a daemon, a build that never pushes, a container that only runs containers are not pushers", () => {
    const notPushing = [
      // A BuildKit daemon alone (its image's entrypoint), and the same written out.
      "name: b\nimage: moby/buildkit:v0.16.0-rootless\nargs: [--addr, tcp://0.0.0.0:1234, --oci-worker-no-process-sandbox]",
      "name: b\nimage: moby/buildkit:v0.16.0\ncommand: [buildkitd]",
      // buildctl that builds without pushing.
      "name: b\nimage: moby/buildkit:v0.16.0\ncommand: [buildctl-daemonless.sh]\nargs: [build, --frontend, dockerfile.v0, --local, context=., --output, type=oci,dest=/out/image.tar]",
      // Docker-in-Docker, and a Docker CLI that only runs containers through it.
      "name: b\nimage: docker:27-dind",
      'name: b\nimage: docker:27\ncommand: [sh, -c]\nargs: ["until docker ps; do sleep 3; done; docker run --rm debian:latest cat /etc/os-release"]',
      // buildah that builds and assembles a manifest list without pushing it.
      'name: b\nimage: quay.io/buildah/stable\ncommand: [sh, -c, "buildah bud -t app . && buildah manifest create app-list && buildah manifest add app-list app"]',
      // A build image that uses --push for something else, and flags without a tool.
      'name: b\nimage: alpine\nargs: ["--push", "--destination=repo/app", "type=image,push=true"]',
      // A script that only mentions a push in a comment or an echo.
      'name: b\nimage: docker:27\ncommand: [sh, -c, "# docker push repo/app\\necho docker push is next"]',
    ];
    for (const container of notPushing) expect({ container, evidence: evidenceOf(container) }).toEqual({ container, evidence: [] });
  });

  it("reads kaniko's destinations, its -d short form, a cache repository, and --no-push", () => {
    expect(destinationsOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [--destination=repo/a:1, --destination, quay.io/org/b, -d, 111122223333.dkr.ecr.eu-west-1.amazonaws.com/c]")).toEqual([
      "other docker.io: repo/a:1",
      "other quay.io: quay.io/org/b",
      "ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/c",
    ]);
    expect(evidenceOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [-d, repo/app]")).toEqual(["image gcr.io/kaniko-project/executor", "argument -d repo/app"]);
    // kaniko bundled in another image, run by its path.
    expect(evidenceOf("name: b\nimage: custom/builder\ncommand: [/kaniko/executor, -d, repo/app]")).toEqual(["command -d repo/app"]);
    // --no-push builds only; a cache push still happens.
    expect(evidenceOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [--destination=repo/app, --no-push]")).toEqual([]);
    expect(evidenceOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [--destination=repo/app, --no-push=false]")).toEqual(["image gcr.io/kaniko-project/executor", "argument --destination=repo/app"]);
    expect(destinationsOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [--no-push, --cache=true, --cache-repo=111122223333.dkr.ecr.eu-west-1.amazonaws.com/cache]")).toEqual([
      "ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/cache",
    ]);
    expect(evidenceOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [--no-push, --cache-repo=repo/cache]")).toEqual([]);
    expect(evidenceOf("name: b\nimage: gcr.io/kaniko-project/executor\nargs: [--no-push, --cache, --cache-repo=repo/cache, --no-push-cache]")).toEqual([]);
  });

  it("reads the pushes of BuildKit, Docker, buildah, podman, registry clients, ko, Jib, buildpacks and the AWS CLI, with their destinations", () => {
    const cases: [string, string[]][] = [
      ['name: b\nimage: moby/buildkit\ncommand: [buildctl-daemonless.sh]\nargs: [build, --output, "type=image,\\"name=quay.io/a/b:1,ghcr.io/a/b:1\\",push=true"]', ["other quay.io: quay.io/a/b:1", "other ghcr.io: ghcr.io/a/b:1"]],
      ["name: b\nimage: moby/buildkit\ncommand: [buildctl]\nargs: [build, -o, \"type=registry,name=localhost:5000/app\", --export-cache, \"type=registry,ref=localhost:5000/cache\"]", ["other localhost:5000: localhost:5000/app", "other localhost:5000: localhost:5000/cache"]],
      // BuildKit's daemon has no `build`: buildctl's arguments in its image run the client.
      ["name: b\nimage: moby/buildkit\nargs: [build, --output, \"type=image,name=repo/app,push=true\"]", ["other docker.io: repo/app"]],
      ['name: b\nimage: docker:27\ncommand: [sh, -c, "docker build -t repo/app . && docker push repo/app:1"]', ["other docker.io: repo/app:1"]],
      ['name: b\nimage: docker:27\ncommand: [sh, -c, "docker buildx build --push -t ghcr.io/org/app:1 --tag ghcr.io/org/app:latest ."]', ["other ghcr.io: ghcr.io/org/app:1", "other ghcr.io: ghcr.io/org/app:latest"]],
      ["name: b\nimage: docker:27\nargs: [image, push, registry.ci.svc.cluster.local:5000/app]", ["other registry.ci.svc.cluster.local:5000: registry.ci.svc.cluster.local:5000/app"]],
      ['name: b\nimage: quay.io/buildah/stable\ncommand: [sh, -c, "buildah --storage-driver=vfs push --digestfile /tmp/d app docker://gcr.io/p/app"]', ["other gcr.io: docker://gcr.io/p/app"]],
      ['name: b\nimage: quay.io/buildah/stable\ncommand: [sh, -c, "buildah manifest push --all app-list docker://111122223333.dkr.ecr.us-east-1.amazonaws.com.cn/app"]', ["ecr 111122223333.dkr.ecr.us-east-1.amazonaws.com.cn: docker://111122223333.dkr.ecr.us-east-1.amazonaws.com.cn/app"]],
      ["name: b\nimage: alpine\ncommand: [podman, push, quay.io/org/app]", ["other quay.io: quay.io/org/app"]],
      ['name: b\nimage: quay.io/skopeo/stable\ncommand: [sh, -c, "skopeo copy docker://a/b docker://public.ecr.aws/org/app"]', ["ecr public.ecr.aws: docker://public.ecr.aws/org/app"]],
      ['name: b\nimage: gcr.io/go-containerregistry/crane:debug\nargs: [copy, alpine:3, "111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com/alpine:3"]', ["ecr 111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com: 111122223333.dkr.ecr-fips.us-gov-west-1.amazonaws.com/alpine:3"]],
      ['name: b\nimage: alpine\ncommand: [sh, -c, "oras push ghcr.io/org/artifact:1 file.txt && helm push chart.tgz oci://111122223333.dkr.ecr.eu-west-1.amazonaws.com/charts"]', ["other ghcr.io: ghcr.io/org/artifact:1", "ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: oci://111122223333.dkr.ecr.eu-west-1.amazonaws.com/charts"]],
      ['name: b\nimage: golang\nenv: [{ name: KO_DOCKER_REPO, value: 111122223333.dkr-ecr.eu-west-1.on.aws/app }]\ncommand: [sh, -c, "ko build ./cmd/app"]', ["ecr 111122223333.dkr-ecr.eu-west-1.on.aws: 111122223333.dkr-ecr.eu-west-1.on.aws/app"]],
      ['name: b\nimage: maven\ncommand: [sh, -c, "mvn -B compile jib:build -Dimage=111122223333.dkr.ecr.eu-west-1.amazonaws.com/app"]', ["ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app"]],
      ["name: b\nimage: gradle\ncommand: [gradle, jib]", ["unknown: the image is set in the build file (pom.xml or build.gradle)"]],
      ["name: b\nimage: paketobuildpacks/builder\ncommand: [/cnb/lifecycle/creator, -app=/workspace, quay.io/org/app]", ["other quay.io: quay.io/org/app"]],
      ['name: b\nimage: amazon/aws-cli\ncommand: [sh, -c, "aws ecr put-image --repository-name app --image-tag 1 --image-manifest file://m.json"]', ["ecr ECR: ecr put-image"]],
    ];
    for (const [container, destinations] of cases) expect({ container, destinations: destinationsOf(container) }).toEqual({ container, destinations });
    // Commands that do not push: ko --local, an AWS CLI argument that is one word with spaces, skopeo to a local directory.
    for (const container of [
      'name: b\nimage: golang\ncommand: ["sh", "-c", "ko build --local ./cmd/app"]',
      'name: b\nimage: amazon/aws-cli\nargs: ["ecr batch-delete-image --repository-name app", "x"]\ncommand: ["aws"]',
      'name: b\nimage: quay.io/skopeo/stable\ncommand: ["sh", "-c", "skopeo copy docker://a/b oci:/tmp/b"]',
      'name: b\nimage: alpine\ncommand: ["sh", "-c", "docker pull a; git push origin main"]',
    ]) {
      expect({ container, evidence: evidenceOf(container) }).toEqual({ container, evidence: [] });
    }
  });

  it("quotes the push in the evidence: the flag, or the command as written", () => {
    expect(evidenceOf(`name: b\nimage: docker:27\ncommand: [sh, -c, "docker build -t repo/app . && docker push repo/app"]`)).toEqual(["command docker push repo/app"]);
    expect(evidenceOf(`name: b\nimage: quay.io/containers/buildah-ish\nargs: ["-c", "buildah --storage-driver vfs push repo/app"]`)).toEqual(["argument buildah --storage-driver vfs push repo/app"]);
    expect(evidenceOf(`name: b\nimage: alpine\ncommand: ["podman", "push", "repo/app"]`)).toEqual(["command podman push repo/app"]);
    expect(evidenceOf(`name: b\nimage: moby/buildkit\ncommand: [buildctl]\nargs: [build, "--output=type=image,name=r/a,push=true"]`)).toEqual(["image moby/buildkit", "argument --output=type=image,name=r/a,push=true"]);
  });

  it("classifies registries: ECR (also from placeholders in its host), other registries, and what cannot be known", () => {
    const kaniko = (destination: string) => destinationsOf(`name: b\nimage: gcr.io/kaniko-project/executor\nargs: ["--destination=${destination}"]`);
    expect(kaniko("111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1")).toEqual(["ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1"]);
    expect(kaniko("${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app")).toEqual(["ecr ${account}.dkr.ecr.${region}.amazonaws.com: ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app"]);
    expect(kaniko("public.ecr.aws/org/app")).toEqual(["ecr public.ecr.aws: public.ecr.aws/org/app"]);
    expect(kaniko("app:1")).toEqual(["other docker.io: app:1"]);
    expect(kaniko("index.docker.io/org/app")).toEqual(["other docker.io: index.docker.io/org/app"]);
    expect(kaniko("gcr.io/project/app")).toEqual(["other gcr.io: gcr.io/project/app"]);
    expect(kaniko("localhost:5000/app")).toEqual(["other localhost:5000: localhost:5000/app"]);
    expect(kaniko("docker.io/{{inputs.parameters.image}}")).toEqual(["other docker.io: docker.io/{{inputs.parameters.image}}"]);
    expect(kaniko("$(REGISTRY)/app")).toEqual(["unknown $(REGISTRY)/app: variable REGISTRY has no value written in the pod spec"]);
    expect(kaniko("<user-name>/<repo>")).toEqual(["unknown <user-name>/<repo>: <user-name> is a placeholder to fill in"]);
    expect(kaniko("{{.Image}}")).toEqual(["unknown {{.Image}}: {{.Image}} is only known when it is rendered or run"]);
  });

  it("substitutes the container's environment (Kubernetes $(VAR), shell ${VAR} and $VAR) and a script's assignments", () => {
    expect(destinationsOf('name: b\nimage: gcr.io/kaniko-project/executor\nenv: [{ name: REGISTRY, value: 111122223333.dkr.ecr.eu-west-1.amazonaws.com }]\nargs: ["--destination=$(REGISTRY)/app"]')).toEqual([
      "ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app",
    ]);
    const script = `name: b
image: docker:27
env:
  - { name: TAG, value: "1.0" }
  - { name: SECRET_REGISTRY, valueFrom: { secretKeyRef: { name: s, key: k } } }
command: [sh, -c]
args:
  - |
    REPO=quay.io/org/app
    export OTHER="\${SECRET_REGISTRY}/app"
    docker push "$REPO:\${TAG}"
    docker push $OTHER`;
    expect(destinationsOf(script)).toEqual(["other quay.io: quay.io/org/app:1.0", "unknown ${SECRET_REGISTRY}/app: variable SECRET_REGISTRY has no value written in the pod spec"]);
    const w = workloadOf(script);
    expect(w.destinations.map((d) => [d.written, at(d.range)])).toEqual([
      ["$REPO:${TAG}", "17:11"],
      ["$OTHER", "18:11"],
    ]);
  });

  it("places each push of a script at its line, continuation lines joined", () => {
    const facts = extract(`apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: b
      image: quay.io/buildah/stable
      command: [sh, -c]
      args:
        - |
          set -e
          buildah bud -t app .
          buildah push \\
            --tls-verify=false \\
            app docker://localhost:5000/app
          buildah push app docker://quay.io/org/app
`);
    const w = onlyWorkload(facts);
    expect(w.pushEvidence.map((e) => `${e.text} @${at(e.range)}`)).toEqual([
      "image quay.io/buildah/stable @7:14",
      "argument buildah push --tls-verify=false app docker://localhost:5000/app @13:11",
      "argument buildah push app docker://quay.io/org/app @16:11",
    ]);
    expect(w.destinations.map((d) => `${where(d)} @${at(d.range)}`)).toEqual(["other localhost:5000: docker://localhost:5000/app @13:11", "other quay.io: docker://quay.io/org/app @16:11"]);
  });

  it("takes the pullguard annotation on the object or the pod template, with the first container as the builder and the destination unknown", () => {
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
    expect(onlyWorkload(facts).destinations.map(where)).toEqual(["unknown: the pullguard.dev/pushes-images annotation says it pushes, and no push in the pod spec names a destination"]);
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

  it("keeps a Jenkins agent's idle kaniko container a push workload whose destination the pipeline decides", () => {
    expect(destinationsOf("name: kaniko\nimage: gcr.io/kaniko-project/executor:debug\ncommand: [/busybox/cat]\ntty: true")).toEqual([
      "unknown: the container idles for a pipeline, which runs the executor in it with the destination it chooses",
    ]);
    expect(evidenceOf("name: kaniko\nimage: gcr.io/kaniko-project/executor:debug\ncommand: [/busybox/sh, -c, 'echo ready']")).toEqual([]);
  });
});

describe("registry credentials of the pod's own", () => {
  const credentialsOf = (text: string) => onlyWorkload(extract(text)).destinations.map((d) => d.credentials.map((c) => `${c.kind}: ${c.text} @${at(c.range)}`));

  it("reads a docker config secret mounted where the tool reads it, not a ConfigMap, and AWS credentials from secrets or the environment", () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: kaniko
      image: gcr.io/kaniko-project/executor
      args: [--destination=111122223333.dkr.ecr.eu-west-1.amazonaws.com/app]
      env:
        - { name: AWS_ACCESS_KEY_ID, valueFrom: { secretKeyRef: { name: aws, key: id } } }
        - { name: AWS_SECRET_ACCESS_KEY, valueFrom: { secretKeyRef: { name: aws, key: secret } } }
      volumeMounts:
        - { name: docker, mountPath: /kaniko/.docker }
        - { name: helper, mountPath: /root/.docker }
        - { name: projected, mountPath: /auth }
        - { name: aws, mountPath: /root/.aws }
  volumes:
    - name: docker
      secret: { secretName: regcred, items: [{ key: .dockerconfigjson, path: config.json }] }
    - name: helper
      configMap: { name: ecr-login-helper }
    - name: projected
      projected: { sources: [{ secret: { name: registry, items: [{ key: .dockerconfigjson, path: config.json }] } }] }
    - name: aws
      secret: { secretName: aws-credentials }
`;
    expect(credentialsOf(text)).toEqual([
      [
        "docker-config: secret regcred at /kaniko/.docker @13:38",
        "docker-config: secret registry at /auth @15:41",
        "aws: secret aws-credentials at /root/.aws @16:35",
        "aws: environment AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY @10:19",
      ],
    ]);
  });

  it("reads a registry login with a password from outside the pod, for its registry only, but not one the pod mints from its AWS identity", () => {
    const login = (script: string) =>
      credentialsOf(`apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  containers:
    - name: b
      image: quay.io/buildah/stable
      command: [sh, -c]
      args:
        - |
${script
  .split("\n")
  .map((l) => `          ${l}`)
  .join("\n")}
`);
    expect(login('buildah login -u AWS -p "$PASSWORD" 111122223333.dkr.ecr.eu-west-1.amazonaws.com\nbuildah push app docker://111122223333.dkr.ecr.eu-west-1.amazonaws.com/app')).toEqual([
      ["login: argument buildah login 111122223333.dkr.ecr.eu-west-1.amazonaws.com @11:11"],
    ]);
    expect(login("buildah login -u me -p secret quay.io\nbuildah push app docker://111122223333.dkr.ecr.eu-west-1.amazonaws.com/app")).toEqual([[]]);
    expect(login("aws ecr get-login-password | buildah login -u AWS --password-stdin 111122223333.dkr.ecr.eu-west-1.amazonaws.com\nbuildah push app docker://111122223333.dkr.ecr.eu-west-1.amazonaws.com/app")).toEqual([[]]);
    expect(login("buildah push --authfile /auth/auth.json --creds me:secret app docker://quay.io/org/app")).toEqual([
      ["docker-config: argument --authfile /auth/auth.json @11:11", "login: argument --creds (a user and password) @11:11"],
    ]);
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
  it("reads a Task's steps and sidecars as one pod running as default, with parameter defaults in images and destinations", () => {
    const facts = extract(`apiVersion: tekton.dev/v1
kind: Task
metadata:
  name: buildah
  namespace: ci
spec:
  params:
    - name: BUILDER_IMAGE
      default: quay.io/buildah/stable:v1.37
    - name: IMAGE
      default: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app
    - name: MIRROR
  stepTemplate:
    image: alpine
  steps:
    - name: prepare
      script: echo hi
    - name: build
      image: $(params.BUILDER_IMAGE)
      script: |
        buildah bud -t app .
        buildah push app docker://$(params.IMAGE)
        buildah push app docker://$(params.MIRROR)/app
  sidecars:
    - name: registry
      image: registry:2
`);
    expect(only(facts)).toEqual({
      address: "Task/buildah",
      namespace: "ci",
      serviceAccount: undefined,
      evidence: ["image quay.io/buildah/stable:v1.37 @19:14", "script buildah push app docker://$(params.IMAGE) @22:9", "script buildah push app docker://$(params.MIRROR)/app @23:9"],
      builderImage: "quay.io/buildah/stable:v1.37 @19:14",
    });
    const w = onlyWorkload(facts);
    expect(at(w.podSpec)).toBe("7:3");
    expect(w.destinations.map(where)).toEqual([
      "ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: docker://111122223333.dkr.ecr.eu-west-1.amazonaws.com/app",
      "unknown docker://$(params.MIRROR)/app: parameter MIRROR has no default: the run gives it (a TaskRun, or the Pipeline that uses the task)",
    ]);
    expect(w.destinations.map((d) => [d.written, d.parameters])).toEqual([
      ["docker://$(params.IMAGE)", []],
      [undefined, ["params.MIRROR"]],
    ]);
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
    - { name: TARGET, value: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app }
  taskSpec:
    params: [{ name: TOOL }, { name: TARGET }]
    steps:
      - { name: build, image: "$(params.TOOL)", command: [buildctl-daemonless.sh], args: [build, --output, "type=image,name=$(params.TARGET),push=true"] }
`);
    expect(only(facts)).toEqual({
      address: "TaskRun/build-run",
      namespace: "ci",
      serviceAccount: "builder",
      evidence: ["image moby/buildkit:v0.16.0 @12:31", "argument --output type=image,name=$(params.TARGET),push=true @12:98"],
      builderImage: "moby/buildkit:v0.16.0 @12:31",
    });
    expect(onlyWorkload(facts).destinations.map(where)).toEqual(["ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app"]);
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
        steps: [{ name: b, image: gcr.io/kaniko-project/executor }]
`);
    expect(only(facts)).toMatchObject({ address: "Pipeline/p", serviceAccount: undefined, builderImage: "gcr.io/kaniko-project/executor @8:35" });
  });
});

describe("Argo Workflows", () => {
  it("reads each template that runs a container, script or container set, with its own, the templates' default or the workflow's service account", () => {
    const facts = extract(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: build-
  namespace: argo
spec:
  serviceAccountName: workflow
  entrypoint: main
  templates:
    - name: main
      steps: [[{ name: build, template: build }]]
    - name: build
      container:
        image: gcr.io/kaniko-project/executor:v1.23.2
        args: [--destination=111122223333.dkr.ecr.eu-west-1.amazonaws.com/app]
    - name: publish
      serviceAccountName: publisher
      script:
        image: docker:27
        command: [sh]
        source: |
          docker push 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app
      sidecars:
        - { name: dind, image: "docker:27-dind" }
    - name: set
      containerSet:
        containers:
          - { name: a, image: moby/buildkit, command: [buildctl-daemonless.sh], args: [build, -o, "type=registry,name=localhost:5000/app"] }
          - { name: b, image: alpine }
`);
    expect(facts.workloads.map(summary)).toEqual([
      {
        address: "Workflow/build- template build",
        namespace: "argo",
        serviceAccount: "workflow",
        evidence: ["image gcr.io/kaniko-project/executor:v1.23.2 @14:16", "argument --destination=111122223333.dkr.ecr.eu-west-1.amazonaws.com/app @15:16"],
        builderImage: "gcr.io/kaniko-project/executor:v1.23.2 @14:16",
      },
      {
        address: "Workflow/build- template publish",
        namespace: "argo",
        serviceAccount: "publisher",
        evidence: ["script docker push 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app @22:11"],
        builderImage: "docker:27 @19:16",
      },
      {
        address: "Workflow/build- template set",
        namespace: "argo",
        serviceAccount: "workflow",
        evidence: ["image moby/buildkit @28:31", "argument -o type=registry,name=localhost:5000/app @28:95"],
        builderImage: "moby/buildkit @28:31",
      },
    ]);
    expect(facts.workloads.map((w) => w.destinations.map((d) => d.kind))).toEqual([["ecr"], ["ecr"], ["other"]]);
  });

  it("reads a CronWorkflow's workflowSpec, with its arguments", () => {
    const facts = extract(`apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: { name: nightly, namespace: ci }
spec:
  schedule: "0 3 * * *"
  workflowSpec:
    entrypoint: build
    arguments:
      parameters: [{ name: image, value: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/nightly }]
    templates:
      - name: build
        container: { image: "quay.io/buildah/stable", command: [sh, -c, "buildah bud -t app . && buildah push app docker://{{workflow.parameters.image}}"] }
`);
    expect(only(facts)).toMatchObject({ address: "CronWorkflow/nightly", serviceAccount: undefined, builderImage: "quay.io/buildah/stable @12:29" });
    expect(onlyWorkload(facts).destinations.map(where)).toEqual(["ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: docker://111122223333.dkr.ecr.eu-west-1.amazonaws.com/nightly"]);
  });

  it("substitutes parameters: the workflow's arguments (also the entrypoint's inputs), what callers pass, an input's value, its default", () => {
    const facts = extract(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { generateName: build- }
spec:
  entrypoint: main
  arguments:
    parameters:
      - { name: registry, value: 111122223333.dkr.ecr.eu-west-1.amazonaws.com }
      - { name: app, value: web }
  templates:
    - name: main
      inputs:
        parameters: [{ name: app }]
      dag:
        tasks:
          - name: one
            template: kaniko
            arguments:
              parameters: [{ name: image, value: "{{workflow.parameters.registry}}/{{inputs.parameters.app}}" }]
          - name: two
            template: kaniko
            arguments:
              parameters: [{ name: image, value: ghcr.io/org/app }]
          - name: three
            template: kaniko
          - name: four
            template: fixed
            arguments:
              parameters: [{ name: image, value: quay.io/ignored/app }]
    - name: kaniko
      inputs:
        parameters: [{ name: image, default: "docker.io/org/{{tasks.x.outputs.result}}" }, { name: tool, default: gcr.io/kaniko-project/executor:v1.23.2 }]
      container:
        image: "{{inputs.parameters.tool}}"
        args: ["--destination={{inputs.parameters.image}}"]
    - name: fixed
      inputs:
        parameters: [{ name: image, value: public.ecr.aws/org/app }]
      container:
        image: gcr.io/kaniko-project/executor:v1.23.2
        args: ["--destination={{inputs.parameters.image}}"]
    - name: uncalled
      inputs:
        parameters: [{ name: image }]
      container:
        image: gcr.io/kaniko-project/executor:v1.23.2
        args: ["--destination={{inputs.parameters.image}}:{{workflow.parameters.missing}}"]
`);
    expect(facts.workloads.map((w) => [w.address, w.builderImage?.text, w.destinations.map(where)])).toEqual([
      [
        "Workflow/build- template kaniko",
        "gcr.io/kaniko-project/executor:v1.23.2",
        [
          "ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/web",
          "other ghcr.io: ghcr.io/org/app",
          "other docker.io: docker.io/org/{{tasks.x.outputs.result}}",
        ],
      ],
      ["Workflow/build- template fixed", "gcr.io/kaniko-project/executor:v1.23.2", ["ecr public.ecr.aws: public.ecr.aws/org/app"]],
      [
        "Workflow/build- template uncalled",
        "gcr.io/kaniko-project/executor:v1.23.2",
        ["unknown {{inputs.parameters.image}}:{{workflow.parameters.missing}}: input parameter image has no value here: the caller or the Workflow that runs the template gives it"],
      ],
    ]);
    const kaniko = facts.workloads[0] as WorkloadFact;
    expect(kaniko.destinations.map((d) => d.written)).toEqual(["{{inputs.parameters.image}}", "{{inputs.parameters.image}}", "{{inputs.parameters.image}}"]);
    expect((facts.workloads[2] as WorkloadFact).destinations[0]?.parameters).toEqual(["inputs.parameters.image", "workflow.parameters.missing"]);
  });

  it("takes the service account a podSpecPatch sets over the template's and the workflow's", () => {
    const facts = extract(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { generateName: build- }
spec:
  serviceAccountName: workflow
  templateDefaults:
    serviceAccountName: defaults
  templates:
    - name: patched
      serviceAccountName: template
      podSpecPatch: |
        serviceAccountName: patched
      container: { image: gcr.io/kaniko-project/executor, args: [--destination=repo/app] }
    - name: json
      podSpecPatch: '{"serviceAccountName": "{{inputs.parameters.sa}}"}'
      inputs:
        parameters: [{ name: sa, default: json-patched }]
      container: { image: gcr.io/kaniko-project/executor, args: [--destination=repo/app] }
    - name: defaults
      container: { image: gcr.io/kaniko-project/executor, args: [--destination=repo/app] }
`);
    expect(facts.workloads.map((w) => [w.address, w.serviceAccount?.text, at(w.serviceAccount?.range)])).toEqual([
      ["Workflow/build- template patched", "patched", "12:29"],
      ["Workflow/build- template json", "json-patched", "15:46"],
      ["Workflow/build- template defaults", "defaults", "7:25"],
    ]);
  });

  it("reads an inline template of a step", () => {
    const facts = extract(`apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { generateName: build- }
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - name: push
            arguments:
              parameters: [{ name: image, value: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app }]
            inline:
              inputs:
                parameters: [{ name: image }]
              container:
                image: gcr.io/kaniko-project/executor
                args: ["--destination={{inputs.parameters.image}}"]
`);
    expect(facts.workloads.map((w) => [w.address, w.destinations.map(where)])).toEqual([
      ["Workflow/build-", ["ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app"]],
    ]);
  });

  it("makes a WorkflowTemplate reusable, run by workflowTemplateRef and by steps' templateRef as the running workflow's account", () => {
    const facts = extract(`apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: { name: build }
spec:
  templates:
    - name: kaniko
      container: { image: gcr.io/kaniko-project/executor, args: [--destination=repo/app] }
    - name: own
      serviceAccountName: own
      container: { image: gcr.io/kaniko-project/executor, args: [--destination=repo/app] }
---
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { generateName: whole-, namespace: ci }
spec:
  serviceAccountName: runner
  workflowTemplateRef: { name: build }
---
apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: { name: nightly }
spec:
  schedule: "0 3 * * *"
  workflowSpec:
    entrypoint: main
    podSpecPatch: '{"serviceAccountName": "nightly"}'
    templates:
      - name: main
        steps:
          - - name: build
              templateRef: { name: build, template: kaniko }
          - - name: shared
              templateRef: { name: shared, template: push, clusterScope: true }
---
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: { name: chain }
spec:
  templates:
    - name: main
      dag:
        tasks: [{ name: b, templateRef: { name: build, template: kaniko } }]
`);
    expect(facts.workloads.map((w) => [w.address, w.serviceAccount?.text, w.reusable])).toEqual([
      ["WorkflowTemplate/build template kaniko", undefined, "WorkflowTemplate/build"],
      ["WorkflowTemplate/build template own", "own", undefined],
    ]);
    expect(facts.workloadRuns.map((r) => [r.address, r.target, r.serviceAccount?.text, r.through, r.namespace?.text])).toEqual([
      ["Workflow/whole-", "WorkflowTemplate/build", "runner", undefined, "ci"],
      ["CronWorkflow/nightly", "WorkflowTemplate/build", "nightly", undefined, undefined],
      ["CronWorkflow/nightly", "ClusterWorkflowTemplate/shared", "nightly", undefined, undefined],
      ["WorkflowTemplate/chain", "WorkflowTemplate/build", undefined, "WorkflowTemplate/chain", undefined],
    ]);
  });
});

describe("Jenkins pod templates", () => {
  it("reads configuration as code: containers, the template's yaml, secret volumes and its service account", () => {
    const text = `jenkins:
  clouds:
    - kubernetes:
        name: kubernetes
        namespace: ci
        templates:
          - name: kaniko
            serviceAccount: jenkins-agent
            containers:
              - name: kaniko
                image: gcr.io/kaniko-project/executor:debug
                command: /busybox/cat
                ttyEnabled: true
            volumes:
              - secretVolume:
                  secretName: regcred
                  mountPath: /kaniko/.docker
          - name: docker
            yaml: |
              apiVersion: v1
              kind: Pod
              spec:
                serviceAccountName: docker-builder
                containers:
                  - name: docker
                    image: docker:27
                    command: [sh, -c, "docker build -t quay.io/org/app . && docker push quay.io/org/app"]
                  - name: dind
                    image: docker:27-dind
`;
    const facts = extract(text, "casc.yaml");
    expect(facts.workloads.map((w) => [w.address, w.namespace?.text, w.serviceAccount?.text, w.builderImage ? `${w.builderImage.text} @${at(w.builderImage.range)}` : undefined, w.destinations.map(where)])).toEqual([
      ["Jenkins pod template kaniko", "ci", "jenkins-agent", "gcr.io/kaniko-project/executor:debug @11:24", ["unknown: the container idles for a pipeline, which runs the executor in it with the destination it chooses"]],
      ["Jenkins pod template docker", "ci", "docker-builder", "docker:27 @26:28", ["other quay.io: quay.io/org/app"]],
    ]);
    expect(facts.workloads[0]?.destinations[0]?.credentials.map((c) => `${c.kind}: ${c.text} @${at(c.range)}`)).toEqual(["docker-config: secret regcred at /kaniko/.docker @17:30"]);
  });

  it("reads the jenkins chart's values: agent.podTemplates strings, additionalAgents, and configuration scripts", () => {
    const text = `controller:
  JCasC:
    configScripts:
      builders: |
        jenkins:
          clouds:
            - kubernetes:
                templates:
                  - name: from-script
                    containers:
                      - name: kaniko
                        image: gcr.io/kaniko-project/executor:v1.23.2
                        args: --destination=111122223333.dkr.ecr.eu-west-1.amazonaws.com/app
serviceAccountAgent:
  name: jenkins-agent
agent:
  namespace: ci
  podTemplates:
    buildah: |
      - name: buildah
        containers:
          - name: buildah
            image: quay.io/buildah/stable
            command: "sleep infinity"
additionalAgents:
  kaniko:
    podName: kaniko
    image:
      repository: gcr.io/kaniko-project/executor
      tag: debug
    command: /busybox/cat
`;
    const facts = extract(text, "values.yaml");
    expect(facts.workloads.map((w) => [w.address, w.namespace?.text, w.serviceAccount?.text, w.builderImage ? `${w.builderImage.text} @${at(w.builderImage.range)}` : undefined, w.destinations.map((d) => d.kind)])).toEqual([
      ["Jenkins pod template from-script", undefined, undefined, "gcr.io/kaniko-project/executor:v1.23.2 @12:32", ["ecr"]],
      ["Jenkins pod template buildah", "ci", "jenkins-agent", undefined, []],
      ["Jenkins pod template kaniko", "ci", "jenkins-agent", "gcr.io/kaniko-project/executor:debug @29:19", ["unknown"]],
    ]);
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

describe("odd and hostile push specs", () => {
  const run = (doc: unknown) => {
    const text = JSON.stringify(doc);
    const facts = emptyFacts();
    const parsed = parseStructured({ path: "f.json", text });
    for (const d of parsed.documents) if (d.root) extractKubernetes("f.json", d.root, facts, text);
    return facts;
  };

  it("never throws on odd commands, scripts, parameters and Jenkins shapes", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 6 }), fc.jsonValue({ maxDepth: 4 }), (script, args, value) => {
        const container = { name: "c", image: "gcr.io/kaniko-project/executor", command: ["sh", "-c", script], args, env: [{ name: "A", value: script }], volumeMounts: value };
        run({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [container, { image: "docker:27", args }], volumes: value } });
        run({
          apiVersion: "argoproj.io/v1alpha1",
          kind: "Workflow",
          spec: { entrypoint: "t", arguments: { parameters: value }, podSpecPatch: script, templates: [{ name: "t", inputs: { parameters: value }, steps: value, podSpecPatch: script, script: { ...container, source: script } }] },
        });
        run({ jenkins: { clouds: [{ kubernetes: { templates: [{ name: "x", yaml: script, containers: [container], volumes: value }] } }] }, agent: { podTemplates: { a: script } }, additionalAgents: { a: value }, controller: { JCasC: { configScripts: { a: script } } } });
      }),
      { numRuns: 300 },
    );
  });

  it("stays fast on a workflow of many tasks that pass parameters through a chain of templates, and on a cycle", () => {
    const templates: unknown[] = [];
    const depth = 6;
    for (let level = 0; level < depth; level++) {
      const tasks = Array.from({ length: 200 }, (_, i) => ({ name: `t${i}`, template: `level${level + 1}`, arguments: { parameters: [{ name: "image", value: `{{inputs.parameters.image}}-${i % 3}` }] } }));
      templates.push({ name: `level${level}`, inputs: { parameters: [{ name: "image" }] }, dag: { tasks } });
    }
    templates.push({ name: `level${depth}`, inputs: { parameters: [{ name: "image" }] }, container: { image: "gcr.io/kaniko-project/executor", args: ["--destination={{inputs.parameters.image}}"] } });
    // level0 is also called by the last level's sibling: a cycle.
    templates.push({ name: "loop", inputs: { parameters: [{ name: "image" }] }, dag: { tasks: [{ name: "back", template: "level0", arguments: { parameters: [{ name: "image", value: "{{inputs.parameters.image}}" }] } }] } });
    const started = performance.now();
    const facts = run({ apiVersion: "argoproj.io/v1alpha1", kind: "Workflow", metadata: { name: "w" }, spec: { entrypoint: "level0", arguments: { parameters: [{ name: "image", value: "quay.io/org/app" }] }, templates } });
    expect(performance.now() - started).toBeLessThan(2000);
    const destinations = facts.workloads.flatMap((w) => w.destinations);
    expect(destinations.length).toBeGreaterThan(0);
    expect(destinations.length).toBeLessThanOrEqual(8);
  });
});

interface ManifestEntry {
  format: string;
  corpus_path: string;
  expected: { kind: string; resource: string | null; line: number | null; optional?: boolean }[];
}

const manifest = join(CORPUS, "MANIFEST.json");

// The labelled corpus lives outside the project (../shared/corpus); a fresh clone has none, and then this is skipped.
describe.skipIf(!existsSync(manifest))("Kubernetes entries of the real-world corpus", () => {
  const entries = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")) as ManifestEntry[]).filter((e) => e.format.startsWith("kubernetes")) : [];
  const factsOf = (e: ManifestEntry) => extract(readFileSync(join(CORPUS, e.corpus_path), "utf8"), e.corpus_path);

  it("has Kubernetes entries", () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  // Optional labels (a build that only pushes if edited, a daemon) may go either way.
  it.each(entries.flatMap((e) => e.expected.filter((x) => x.kind === "push-workload-without-irsa" && !x.optional).map((x) => [`${e.corpus_path} ${x.resource}`, e, x] as const)))(
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

describe("binding a run's values", () => {
  it("fills the parameters a run gives into a reusable spec's destination and classifies it again", () => {
    const facts = extract(`apiVersion: tekton.dev/v1
kind: Task
metadata: { name: kaniko }
spec:
  params: [{ name: IMAGE }]
  steps:
    - name: build
      image: gcr.io/kaniko-project/executor:v1.23.2
      args: ["--destination=$(params.IMAGE)"]
`);
    const [destination] = onlyWorkload(facts).destinations;
    expect(destination && where(destination)).toBe("unknown $(params.IMAGE): parameter IMAGE has no default: the run gives it (a TaskRun, or the Pipeline that uses the task)");
    expect(destination?.parameters).toEqual(["params.IMAGE"]);
    if (!destination) return;
    const local = bindParameters(destination, new Map([["params.IMAGE", "registry:5000/nocode"]]));
    expect([where(local), local.written, local.parameters, local.reason]).toEqual(["other registry:5000: registry:5000/nocode", "$(params.IMAGE)", [], undefined]);
    expect(where(bindParameters(destination, new Map([["params.IMAGE", "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app"]])))).toBe(
      "ecr 111122223333.dkr.ecr.eu-west-1.amazonaws.com: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app",
    );
    expect(bindParameters(destination, new Map([["params.OTHER", "x"]]))).toBe(destination);
  });

  it("takes an unknown image given kaniko's own flags for the executor", () => {
    const facts = extract(pod('name: kaniko\nimage: localhost:5000/executor:latest\nargs: ["--context=dir:///workspace", "--destination={{.KanikoImage}}"]'));
    expect(onlyWorkload(facts).destinations.map(where)).toEqual(["unknown {{.KanikoImage}}: {{.KanikoImage}} is only known when it is rendered or run"]);
  });
});

describe("PG201 messages", () => {
  const messages = (fixture: string) => scanFolder(join(FIXTURES, "kubernetes", fixture)).result.findings.filter((f) => f.ruleId === "PG201").map((f) => f.message);

  it("names the ECR destination, as resolved and as written, the evidence and the identity it lacks", () => {
    expect(messages("argo-ecr-default-sa")).toEqual([
      "WorkflowTemplate/api-image pushes images to ECR (444455556666.dkr.ecr.us-east-2.amazonaws.com/shop/api:latest, written {{workflow.parameters.registry}}/shop/api:latest) with image moby/buildkit:v0.16.0-rootless and argument --output=type=image,name={{workflow.parameters.registry}}/shop/api:latest,push=true, but runs as service account ci/default (Workflow/api-image- names none), which has no IAM role (the namespace's default service account, with no role in the scanned files): it pushes with the node role's credentials. Give it a service account with its own role through IRSA or EKS Pod Identity, scoped to the repositories it pushes to.",
      "Workflow/release- pushes images to ECR (444455556666.dkr.ecr.us-east-2.amazonaws.com/shop/frontend:1.4.0, written {{inputs.parameters.image}}) with image gcr.io/kaniko-project/executor:v1.23.2 and argument --destination={{inputs.parameters.image}}, but runs as service account ci/default, which has no IAM role (the namespace's default service account, with no role in the scanned files): it pushes with the node role's credentials. Give it a service account with its own role through IRSA or EKS Pod Identity, scoped to the repositories it pushes to.",
    ]);
    expect(messages("argo-kaniko-ecr-parameter-default")).toEqual([
      "WorkflowTemplate/kaniko-build pushes images to ECR (777788889999.dkr.ecr.cn-north-1.amazonaws.com.cn/platform/gateway:latest, written {{inputs.parameters.destination}}) with image gcr.io/kaniko-project/executor:v1.23.2-debug and script --destination={{inputs.parameters.destination}}, but runs as service account ci/ci-builder, which has no eks.amazonaws.com/role-arn annotation and no Pod Identity association: it pushes with the node role's credentials. Give it a service account with its own role through IRSA or EKS Pod Identity, scoped to the repositories it pushes to.",
    ]);
    expect(messages("push-ecr-own-aws-credentials")).toEqual([
      "Pod/kaniko-public pushes images to ECR (ECR Public public.ecr.aws/example/app:latest) with image gcr.io/kaniko-project/executor:v1.23.2 and argument --destination=public.ecr.aws/example/app:latest, but runs as service account ci/default, which has no IAM role (the namespace's default service account, with no role in the scanned files): it pushes with the node role's credentials. Give it a service account with its own role through IRSA or EKS Pod Identity, scoped to the repositories it pushes to.",
    ]);
    expect(messages("jenkins-casc-kaniko-ecr")).toEqual([
      "Jenkins pod template kaniko pushes images to ECR (222233334444.dkr.ecr.ap-southeast-2.amazonaws.com/web:latest) with image gcr.io/kaniko-project/executor:v1.23.2-debug and argument --destination=222233334444.dkr.ecr.ap-southeast-2.amazonaws.com/web:latest, but runs as service account jenkins-agents/default, which has no IAM role (the namespace's default service account, with no role in the scanned files): it pushes with the node role's credentials. Give it a service account with its own role through IRSA or EKS Pod Identity, scoped to the repositories it pushes to.",
    ]);
  });

  it("says when the destination cannot be known, and why", () => {
    expect(messages("push-unknown-destination")).toEqual([
      "Job/build-worker pushes images with image gcr.io/kaniko-project/executor:v1.23.2 and argument --destination=$(IMAGE) to a destination that cannot be known from the scanned files ($(IMAGE): variable IMAGE has no value written in the pod spec), and runs as service account ci/default, which has no IAM role (the namespace's default service account, with no role in the scanned files): a push to ECR would use the node role's credentials. If it pushes to ECR, give it a service account with its own role through IRSA or EKS Pod Identity; if it pushes to another registry, write that registry in the destination (or its parameter's default) so that it can be checked.",
    ]);
  });

  it("reports a workload whose service account has a role only in another cluster, and says so", () => {
    const job = (cluster: string) => `apiVersion: batch/v1
kind: Job
metadata: { name: build-app, namespace: ci }
spec:
  template:
    spec:
      serviceAccountName: kaniko
      containers:
        - { name: kaniko, image: "gcr.io/kaniko-project/executor:v1.23.2", args: ["--destination=111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:${cluster}"] }
`;
    const result = scanText({
      "k8s/prod/build.yaml": job("prod"),
      "k8s/staging/build.yaml": job("staging"),
      "identity.tf": `resource "aws_eks_pod_identity_association" "staging" {
  cluster_name    = "staging"
  namespace       = "ci"
  service_account = "kaniko"
  role_arn        = "arn:aws:iam::111122223333:role/staging-builder"
}
resource "aws_eks_pod_identity_association" "prod" {
  cluster_name    = "prod"
  namespace       = "monitoring"
  service_account = "cloudwatch-agent"
  role_arn        = "arn:aws:iam::111122223333:role/prod-metrics"
}
`,
    });
    expect(result.findings.filter((f) => f.ruleId === "PG201").map((f) => [f.location.file, f.message.replace(/^.*, which has (.*?): it pushes.*$/, "$1")])).toEqual([
      ["k8s/prod/build.yaml", "no IAM role in its cluster prod (the service account has one only in cluster staging)"],
    ]);
  });
});
