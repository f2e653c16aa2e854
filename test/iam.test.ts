import { describe, expect, it } from "vitest";
import { inlinePolicy, managedPolicies, nodeStack } from "../rules/examples.js";
import { matchPattern } from "../src/iam/catalogue.js";
import type { RoleAccess } from "../src/model/access.js";
import { scanText } from "./helpers.js";

/** A node role (used by an EKS managed node group) with the given ManagedPolicyArns, inline statements and extra properties. */
function nodeRole(options: { arns?: string[]; statements?: string; properties?: string; resources?: string }): string {
  const role = (options.arns?.length ? managedPolicies(...options.arns) : "") + (options.statements ? inlinePolicy("inline", options.statements) : "") + (options.properties ?? "");
  return nodeStack({ role, ...(options.resources ? { resources: options.resources } : {}) });
}

function access(template: string): { access: RoleAccess; rules: string[] } {
  const result = scanText({ "t.yaml": template }, { PG105: "warning" });
  expect(result.diagnostics).toEqual([]);
  const role = result.model.linked.nodeRoles[0];
  const a = role ? result.model.access.get(role.role.key) : undefined;
  if (!a) throw new Error("no node role");
  return { access: a, rules: result.findings.map((f) => `${f.ruleId}:${f.messageId}`) };
}

const ecrActions = (a: RoleAccess) => [...new Set(a.grants.filter((g) => g.action.service === "ecr").map((g) => g.action.name))].sort();

describe("action patterns", () => {
  it("match case-insensitively with * and ? against the IAM catalogue", () => {
    expect(matchPattern("ECR:putimage").map((a) => a.name)).toEqual(["ecr:PutImage"]);
    expect(matchPattern("ecr:?etAuthorizationToken").map((a) => a.name)).toEqual(["ecr:GetAuthorizationToken"]);
    expect(matchPattern("ecr:Put*").map((a) => a.name)).toContain("ecr:PutRegistryPolicy");
    expect(matchPattern("ecr:*").length).toBeGreaterThanOrEqual(60);
    expect(matchPattern("s3:*")).toEqual([]);
  });
});

describe("effective access of a node role", () => {
  it.each([
    ["AmazonEC2ContainerRegistryPullOnly", "pull"],
    ["AmazonEC2ContainerRegistryReadOnly", "read"],
    ["AmazonEC2ContainerRegistryPowerUser", "write"],
    ["AmazonEC2ContainerRegistryFullAccess", "admin"],
    ["AmazonEKSWorkerNodePolicy", "none"],
  ])("expands the AWS managed policy %s to ECR tier %s", (name, tier) => {
    expect(access(nodeRole({ arns: [`arn:aws-cn:iam::aws:policy/${name}`] })).access.tier).toBe(tier);
  });

  it("expands PowerUserAccess's NotAction to every ECR action, but not IAM", () => {
    const { access: a, rules } = access(nodeRole({ arns: ["arn:aws:iam::aws:policy/PowerUserAccess"] }));
    expect(a.tier).toBe("admin");
    expect(a.iamAdmin).toBe(false);
    expect(a.grants.some((g) => g.action.name === "ecr:PutImage" && g.broad && g.pattern === undefined)).toBe(true);
    expect(rules).toEqual(["PG103:broad"]);
  });

  it("treats a role that can change IAM permissions as admin", () => {
    const { access: a, rules } = access(nodeRole({ arns: ["arn:aws:iam::aws:policy/IAMFullAccess", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"] }));
    expect(a.iamAdmin).toBe(true);
    expect(rules).toEqual(["PG103:iamAdmin"]);
  });

  it("lets an unconditional Deny with NotAction cut ecr:* back to pulling", () => {
    const { access: a, rules } = access(nodeRole({
      statements: `              - { Effect: Allow, Action: "ecr:*", Resource: "*" }
              - { Effect: Deny, NotAction: [ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer], Resource: "*" }
`,
    }));
    expect(ecrActions(a)).toEqual(["ecr:BatchGetImage", "ecr:GetAuthorizationToken", "ecr:GetDownloadUrlForLayer"]);
    expect(a.cancelled.length).toBeGreaterThan(50);
    expect(rules).toEqual([]);
  });

  it("does not let a conditional Deny, or a Deny on other resources, cancel a grant", () => {
    const conditional = access(nodeRole({
      statements: `              - { Effect: Allow, Action: "ecr:PutImage", Resource: "*" }
              - { Effect: Deny, Action: "ecr:PutImage", Resource: "*", Condition: { Bool: { aws:MultiFactorAuthPresent: "false" } } }
`,
    }));
    expect(ecrActions(conditional.access)).toEqual(["ecr:PutImage"]);
    const elsewhere = access(nodeRole({
      statements: `              - { Effect: Allow, Action: "ecr:PutImage", Resource: "*" }
              - { Effect: Deny, Action: "ecr:PutImage", Resource: "arn:aws:ecr:eu-west-1:111122223333:repository/prod" }
`,
    }));
    expect(ecrActions(elsewhere.access)).toEqual(["ecr:PutImage"]);
    const everywhere = access(nodeRole({
      statements: `              - { Effect: Allow, Action: "ecr:PutImage", Resource: "arn:aws:ecr:eu-west-1:111122223333:repository/prod" }
              - { Effect: Deny, Action: "ecr:Put*", Resource: "*" }
`,
    }));
    expect(ecrActions(everywhere.access)).toEqual([]);
  });

  it("intersects with the permissions boundary", () => {
    const { access: a, rules } = access(nodeRole({
      arns: ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"],
      properties: "      PermissionsBoundary: !Ref Boundary\n",
      resources: `  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: [ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, "ec2:*"], Resource: "*" }
`,
    }));
    expect(a.tier).toBe("pull");
    expect(a.cancelled.some((c) => c.reason.startsWith("outside the permissions boundary"))).toBe(true);
    expect(rules).toEqual([]);
  });

  it("reports a boundary it cannot resolve instead of assuming one", () => {
    const { access: a, rules } = access(nodeRole({
      arns: ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"],
      properties: "      PermissionsBoundary: !ImportValue boundary-arn\n",
    }));
    expect(a.unknowns.map((u) => u.reason)).toEqual(["permissions boundary: imported from another stack (Fn::ImportValue boundary-arn)"]);
    expect(rules).toEqual(["PG901:unresolved"]);
  });

  it("keeps the chain from attachment to action string", () => {
    const { access: a } = access(nodeRole({ statements: `              - Sid: Push\n                Effect: Allow\n                Action: ["ecr:PutImage"]\n                Resource: "*"\n` }));
    const grant = a.grants.find((g) => g.action.name === "ecr:PutImage");
    expect(grant?.source.name).toBe("inline");
    expect(grant?.statement.sid).toBe("Push");
    expect(grant?.pattern?.text).toBe("ecr:PutImage");
    expect(grant?.pattern?.range).toMatchObject({ startLine: 16, startColumn: 26 });
  });
});

describe("conditional inputs", () => {
  it("evaluates a role without a boundary that only one Fn::If branch sets, and says so", () => {
    const { access: a, rules } = access(nodeRole({
      arns: ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"],
      properties: "      PermissionsBoundary: !If [Strict, arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly, !Ref AWS::NoValue]\n",
    }));
    expect(a.tier).toBe("write");
    expect(a.unknowns.map((u) => u.reason)).toEqual(["the permissions boundary applies only when condition Strict is true; the role was evaluated without it"]);
    expect(rules).toEqual(["PG102:managedWrite", "PG901:unresolved"]);
  });

  it("follows both Fn::If branches of a node group's role", () => {
    const result = scanText({
      "t.yaml": `Conditions:
  Big: !Equals [a, b]
Resources:
  SmallRole:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly]
  BigRole:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess]
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      NodeRole: !If [Big, !GetAtt BigRole.Arn, !GetAtt SmallRole.Arn]
`,
    });
    expect(result.model.linked.nodeRoles.map((n) => n.role.address)).toEqual(["BigRole", "SmallRole"]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.startLine}`)).toEqual(["PG102 11"]);
  });
});
