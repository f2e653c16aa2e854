import type { WorkloadIdentity } from "../src/model/linked.js";
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

export default defineRule({
  meta: {
    id: "PG201",
    name: "push-workload-without-irsa",
    shortDescription: "A workload that pushes images has no IAM role of its own.",
    fullDescription:
      "A pod that builds and pushes images (Kaniko, BuildKit, Buildah, Docker-in-Docker, a CI agent) runs as a service account with no IRSA role and no EKS Pod Identity association, so it can only push with the node role's credentials: either the node role holds ECR write, which every pod on the node then shares, or the push fails.",
    defaultLevel: "error",
    securitySeverity: 8.1,
    precision: "high",
    tags: ["security", "eks", "ecr", "irsa", "supply-chain"],
    appliesTo: ["kubernetes"],
    fixable: false,
    messages: {
      noIdentity:
        "{{workload}} pushes images ({{evidence}}) but runs as service account {{serviceAccount}}, which has {{missing}}: it pushes with the node role's credentials. Give it a service account with its own role through IRSA or EKS Pod Identity, scoped to the repositories it pushes to.",
    },
    help: {
      what: "Joins each pod spec (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Tekton tasks, Argo workflows) that shows it pushes images to the identity its pods get. Push evidence is a builder image (Kaniko executor, BuildKit, Buildah, Docker-in-Docker, img, ko), a push argument (`--destination`, `--push`, `push=true`), a `docker push` / `buildah push` / `podman push` command, or the annotation `pullguard.dev/pushes-images: \"true\"`; the message quotes it. The identity is the service account the spec names (or `default`), found as a Kubernetes `ServiceAccount` with an `eks.amazonaws.com/role-arn` annotation, a Terraform `kubernetes_service_account`, or an eksctl `iam.serviceAccounts` entry, or an EKS Pod Identity association (eksctl, Terraform `aws_eks_pod_identity_association`, CloudFormation `AWS::EKS::PodIdentityAssociation`) anywhere in the scan. The finding points at the builder container's `image:`.\n\nA workload whose named service account is in none of the scanned files is not reported here: the account may be created elsewhere with a role, and `unresolved-reference` (PG901) says it was not checked.",
      why: "Without a role of its own, a build pod falls back to the node's instance profile. Teams then add ECR write to the node role so the build works, and every pod on those nodes, including anything compromised, can push or delete images. The EKS best practices ask for IRSA or Pod Identity for any workload that needs AWS access.",
      fix: "Create a service account for the builder, give it a role through IRSA (`eks.amazonaws.com/role-arn`) or an EKS Pod Identity association, allow that role to push only to the repositories the build produces, and set `serviceAccountName` in the pod spec. Then remove ECR write from the node role.",
      references: ["https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html", "https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html"],
      examples: [
        {
          format: "kubernetes",
          file: "build.yaml",
          bad: kanikoJob(),
          good: kanikoJob("kaniko") + KANIKO_ACCOUNT,
        },
      ],
    },
  },
  check(model, context) {
    for (const joined of model.linked.workloads) {
      const { workload } = joined;
      const image = workload.builderImage;
      if (!image || workload.pushEvidence.length === 0) continue;
      if (joined.associations.length > 0 || joined.accounts.some((a) => a.role !== undefined)) continue;
      // A named account that no scanned file creates may have a role elsewhere: PG901 says so.
      if (joined.accounts.length === 0 && joined.serviceAccount !== "default") continue;
      context.report({
        messageId: "noIdentity",
        data: {
          workload: workload.address,
          evidence: joinAnd([...new Set(workload.pushEvidence.map((e) => e.text))].slice(0, 2)),
          serviceAccount: namespaced(joined),
          missing: joined.accounts.length > 0 ? "no eks.amazonaws.com/role-arn annotation and no Pod Identity association" : "no IAM role (the namespace's default service account, with no role in the scanned files)",
        },
        location: image.range,
        related: [
          ...workload.pushEvidence.filter((e) => e.range !== image.range).map((e) => ({ range: e.range, message: `push evidence: ${e.text}` })),
          ...joined.accounts.map((a) => ({ range: a.range, message: `service account ${a.address}` })),
          ...(joined.run ? [{ range: joined.run.range, message: `${joined.run.address} runs it` }] : []),
        ],
        identity: [workload.key, joined.serviceAccount, joined.run?.key ?? ""],
        resources: [workload.address],
      });
    }
  },
});

function namespaced(joined: WorkloadIdentity): string {
  const account = joined.namespace ? `${joined.namespace}/${joined.serviceAccount}` : joined.serviceAccount;
  if (!joined.run) return account;
  return joined.run.serviceAccount ? `${account} (named by ${joined.run.address})` : `${account} (${joined.run.address} names none)`;
}
