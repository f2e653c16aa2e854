import { describe, expect, it } from "vitest";
import { extractCloudFormation } from "../src/extract/cloudformation/extract.js";
import { emptyFacts, type Facts, type Text } from "../src/model/facts.js";
import { parseStructured } from "../src/parse/yaml/parse.js";

function extract(yaml: string, path = "t.yaml"): Facts {
  const parsed = parseStructured({ path, text: yaml });
  expect(parsed.diagnostics).toEqual([]);
  const facts = emptyFacts();
  for (const d of parsed.documents) if (d.root) extractCloudFormation(path, d.root, facts);
  return facts;
}

/** A role whose ManagedPolicyArns holds the given YAML items; returns each attachment as text (and its conditions). */
function arns(items: string, extra = ""): string[] {
  const facts = extract(`${extra}
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns:
${items}
  Other:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: { Statement: [] }
`);
  return (facts.roles[0]?.attachments ?? []).map((a) => {
    const p = a.policy;
    const text = p.kind === "arn" || p.kind === "name" ? p.value.text : p.kind === "logical" ? `<${p.target.key}${p.target.attribute ? `.${p.target.attribute}` : ""}>` : `?${p.reason}`;
    const when = a.when.map((w) => `${w.condition}=${w.value}`).join(",");
    return when ? `${text} [${when}]` : text;
  });
}

describe("CloudFormation intrinsic functions", () => {
  it("keeps pseudo parameters as placeholders in Fn::Sub and Fn::Join", () => {
    expect(arns(`        - !Sub arn:\${AWS::Partition}:iam::aws:policy/A
        - !Join ["", ["arn:", !Ref AWS::Partition, ":iam::aws:policy/B"]]
        - Fn::Sub: "arn:\${AWS::Partition}:iam::\${!Literal}:policy/C"`)).toEqual([
      "arn:${AWS::Partition}:iam::aws:policy/A",
      "arn:${AWS::Partition}:iam::aws:policy/B",
      "arn:${AWS::Partition}:iam::${Literal}:policy/C",
    ]);
  });

  it("substitutes Fn::Sub variables, parameter defaults and references", () => {
    expect(arns(`        - !Sub ["arn:aws:iam::aws:policy/\${Name}", { Name: PowerUser }]
        - !Sub arn:aws:iam::aws:policy/\${PolicyName}
        - !Sub arn:aws:iam::aws:policy/\${NoDefault}
        - !Ref Other
        - !GetAtt [Other, PolicyArn]`, `Parameters:
  PolicyName: { Type: String, Default: ReadOnly }
  NoDefault: { Type: String }`)).toEqual([
      "arn:aws:iam::aws:policy/PowerUser",
      "arn:aws:iam::aws:policy/ReadOnly",
      "arn:aws:iam::aws:policy/${NoDefault}",
      "<t.yaml#Other>",
      "<t.yaml#Other.PolicyArn>",
    ]);
  });

  it("yields both branches of Fn::If with their conditions, and drops AWS::NoValue", () => {
    expect(arns(`        - !If [Big, arn:aws:iam::aws:policy/Full, arn:aws:iam::aws:policy/Pull]
        - !If [Extra, arn:aws:iam::aws:policy/X, !Ref AWS::NoValue]
        - !Join ["", [!If [Gov, "arn:aws-us-gov", "arn:aws"], ":iam::aws:policy/Y"]]`)).toEqual([
      "arn:aws:iam::aws:policy/Full [Big=true]",
      "arn:aws:iam::aws:policy/Pull [Big=false]",
      "arn:aws:iam::aws:policy/X [Extra=true]",
      "arn:aws-us-gov:iam::aws:policy/Y [Gov=true]",
      "arn:aws:iam::aws:policy/Y [Gov=false]",
    ]);
  });

  it("resolves Fn::Select over Fn::Split and comma-delimited list parameters", () => {
    expect(arns(`        - !Select [1, !Split [",", "arn:a,arn:aws:iam::aws:policy/Second"]]
        - !Select [0, !Ref Policies]`, `Parameters:
  Policies: { Type: CommaDelimitedList, Default: "arn:aws:iam::aws:policy/First, arn:x" }`)).toEqual([
      "arn:aws:iam::aws:policy/Second",
      "arn:aws:iam::aws:policy/First",
    ]);
  });

  it("turns what only exists at deploy time into an unknown with the reason", () => {
    expect(arns(`        - !ImportValue shared-policy
        - !Transform { Name: AWS::Include, Parameters: { Location: s3://x } }
        - !Ref Missing`)).toEqual([
      "?imported from another stack (Fn::ImportValue shared-policy)",
      "?the output of a Fn::Transform macro is not known before deployment",
      "?Ref Missing names no parameter or resource of this template",
    ]);
  });

  it("selects every entry of a mapping level when Fn::FindInMap's key is only known at deploy time", () => {
    const facts = extract(`Mappings:
  Partitions:
    aws: { EC2: ec2.amazonaws.com }
    aws-cn: { EC2: ec2.amazonaws.com.cn }
Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: [!FindInMap [Partitions, !Ref "AWS::Partition", EC2]] }
            Action: sts:AssumeRole
`);
    const principals = facts.roles[0]?.trust?.statements[0]?.principals?.map((p) => `${p.type}:${p.value.text}`);
    expect(principals).toEqual(["Service:ec2.amazonaws.com", "Service:ec2.amazonaws.com.cn"]);
  });

  it("reads policy documents written as JSON strings, and reports ones that are not JSON", () => {
    const facts = extract(`Resources:
  R:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: a
          PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":["ecr:PutImage"],"Resource":"*"}]}'
        - PolicyName: b
          PolicyDocument: '{"Statement": ['
`);
    const [a, b] = facts.roles[0]?.inlinePolicies ?? [];
    expect(a?.statements[0]?.actions?.map((t: Text) => t.text)).toEqual(["ecr:PutImage"]);
    expect(b?.unknowns.map((u) => u.reason)).toEqual(["inline policy b of role R is a string that is not valid JSON"]);
  });
});
