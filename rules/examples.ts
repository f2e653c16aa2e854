/** Builders for the CloudFormation documentation examples, which share one frame: a node role and the node group using it. */

/** `ManagedPolicyArns` with the given ARNs, indented as a role property. */
export function managedPolicies(...arns: string[]): string {
  return `      ManagedPolicyArns:\n${arns.map((arn) => `        - ${arn}\n`).join("")}`;
}

/** An inline policy (`Policies`) with the given statement lines, indented as a role property. */
export function inlinePolicy(name: string, statements: string): string {
  return `      Policies:\n        - PolicyName: ${name}\n          PolicyDocument:\n            Statement:\n${statements}`;
}

/**
 * A stack with `NodeRole` (trusted by EC2, with `role` as its further properties), any `resources`,
 * and the EKS managed node group `Nodes` running on it (with `nodes` as further properties).
 */
export function nodeStack(parts: { head?: string; role: string; resources?: string; nodes?: string }): string {
  return `${parts.head ?? ""}Resources:
  NodeRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
${parts.role}${parts.resources ?? ""}  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: prod
      NodeRole: !GetAtt NodeRole.Arn
      Subnets: [subnet-1]
${parts.nodes ?? ""}`;
}
