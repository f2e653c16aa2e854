import { nodeCredentialPushes, type PushDestination } from "../src/model/facts.js";
import type { WorkloadIdentity } from "../src/model/linked.js";
import { sameRange, type Range } from "../src/model/source.js";
import { defineRule } from "./define.js";
import { buildJob } from "./examples.js";
import { joinAnd } from "./helpers.js";

/** A Kaniko Job whose pods run as `serviceAccount` (none: the namespace's `default`). */
const kanikoJob = (serviceAccount?: string) =>
  buildJob(
    `        - name: kaniko
          image: gcr.io/kaniko-project/executor:v1.23.2
          args:
            - --context=git://github.com/example/app.git
            - --destination=111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:latest
`,
    serviceAccount,
  );

const KANIKO_ACCOUNT = `---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: kaniko
  namespace: ci
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/ci-kaniko
`;

/** An Argo workflow whose kaniko template pushes to the ECR repository its parameter's default names. */
const argoWorkflow = (serviceAccount?: string) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: build-
  namespace: ci
spec:
  entrypoint: build
${serviceAccount ? `  serviceAccountName: ${serviceAccount}\n` : ""}  arguments:
    parameters:
      - name: image
        value: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:latest
  templates:
    - name: build
      inputs:
        parameters:
          - name: image
      container:
        image: gcr.io/kaniko-project/executor:v1.23.2
        args:
          - --context=git://github.com/example/app.git
          - --destination={{inputs.parameters.image}}
`;

export default defineRule({
  meta: {
    id: "PG201",
    name: "push-workload-without-irsa",
    shortDescription: "A workload that pushes images has no IAM role of its own.",
    fullDescription:
      "A pod that builds and pushes images to ECR (Kaniko, BuildKit, Buildah, Docker, a CI agent), or to a registry that cannot be known from the scan, runs as a service account with no IRSA role and no EKS Pod Identity association, so it can only push with the node role's credentials: either the node role holds ECR write, which every pod on the node then shares, or the push fails.",
    defaultLevel: "error",
    securitySeverity: 8.1,
    precision: "high",
    tags: ["security", "eks", "ecr", "irsa", "supply-chain"],
    appliesTo: ["kubernetes"],
    fixable: false,
    messages: {
      noIdentity:
        "{{workload}} pushes images to ECR ({{destination}}) with {{evidence}}, but runs as service account {{serviceAccount}}, which has {{missing}}: it pushes with the node role's credentials. Give it a service account with its own role through IRSA or EKS Pod Identity, scoped to the repositories it pushes to.",
      unknownDestination:
        "{{workload}} pushes images with {{evidence}} to a destination that cannot be known from the scanned files ({{destination}}), and runs as service account {{serviceAccount}}, which has {{missing}}: a push to ECR would use the node role's credentials. If it pushes to ECR, give it a service account with its own role through IRSA or EKS Pod Identity; if it pushes to another registry, write that registry in the destination (or its parameter's default) so that it can be checked.",
    },
    help: {
      what: "Joins each pod spec (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Tekton tasks, Argo Workflows templates, Jenkins Kubernetes-plugin pod templates written as YAML) that builds and pushes images to the identity its pods get. A push workload runs a tool that pushes and a push: the Kaniko executor (which pushes every `--destination` unless `--no-push`, and its `--cache-repo` when caching), `buildctl` with an `--output` that has `push=true` or `type=registry`, `docker build --push` and `docker buildx`, `docker`/`buildah`/`podman`/`nerdctl`/`img push`, `crane`, `skopeo copy` to `docker://`, `oras push`, `helm push`, `ko build`, Jib, the buildpacks lifecycle, `aws ecr put-image`; or the annotation `pullguard.dev/pushes-images: \"true\"`. A BuildKit or Docker-in-Docker daemon alone, a container that only runs containers, `buildah manifest create` without a push: not push workloads. The destination decides: an ECR registry (`<account>.dkr.ecr.<region>.amazonaws.com`, `.amazonaws.com.cn`, ECR Public `public.ecr.aws`), written or from a parameter's default (Argo inputs, workflow arguments and what the callers pass; Tekton params; the container's environment), is reported; one that cannot be known is reported and the message says why; a push to another registry (Docker Hub, Quay, GHCR, `localhost:5000`, an in-cluster registry) is not, since AWS credentials never authenticate to it. The identity is the service account the spec names (or `default`), found as a Kubernetes `ServiceAccount` with an `eks.amazonaws.com/role-arn` annotation, a Terraform `kubernetes_service_account`, or an eksctl `iam.serviceAccounts` entry, or an EKS Pod Identity association (eksctl, Terraform `aws_eks_pod_identity_association`, CloudFormation `AWS::EKS::PodIdentityAssociation`) of the workload's cluster. The message names the evidence and the destination; the finding points at the builder container's `image:`.\n\nA workload whose named service account is in none of the scanned files is not reported here: the account may be created elsewhere with a role, and `unresolved-reference` (PG901) says it was not checked.",
      why: "Without a role of its own, a build pod falls back to the node's instance profile. Teams then add ECR write to the node role so the build works, and every pod on those nodes, including anything compromised, can push or delete images. The EKS best practices ask for IRSA or Pod Identity for any workload that needs AWS access. ECR Public is no different: the ECR credential helper gets its token with the pod's AWS identity.",
      fix: "Create a service account for the builder, give it a role through IRSA (`eks.amazonaws.com/role-arn`) or an EKS Pod Identity association, allow that role to push only to the repositories the build produces, and set `serviceAccountName` in the pod spec (for Argo, in the workflow or the template; for Tekton, in the run). Then remove ECR write from the node role.",
      limitations:
        "A pod that brings AWS credentials of its own (a secret at `~/.aws`, access keys in its environment) or logs in to the registry with a password from outside the pod does not push with the node's credentials and is not reported; a docker config secret alone (`/kaniko/.docker`, `--authfile`) does not count for ECR, since it may hand ECR to the ECR credential helper, which uses the pod's AWS identity. A parameter that a run gives (a TaskRun's params, the arguments of a Workflow that runs a WorkflowTemplate, a Jenkinsfile's steps) leaves the destination unknown. A WorkflowTemplate that names its own service account is taken to run as it, also when another workflow calls one of its templates by `templateRef`.",
      references: ["https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html", "https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html"],
      examples: [
        {
          format: "kubernetes",
          file: "build.yaml",
          bad: kanikoJob(),
          good: kanikoJob("kaniko") + KANIKO_ACCOUNT,
        },
        {
          format: "kubernetes",
          file: "workflow.yaml",
          bad: argoWorkflow(),
          good: argoWorkflow("kaniko") + KANIKO_ACCOUNT,
        },
      ],
    },
  },
  check(model, context) {
    for (const joined of model.linked.workloads) {
      const { workload } = joined;
      const image = workload.builderImage;
      if (!image || workload.pushEvidence.length === 0) continue;
      const written = joined.destinations.length > 0 ? joined.destinations : [notWritten(image.range)];
      const pushes = nodeCredentialPushes(written);
      if (pushes.length === 0) continue;
      if (joined.associations.length > 0 || joined.accounts.some((a) => a.role !== undefined)) continue;
      const elsewhere = joined.otherClusters ?? joined.undecidedClusters;
      // A named account that no scanned file creates may have a role elsewhere: PG901 says so.
      if (joined.accounts.length === 0 && joined.serviceAccount !== "default" && !elsewhere) continue;
      const ecr = pushes.filter((d) => d.kind === "ecr");
      context.report({
        messageId: ecr.length > 0 ? "noIdentity" : "unknownDestination",
        data: {
          workload: workload.address,
          evidence: joinAnd([...new Set(workload.pushEvidence.map((e) => e.text))].slice(0, 2)),
          destination: [...new Set((ecr.length > 0 ? ecr : pushes).map(describe))].slice(0, 2).join("; "),
          serviceAccount: namespaced(joined),
          missing: missing(joined),
        },
        location: image.range,
        related: [
          ...pushes.map((d) => ({ range: d.range, message: `destination: ${describe(d)}` })),
          ...workload.pushEvidence.filter((e) => !sameRange(e.range, image.range)).map((e) => ({ range: e.range, message: `push evidence: ${e.text}` })),
          ...joined.accounts.map((a) => ({ range: a.range, message: `service account ${a.address}` })),
          ...(joined.run ? [{ range: joined.run.range, message: `${joined.run.address} runs it` }] : []),
        ],
        identity: [workload.key, joined.serviceAccount, joined.run?.key ?? ""],
        resources: [workload.address],
      });
    }
  },
});

function notWritten(range: Range): PushDestination {
  return { text: "", written: undefined, range, kind: "unknown", registry: undefined, reason: "no destination is written", parameters: [], credentials: [] };
}

/** A destination for the message: the reference (and what it was written as), or why it is not known. */
function describe(d: PushDestination): string {
  if (d.kind === "unknown") return d.text ? `${d.text}: ${d.reason ?? "its registry is not known"}` : (d.reason ?? "it is not written");
  const prefix = d.registry === "public.ecr.aws" ? "ECR Public " : "";
  return `${prefix}${d.text}${d.written ? `, written ${d.written}` : ""}`;
}

function missing(joined: WorkloadIdentity): string {
  const clusters = (list: string[]) => `${list.length > 1 ? "clusters" : "cluster"} ${joinAnd(list)}`;
  if (joined.otherClusters) {
    return `no IAM role in ${joined.cluster ? `its cluster ${joined.cluster}` : "its own cluster"} (the service account has one only in ${clusters(joined.otherClusters)})`;
  }
  if (joined.undecidedClusters) {
    return `no IAM role that is known to be its cluster's (the service account has identities in ${clusters(joined.undecidedClusters)}, and which cluster the manifest belongs to cannot be told from its folder)`;
  }
  return joined.accounts.length > 0 ? "no eks.amazonaws.com/role-arn annotation and no Pod Identity association" : "no IAM role (the namespace's default service account, with no role in the scanned files)";
}

function namespaced(joined: WorkloadIdentity): string {
  const account = joined.namespace ? `${joined.namespace}/${joined.serviceAccount}` : joined.serviceAccount;
  if (!joined.run) return account;
  return joined.run.serviceAccount ? `${account} (named by ${joined.run.address})` : `${account} (${joined.run.address} names none)`;
}
