import type { Facts } from "../../../model/facts.js";
import type { Range } from "../../../model/source.js";
import type { ModuleInstance } from "../module.js";
import type { TfValue } from "../value.js";
import { blueprintsAddons, blueprintsAddonsOutput } from "./addons.js";
import type { External } from "./build.js";
import { cloudposseModule, cloudposseOutput } from "./cloudposse.js";
import { eksModule, eksOutput, isEksSource } from "./eks.js";
import { workloadRoleModule, workloadRoleOutput } from "./iam.js";

/**
 * Registry modules that create no IAM role, node or workload: a call of one that is not downloaded
 * leaves nothing unchecked, so it gets no note.
 */
const WITHOUT_ROLES =
  /^(?:registry\.terraform\.io\/|registry\.opentofu\.org\/)?terraform-aws-modules\/(?:vpc|sqs|sns|s3-bucket|kms|security-group|acm|route53|dynamodb-table|efs|rds|rds-aurora|alb|elb|ssm-parameter|secrets-manager|key-pair|vpn-gateway|transit-gateway|cloudwatch|ecr|ec2-instance)\/aws(?:\/\/.*)?$|^(?:registry\.terraform\.io\/)?aws-ia\/(?:eks-blueprints-teams|eks-data-addons)\/aws$/;

/** Adds the facts of a registry module pullguard knows without its sources; false when it does not know it. */
export function knownModule(parent: ModuleInstance, child: External, facts: Facts): boolean {
  const source = child.source ?? "";
  if (WITHOUT_ROLES.test(source)) return true;
  if (isEksSource(source)) {
    eksModule(parent, child, facts);
    return true;
  }
  return workloadRoleModule(parent, child, facts) || blueprintsAddons(parent, child, facts) || cloudposseModule(parent, child, facts);
}

/** An output of a known module that refers to a role pullguard made for it; undefined for any other output. */
export function knownModuleOutput(parent: ModuleInstance, child: External, output: string, site: Range): TfValue | undefined {
  return (
    eksOutput(parent, child, output, site) ??
    workloadRoleOutput(parent, child, output, site) ??
    blueprintsAddonsOutput(parent, child, output, site) ??
    cloudposseOutput(parent, child, output, site)
  );
}
