import { describe, expect, it } from "vitest";
import { inlinePolicy, managedPolicies, nodeStack } from "../rules/examples.js";
import { matchPattern } from "../src/iam/catalogue.js";
import { describeClause } from "../src/iam/conditions.js";
import { and, not, satisfiable, valid } from "../src/iam/resource-sets.js";
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

const REPO = (name: string, region = "eu-west-1") => `arn:aws:ecr:${region}:111122223333:repository/${name}`;

/** A node role with only the given inline statements (YAML flow mappings, one a line). */
function inline(...statements: string[]): { access: RoleAccess; rules: string[]; messages: string[] } {
  const result = scanText({ "t.yaml": nodeRole({ statements: statements.map((s) => `              - ${s}\n`).join("") }) });
  expect(result.diagnostics).toEqual([]);
  const role = result.model.linked.nodeRoles[0];
  const a = role ? result.model.access.get(role.role.key) : undefined;
  if (!a) throw new Error("no node role");
  return { access: a, rules: result.findings.map((f) => `${f.ruleId}:${f.messageId}`), messages: result.findings.map((f) => f.message) };
}

const granted = (a: RoleAccess, action: string) => a.grants.filter((g) => g.action.name === action);

describe("resource patterns as sets", () => {
  const sets = (arns: string[], f: Parameters<typeof satisfiable>[1]) => satisfiable({ arns, star: false, unnamed: false }, f);
  const list = (...patterns: string[]) => ({ list: { patterns, form: "may" as const, star: false, unnamed: false } });
  const TYPE = "arn:*:ecr:*:*:repository/*";

  it("match case-sensitively, * any run and ? one character, each ARN part on its own", () => {
    expect(sets([TYPE], list(REPO("app")))).toBe(true);
    expect(sets([REPO("app")], list(REPO("App")))).toBe(false);
    expect(sets([REPO("app")], list("arn:aws:ecr:*:111122223333:repository/a?p"))).toBe(true);
    expect(sets([REPO("app")], list("arn:aws:ecr:*:111122223333:repository/?"))).toBe(false);
    // A `*` in the region never reaches into the account: `eu-west-1:111122223333` is not one region.
    expect(sets([REPO("app")], list("arn:aws:ecr:*:repository/app"))).toBe(false);
    expect(sets([TYPE], list("arn:aws:s3:::artifacts/*"))).toBe(false);
  });

  it("decide containment soundly: a Deny on repository/? leaves repository/*, one on repository/* covers repository/app", () => {
    expect(sets([TYPE], and(list(REPO("*")), not(list(REPO("?")))))).toBe(true);
    expect(sets([TYPE], and(list(REPO("app")), not(list(REPO("*")))))).toBe(false);
    expect(valid({ arns: [REPO("app")], star: false, unnamed: false }, list(REPO("*")))).toBe(true);
    expect(valid({ arns: [TYPE], star: false, unnamed: false }, list(REPO("*")))).toBe(false);
  });

  it("do not tell partitions apart: a role and what it reaches are in one", () => {
    expect(sets([TYPE], and(list("arn:aws-cn:ecr:*:*:repository/*"), not(list("arn:aws:ecr:*:*:repository/*"))))).toBe(false);
  });
});

describe("grants with resources", () => {
  it("grant nothing in ECR through a statement on another service's resources", () => {
    const { access: a, rules } = inline(`{ Effect: Allow, Action: ecr:PutImage, Resource: "arn:aws:s3:::artifacts/*" }`);
    expect(granted(a, "ecr:PutImage")).toEqual([]);
    expect(a.cancelled.map((c) => [c.kind, c.reason])).toEqual([["resource-type", 'statement 0 of inline policy inline of role NodeRole allows it on arn:aws:s3:::artifacts/*, no repository it acts on']]);
    expect(rules).toContain("PG104:missingPull");
    expect(rules).not.toContain("PG101:write");
  });

  it("reach the repositories a statement names, and say them", () => {
    const { access: a, messages } = inline(`{ Effect: Allow, Action: ecr:PutImage, Resource: "${REPO("app")}" }`);
    expect(granted(a, "ecr:PutImage").map((g) => g.scope)).toEqual([{ everywhere: false, resources: [REPO("app")], only: [], except: [] }]);
    expect(a.reach[0]).toEqual({ tier: "write", everywhere: false, resources: [REPO("app")], except: [], conditional: false });
    expect(messages.find((m) => m.includes("ecr:PutImage"))).toContain(`in inline policy inline of role NodeRole on "${REPO("app")}": any node, or pod on it, can push images in those repositories and overwrite their tags.`);
  });

  it("allow ecr:GetAuthorizationToken, which acts only on *, only through a statement on *", () => {
    const onRepositories = inline(`{ Effect: Allow, Action: [ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer], Resource: "arn:aws:ecr:*:*:repository/*" }`);
    expect(granted(onRepositories.access, "ecr:GetAuthorizationToken")).toEqual([]);
    expect(granted(onRepositories.access, "ecr:BatchGetImage")).toHaveLength(1);
    expect(onRepositories.rules).toEqual(["PG104:tokenNotOnStar"]);
    expect(onRepositories.messages[0]).toContain('ecr:GetAuthorizationToken acts only on "*", and statement 0 of inline policy inline of role NodeRole allows it only on "arn:aws:ecr:*:*:repository/*", so the registry login fails.');
    const onStar = inline(`{ Effect: Allow, Action: ecr:GetAuthorizationToken, Resource: "*" }`, `{ Effect: Allow, Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer], Resource: "arn:aws:ecr:*:*:repository/*" }`);
    expect(onStar.rules).toEqual([]);
  });

  it("read NotResource as everything but its list, * included", () => {
    expect(inline(`{ Effect: Allow, Action: "ecr:*", NotResource: "*" }`).access.grants).toEqual([]);
    const { access: a } = inline(`{ Effect: Allow, Action: ecr:PutImage, NotResource: "${REPO("prod")}" }`);
    expect(granted(a, "ecr:PutImage").map((g) => g.scope)).toEqual([{ everywhere: false, resources: ["*"], only: [], except: [REPO("prod")] }]);
  });
});

describe("Deny statements as set operations", () => {
  const ALLOW_PUSH = `{ Effect: Allow, Action: ecr:PutImage, Resource: "*" }`;

  it("take out what a Deny's Resource covers, and only that", () => {
    const some = inline(ALLOW_PUSH, `{ Effect: Deny, Action: ecr:PutImage, Resource: "${REPO("*")}" }`);
    expect(granted(some.access, "ecr:PutImage").map((g) => g.scope)).toEqual([{ everywhere: false, resources: ["*"], only: [], except: [REPO("*")] }]);
    const all = inline(ALLOW_PUSH, `{ Effect: Deny, Action: ecr:PutImage, Resource: "arn:aws:ecr:*:*:repository/*" }`);
    expect(granted(all.access, "ecr:PutImage")).toEqual([]);
    expect(all.access.cancelled.map((c) => c.reason)).toEqual(['denied by statement 1 of inline policy inline of role NodeRole']);
  });

  it("match ARNs case-sensitively: a Deny on App leaves app", () => {
    const { access: a } = inline(`{ Effect: Allow, Action: ecr:PutImage, Resource: "${REPO("app")}" }`, `{ Effect: Deny, Action: ecr:PutImage, Resource: "${REPO("App")}" }`);
    expect(granted(a, "ecr:PutImage")).toHaveLength(1);
  });

  it("do not let a Deny on repository/? cancel an Allow on repository/*", () => {
    const { access: a } = inline(`{ Effect: Allow, Action: ecr:PutImage, Resource: "${REPO("*")}" }`, `{ Effect: Deny, Action: ecr:PutImage, Resource: "${REPO("?")}" }`);
    expect(granted(a, "ecr:PutImage").map((g) => g.scope.except)).toEqual([[REPO("?")]]);
  });

  it("leave what a Deny's NotResource lists: one repository stays writable", () => {
    const { access: a, rules, messages } = inline(`{ Effect: Allow, Action: ecr:PutImage, Resource: "${REPO("*")}" }`, `{ Effect: Deny, NotAction: "iam:*", NotResource: "${REPO("app")}" }`);
    expect(granted(a, "ecr:PutImage").map((g) => g.scope)).toEqual([{ everywhere: false, resources: [REPO("*")], only: [REPO("app")], except: [] }]);
    expect(rules).toContain("PG101:write");
    expect(messages.find((m) => m.startsWith("Node role NodeRole can ecr:PutImage"))).toContain(`on "${REPO("app")}"`);
  });

  it("deny the token too with a Deny on everything but repositories, and keep it with one on every repository", () => {
    const butRepositories = inline(`{ Effect: Allow, Action: "ecr:*", Resource: "*" }`, `{ Effect: Deny, Action: "ecr:*", NotResource: "arn:aws:ecr:*:*:repository/*" }`);
    expect(granted(butRepositories.access, "ecr:GetAuthorizationToken")).toEqual([]);
    expect(granted(butRepositories.access, "ecr:PutImage")).toHaveLength(1);
    const repositories = inline(`{ Effect: Allow, Action: "ecr:*", Resource: "*" }`, `{ Effect: Deny, Action: "ecr:*", Resource: "arn:aws:ecr:*:*:repository/*" }`);
    expect(repositories.access.grants.map((g) => g.action.name)).toContain("ecr:GetAuthorizationToken");
    expect(granted(repositories.access, "ecr:PutImage")).toEqual([]);
  });
});

describe("permissions boundaries on actions and resources", () => {
  it("leave nothing where the boundary allows other repositories than the policy", () => {
    const { access: a } = access(
      nodeRole({
        statements: `              - { Effect: Allow, Action: ecr:PutImage, Resource: "${REPO("app")}" }\n`,
        properties: "      PermissionsBoundary: !Ref Boundary\n",
        resources: `  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: "ecr:*", Resource: "${REPO("other")}" }
`,
      }),
    );
    expect(a.grants).toEqual([]);
    expect(a.cancelled.map((c) => c.kind)).toEqual(["boundary"]);
  });

  it("narrow a grant to what the boundary allows, and say so", () => {
    const { access: a } = access(
      nodeRole({
        arns: ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"],
        properties: "      PermissionsBoundary: !Ref Boundary\n",
        resources: `  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: "ecr:*", Resource: "${REPO("team-*")}" }
`,
      }),
    );
    expect(granted(a, "ecr:PutImage").map((g) => g.scope)).toEqual([{ everywhere: false, resources: ["*"], only: [REPO("team-*")], except: [] }]);
    expect(granted(a, "ecr:GetAuthorizationToken")).toEqual([]);
  });
});

describe("IAM conditions", () => {
  it("keep a conditional Allow as a possible grant and say under which condition it holds", () => {
    const { access: a, messages } = inline(`{ Effect: Allow, Action: ecr:PutImage, Resource: "*", Condition: { StringEquals: { "aws:SourceVpce": vpce-1234 } } }`);
    expect(granted(a, "ecr:PutImage").map((g) => [g.conditional, g.conditions])).toEqual([[true, [{ text: "aws:SourceVpce is vpce-1234", from: "allow" }]]]);
    expect(a.reach[0]).toMatchObject({ tier: "write", conditional: true });
    expect(messages.find((m) => m.startsWith("Node role NodeRole can ecr:PutImage"))).toContain(", only when aws:SourceVpce is vpce-1234: any node");
  });

  it("do not assume a conditional Deny applies, and say when the grant holds", () => {
    const { access: a, rules } = access(
      nodeRole({
        arns: ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"],
        statements: `              - { Effect: Deny, Action: "ecr:Put*", Resource: "*", Condition: { StringNotEqualsIfExists: { "aws:SourceVpce": vpce-1234 } } }\n`,
      }),
    );
    expect(granted(a, "ecr:PutImage").map((g) => g.conditions)).toEqual([[{ text: "aws:SourceVpce is vpce-1234 (and present)", from: "deny" }]]);
    expect(granted(a, "ecr:InitiateLayerUpload").map((g) => g.conditional)).toEqual([false]);
    expect(rules).toEqual(["PG102:managedWrite"]);
  });

  it.each([
    [{ operator: "StringEquals", key: "aws:SourceVpce", values: ["vpce-1"] }, false, "aws:SourceVpce is vpce-1"],
    [{ operator: "StringNotEquals", key: "aws:SourceVpce", values: ["vpce-1"] }, true, "aws:SourceVpce is vpce-1"],
    [{ operator: "Bool", key: "aws:SecureTransport", values: ["false"] }, true, "aws:SecureTransport is not false"],
    [{ operator: "Null", key: "aws:SourceVpc", values: ["true"] }, false, "aws:SourceVpc is absent"],
    [{ operator: "Null", key: "aws:SourceVpc", values: ["true"] }, true, "aws:SourceVpc is present"],
    [{ operator: "StringNotEqualsIfExists", key: "aws:SourceVpce", values: ["vpce-1"] }, false, "aws:SourceVpce is not vpce-1 or absent"],
    [{ operator: "ForAnyValue:StringLike", key: "aws:TagKeys", values: ["team", "owner"] }, false, "a value of aws:TagKeys matches one of team, owner"],
  ])("say %j (negated: %s) as %s", (clause, negate, text) => {
    const values = clause.values.map((v) => ({ text: v, known: true, range: { file: "t", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 }, when: [] }));
    expect(describeClause({ ...clause, values, range: undefined }, negate)).toBe(text);
  });
});

describe("ECR tiers with the repositories they cover", () => {
  it("write on repository/*sagemaker* for AmazonSageMakerFullAccess, admin on every repository for FullAccess", () => {
    const sagemaker = access(nodeRole({ arns: ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"] })).access;
    expect(sagemaker.reach.find((r) => r.tier === "write")).toMatchObject({ everywhere: false, resources: ["arn:aws:ecr:*:*:repository/*sagemaker*"] });
    const full = access(nodeRole({ arns: ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"] })).access;
    expect(full.reach.find((r) => r.tier === "admin")).toEqual({ tier: "admin", everywhere: true, resources: [], except: [], conditional: false });
  });

  it("say which action reaches which repositories when a Deny cuts into some of a policy's grants only", () => {
    const result = scanText({
      "t.yaml": nodeRole({
        arns: ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"],
        statements: `              - { Effect: Deny, Action: ecr:PutImage, Resource: "${REPO("prod")}" }\n`,
      }),
    });
    expect(result.findings.map((f) => f.message.split(": any node")[0])).toEqual([
      `Node role NodeRole has the AWS managed policy AmazonEC2ContainerRegistryPowerUser, which allows ECR write actions (ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart and ecr:CompleteLayerUpload) (ecr:PutImage on every repository except "${REPO("prod")}")`,
    ]);
  });

  it("say what a NotAction Allow excludes and which ECR writes it still allows", () => {
    const { messages } = inline(`{ Effect: Allow, NotAction: ["ecr:Put*", "ecr:Delete*"], Resource: "arn:aws:ecr:*:*:repository/team-*" }`);
    expect(messages.find((m) => m.includes("NotAction"))).toBe(
      'Node role NodeRole is allowed every action except ecr:Put* and ecr:Delete* (an Allow with NotAction) in inline policy inline of role NodeRole, a grant not limited to ECR: any node, or pod on it, can push, overwrite or delete images on "arn:aws:ecr:*:*:repository/team-*" (ecr:BatchDeleteImage, ecr:SetRepositoryPolicy, ecr:InitiateLayerUpload, ecr:UploadLayerPart and 2 more) and much more. Remove it from the node role.',
    );
  });
});

describe("resources not known before deploy", () => {
  it("read a pseudo parameter as any value where it widens an Allow and as none where it would widen a Deny", () => {
    const allowed = inline(`{ Effect: Allow, Action: ecr:PutImage, Resource: !Sub "arn:\${AWS::Partition}:ecr:\${AWS::Region}:\${AWS::AccountId}:repository/app" }`);
    expect(granted(allowed.access, "ecr:PutImage").map((g) => g.scope.everywhere)).toEqual([false]);
    const denied = inline(`{ Effect: Allow, Action: ecr:PutImage, Resource: "*" }`, `{ Effect: Deny, Action: ecr:PutImage, Resource: !Sub "arn:aws:ecr:\${AWS::Region}:\${AWS::AccountId}:repository/*" }`);
    expect(granted(denied.access, "ecr:PutImage")).toHaveLength(1);
  });

  it("read a reference to a repository of the scan as that repository", () => {
    const { access: a } = access(
      nodeRole({
        statements: `              - { Effect: Allow, Action: ecr:PutImage, Resource: !GetAtt Repo.Arn }\n`,
        resources: "  Repo:\n    Type: AWS::ECR::Repository\n    Properties: { RepositoryName: app }\n",
      }),
    );
    expect(granted(a, "ecr:PutImage").map((g) => g.scope)).toEqual([{ everywhere: false, resources: ["repository app (Repo)"], only: [], except: [] }]);
    const { access: cut } = access(
      nodeRole({
        statements: `              - { Effect: Allow, Action: ecr:PutImage, Resource: !GetAtt Repo.Arn }\n              - { Effect: Deny, Action: ecr:PutImage, Resource: "arn:*:ecr:*:*:repository/app" }\n`,
        resources: "  Repo:\n    Type: AWS::ECR::Repository\n    Properties: { RepositoryName: app }\n",
      }),
    );
    expect(granted(cut, "ecr:PutImage")).toEqual([]);
  });
});
