import { defineRule } from "./define.js";
import { conditionSuffix, listNames } from "./helpers.js";

export default defineRule({
  meta: {
    id: "PG404",
    name: "ecr-repository-public-policy",
    shortDescription: "An ECR repository policy lets anyone in.",
    fullDescription:
      "An ECR repository policy allows Principal \"*\" without a condition, so any AWS account (or anonymous caller, for actions that allow it) can use the repository with the actions the statement lists.",
    defaultLevel: "error",
    securitySeverity: 9.1,
    precision: "very-high",
    tags: ["security", "ecr", "external/cwe/cwe-284"],
    appliesTo: ["cloudformation", "terraform"],
    fixable: false,
    messages: {
      publicPolicy:
        "The policy of repository {{repository}} allows anyone (Principal \"{{principal}}\") to {{actions}} without a condition{{condition}}. Name the accounts or roles that need access, or add a condition such as aws:PrincipalOrgID.",
    },
    help: {
      what: "Reports an `Allow` statement in an ECR repository policy (`AWS::ECR::Repository` `RepositoryPolicyText`, Terraform `aws_ecr_repository_policy`) whose principal is `*` (or `{AWS: \"*\"}`) and that has no `Condition`. The finding points at the principal.",
      why: "A wildcard principal without a condition opens the repository to every AWS account. With push actions anyone can replace images your clusters run; with pull actions anyone can read your images and whatever secrets are baked into them.",
      fix: "List the account IDs or role ARNs that need access as principals, or keep `*` and add a condition that limits it, such as `aws:PrincipalOrgID` for your AWS Organization.",
      references: ["https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html"],
      examples: [
        {
          format: "cloudformation",
          file: "repository.yaml",
          bad: `Resources:
  Images:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryPolicyText:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: ["ecr:BatchGetImage", "ecr:PutImage"]
`,
          good: `Resources:
  Images:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryPolicyText:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: ["ecr:BatchGetImage"]
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-exampleorgid
`,
        },
        {
          format: "terraform",
          file: "repository.tf",
          bad: `resource "aws_ecr_repository" "images" {
  name = "images"
}

resource "aws_ecr_repository_policy" "images" {
  repository = aws_ecr_repository.images.name
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = ["ecr:BatchGetImage", "ecr:PutImage"] }]
  })
}
`,
          good: `resource "aws_ecr_repository" "images" {
  name = "images"
}

resource "aws_ecr_repository_policy" "images" {
  repository = aws_ecr_repository.images.name
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage"]
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-exampleorgid" } }
    }]
  })
}
`,
        },
      ],
    },
  },
  check(model, context) {
    for (const repository of model.linked.facts.ecrRepositories) {
      for (const statement of repository.policy?.statements ?? []) {
        if (statement.effect !== "Allow" || statement.conditions.length > 0) continue;
        const open = (statement.principals ?? []).find((p) => (p.type === "*" || p.type === "AWS") && p.value.text === "*");
        if (!open) continue;
        const actions = (statement.actions ?? []).map((a) => a.text);
        context.report({
          messageId: "publicPolicy",
          data: {
            repository: repository.address,
            principal: open.value.text,
            actions: actions.length ? listNames(actions) : statement.notActions ? "do everything except what NotAction lists" : "act",
            condition: conditionSuffix([...repository.when, ...statement.when]),
          },
          location: open.value.range,
          related: [{ range: repository.range, message: `repository ${repository.address}` }],
          identity: [repository.key, String(statement.sid ?? statement.index)],
          resources: [repository.address],
          when: [...repository.when, ...statement.when],
        });
      }
    }
  },
});
