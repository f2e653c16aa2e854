import { defineRule } from "./define.js";
import { conditionSuffix } from "./helpers.js";
import { settingsOf, settingsRepositories } from "./repository.js";

/** Encryption types that use a KMS key (KMS_DSSE: dual-layer, with KMS keys too). */
const KMS_TYPES = new Set(["KMS", "KMS_DSSE"]);

export default defineRule({
  meta: {
    id: "PG403",
    name: "ecr-repository-not-kms-encrypted",
    shortDescription: "An ECR repository is encrypted with AES256 instead of a KMS key.",
    fullDescription:
      "An ECR repository uses the default AES256 encryption (keys ECR manages) instead of a KMS key, so no key policy limits who can read its images and CloudTrail records no use of the key.",
    defaultLevel: "off",
    securitySeverity: 3.0,
    precision: "very-high",
    tags: ["security", "ecr", "encryption", "governance", "external/cwe/cwe-311"],
    appliesTo: ["cloudformation", "terraform"],
    fixable: false,
    messages: {
      aes256:
        "ECR repository {{repository}} is encrypted with AES256{{how}}{{condition}}: use a KMS key ({{property}}) so that a key policy controls who can read its images and CloudTrail logs each use.",
    },
    help: {
      what: "Reports an ECR repository (`AWS::ECR::Repository`, Terraform `aws_ecr_repository`) whose encryption type is `AES256`, written or by default. `KMS` and `KMS_DSSE` pass. Off by default. The finding points at the encryption type, or at the repository when none is written.",
      why: "With AES256, ECR manages the keys and anyone with ECR read permissions can pull. A KMS key adds a second gate: its key policy decides who can decrypt image layers, the key can be disabled in an incident, and every use is logged in CloudTrail.",
      fix: "Set `EncryptionConfiguration: { EncryptionType: KMS, KmsKey: <key ARN> }` in CloudFormation, or `encryption_configuration { encryption_type = \"KMS\" kms_key = <key ARN> }` in Terraform; without a key, ECR uses the AWS managed key `aws/ecr`. Changing the encryption of an existing repository replaces it (and deletes its images), so copy the images first or apply this to new repositories.",
      limitations: "An encryption type pullguard cannot resolve (a variable without a value, a parameter without a default) is not reported.",
      references: ["https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html"],
      examples: [
        {
          format: "cloudformation",
          file: "repository.yaml",
          bad: `Resources:
  Images:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: images
      ImageTagMutability: IMMUTABLE
`,
          good: `Resources:
  Images:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: images
      ImageTagMutability: IMMUTABLE
      EncryptionConfiguration:
        EncryptionType: KMS
        KmsKey: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
`,
        },
        {
          format: "terraform",
          file: "repository.tf",
          bad: `resource "aws_ecr_repository" "images" {
  name                 = "images"
  image_tag_mutability = "IMMUTABLE"

  encryption_configuration {
    encryption_type = "AES256"
  }
}
`,
          good: `resource "aws_ecr_repository" "images" {
  name                 = "images"
  image_tag_mutability = "IMMUTABLE"

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}
`,
        },
      ],
    },
  },
  check(model, context) {
    for (const repository of settingsRepositories(model)) {
      for (const setting of settingsOf(repository, repository.encryptionType, "AES256")) {
        if (KMS_TYPES.has(setting.value)) continue;
        const terraform = repository.format === "terraform";
        context.report({
          messageId: "aes256",
          data: {
            repository: repository.address,
            how: setting.written ? "" : " (the default when no encryption type is written)",
            condition: conditionSuffix(setting.when),
            property: terraform ? 'encryption_configuration { encryption_type = "KMS" }' : "EncryptionConfiguration.EncryptionType: KMS",
          },
          location: setting.range,
          related: setting.written ? [{ range: repository.range, message: `repository ${repository.address}` }] : [],
          identity: [repository.key, setting.value],
          resources: [repository.address],
          when: setting.when,
        });
      }
    }
  },
});
