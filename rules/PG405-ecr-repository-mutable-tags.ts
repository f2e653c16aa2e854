import { defineRule } from "./define.js";
import { conditionSuffix } from "./helpers.js";
import { settingsOf, settingsRepositories } from "./repository.js";

/** `MUTABLE` (the default), and `MUTABLE_WITH_EXCLUSION`: mutable except for the tags its filters name. */
const MUTABLE = new Set(["MUTABLE", "MUTABLE_WITH_EXCLUSION"]);

export default defineRule({
  meta: {
    id: "PG405",
    name: "ecr-repository-mutable-tags",
    shortDescription: "An ECR repository lets a push overwrite an existing image tag.",
    fullDescription:
      "An ECR repository has mutable image tags (MUTABLE, the default, or MUTABLE_WITH_EXCLUSION), so anyone who can push can replace the image behind a tag that nodes already pull, without changing any manifest.",
    defaultLevel: "off",
    securitySeverity: 4.0,
    precision: "very-high",
    tags: ["security", "ecr", "supply-chain", "governance", "external/cwe/cwe-494"],
    appliesTo: ["cloudformation", "terraform"],
    fixable: true,
    messages: {
      mutable:
        "Image tags of ECR repository {{repository}} are {{state}}{{condition}}: a push can replace the image behind a tag that nodes already run. Set {{property}} to IMMUTABLE.",
    },
    help: {
      what: "Reports an ECR repository (`AWS::ECR::Repository`, Terraform `aws_ecr_repository`) whose image tag mutability is `MUTABLE`, written or by default, or `MUTABLE_WITH_EXCLUSION`. `IMMUTABLE` and `IMMUTABLE_WITH_EXCLUSION` pass. Off by default. The finding points at the setting, or at the repository when none is written.",
      why: "With mutable tags, one push (from a compromised node role or CI job) silently changes what every `image: app:1.4` in the cluster runs at its next pull. Immutable tags make a published tag mean one image for good, so a poisoned image needs a new tag that shows up in review.",
      fix: "Set `ImageTagMutability: IMMUTABLE` in CloudFormation or `image_tag_mutability = \"IMMUTABLE\"` in Terraform (available as an automatic fix where `MUTABLE` is written). Pipelines that re-push tags such as `latest` need `IMMUTABLE_WITH_EXCLUSION` with an exclusion filter for those tags, or a new tag per build.",
      limitations: "A mutability pullguard cannot resolve (a variable without a value, a parameter without a default) is not reported.",
      references: ["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html"],
      examples: [
        {
          format: "cloudformation",
          file: "repository.yaml",
          bad: `Resources:
  Images:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: images
`,
          good: `Resources:
  Images:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: images
      ImageTagMutability: IMMUTABLE
`,
        },
        {
          format: "terraform",
          file: "repository.tf",
          bad: `resource "aws_ecr_repository" "images" {
  name                 = "images"
  image_tag_mutability = "MUTABLE"
}
`,
          good: `resource "aws_ecr_repository" "images" {
  name                 = "images"
  image_tag_mutability = "IMMUTABLE"
}
`,
        },
      ],
    },
  },
  check(model, context) {
    for (const repository of settingsRepositories(model)) {
      for (const setting of settingsOf(repository, repository.tagMutability, "MUTABLE")) {
        if (!MUTABLE.has(setting.value)) continue;
        const property = repository.format === "terraform" ? "image_tag_mutability" : "ImageTagMutability";
        const state =
          setting.value === "MUTABLE_WITH_EXCLUSION" ? "mutable except those its exclusion filters name (MUTABLE_WITH_EXCLUSION)" : setting.written ? "MUTABLE" : "MUTABLE (the default when nothing is written)";
        context.report({
          messageId: "mutable",
          data: { repository: repository.address, state, condition: conditionSuffix(setting.when), property },
          location: setting.range,
          related: setting.written ? [{ range: repository.range, message: `repository ${repository.address}` }] : [],
          identity: [repository.key, setting.value],
          resources: [repository.address],
          when: setting.when,
          ...(setting.written && setting.value === "MUTABLE"
            ? { fix: { description: "Make image tags immutable", edits: [{ range: setting.range, find: "MUTABLE", replace: "IMMUTABLE" }] } }
            : {}),
        });
      }
    }
  },
});
