import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { boundaryPolicy, policyLimit, policySize, rolePatternProblem, scpPolicy, tagKeyProblem, type GuardrailKind, type NodeRoleMatch } from "../guardrail/policy.js";
import { renderGuardrail, type GuardrailFormat } from "../guardrail/render.js";

export const GUARDRAIL_HELP = `Usage: pullguard guardrail --kind scp|boundary [options]

Prints a policy that keeps EKS node roles pull-only whatever is attached to them later: it denies
every ECR action above read (push, delete, repository policies, lifecycle, replication, tag
mutability) and every IAM permissions-management action, as pullguard's action catalogue lists them.

  --kind boundary        a permissions boundary (IAM managed policy) to set on every node role: it
                         allows what the role's policies grant and denies those actions
  --kind scp             a service control policy that denies those actions to the node roles it
                         matches (needs --role-pattern or --tag); keep FullAWSAccess attached beside it.
                         SCPs do not apply to the management account: use the boundary there.

Options:
  --role-pattern GLOB    scp: node roles by path and name, e.g. '*-node-role' or 'eks-node-*'
                         (ArnLike on aws:PrincipalArn arn:*:iam::*:role/GLOB); repeatable
  --tag KEY=VALUE        scp: node roles by tag (StringEquals on aws:PrincipalTag/KEY); repeatable.
                         A role that matches any pattern or any tag is denied.
  --format FORMAT        json (the policy document; default), terraform (aws_iam_policy or
                         aws_organizations_policy) or cloudformation (AWS::IAM::ManagedPolicy or
                         AWS::Organizations::Policy)
  --name NAME            the policy's name (default pullguard-node-boundary or pullguard-node-ecr-guardrail)
  --output FILE          write to FILE instead of standard output
  -h, --help             show this help

Examples:
  pullguard guardrail --kind boundary --format terraform --output node-boundary.tf
  pullguard guardrail --kind scp --role-pattern '*-node-role' --tag eks-node=true

Check CloudTrail for ECR write calls by node roles before you attach either (see the README).
`;

const KINDS: readonly GuardrailKind[] = ["scp", "boundary"];
const FORMATS: readonly GuardrailFormat[] = ["json", "terraform", "cloudformation"];
const DEFAULT_NAME: Record<GuardrailKind, string> = { boundary: "pullguard-node-boundary", scp: "pullguard-node-ecr-guardrail" };
/** IAM managed policy names and SCP names: 1 to 128 of these characters. */
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

export class GuardrailUsageError extends Error {}

interface Output {
  stdout: (text: string) => void;
  cwd: string;
}

/** `pullguard guardrail ...`: returns the exit status; bad arguments throw GuardrailUsageError. */
export function guardrailCommand(argv: string[], io: Output, command = ["pullguard", "guardrail", ...argv.map(shellWord)].join(" ")): number {
  const values = parse(argv);
  if (values.help) {
    io.stdout(GUARDRAIL_HELP);
    return 0;
  }
  if (values.kind === undefined) throw new GuardrailUsageError("guardrail: --kind is required: --kind boundary (attach to node roles) or --kind scp (for the organization)");
  const kind = oneOf("kind", values.kind, KINDS);
  const format = oneOf("format", values.format ?? "json", FORMATS);
  const match = nodeRoleMatch(values["role-pattern"] ?? [], values.tag ?? []);
  if (kind === "boundary" && (match.rolePatterns.length > 0 || match.tags.length > 0)) {
    throw new GuardrailUsageError(
      "guardrail: --role-pattern and --tag choose the roles an SCP applies to; a permissions boundary applies to the roles you attach it to. Use them with --kind scp.",
    );
  }
  if (kind === "scp" && match.rolePatterns.length === 0 && match.tags.length === 0) {
    throw new GuardrailUsageError("guardrail: --kind scp needs --role-pattern GLOB or --tag KEY=VALUE to match node roles; without one it would apply to every principal");
  }
  const name = values.name ?? DEFAULT_NAME[kind];
  if (!POLICY_NAME.test(name)) throw new GuardrailUsageError(`guardrail: --name ${name}: a policy name is 1 to 128 letters, digits and + = , . @ _ -`);

  const document = kind === "boundary" ? boundaryPolicy() : scpPolicy(match);
  const size = policySize(kind, document);
  if (size > policyLimit(kind)) {
    throw new GuardrailUsageError(`guardrail: the policy would be ${size} characters, over the ${policyLimit(kind)} AWS allows for ${kind === "scp" ? "an SCP" : "a managed policy"}; use fewer role patterns or tags`);
  }
  const text = renderGuardrail({ kind, name, document, command }, format);
  if (values.output) {
    try {
      writeFileSync(resolve(io.cwd, values.output), text);
    } catch (err) {
      throw new GuardrailUsageError(`guardrail: --output ${values.output}: cannot write: ${(err as Error).message}`);
    }
  } else io.stdout(text);
  return 0;
}

function parse(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        kind: { type: "string" },
        "role-pattern": { type: "string", multiple: true },
        tag: { type: "string", multiple: true },
        format: { type: "string" },
        name: { type: "string" },
        output: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new GuardrailUsageError(`guardrail: unexpected argument '${positionals[0] ?? ""}'. Run 'pullguard guardrail --help' for the options.`);
    return values;
  } catch (err) {
    if (err instanceof GuardrailUsageError) throw err;
    const e = err as Error & { code?: string };
    const option = /'(-[^' ]+)/.exec(e.message)?.[1] ?? "?";
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new GuardrailUsageError(`guardrail: unknown option '${option}'. Run 'pullguard guardrail --help' for the options.`);
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new GuardrailUsageError(`guardrail: option '${option}' needs a value. Run 'pullguard guardrail --help' for the options.`);
    throw new GuardrailUsageError(`guardrail: ${e.message}. Run 'pullguard guardrail --help' for the options.`);
  }
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new GuardrailUsageError(`guardrail: --${option} ${value}: expected one of ${allowed.join(", ")}`);
  return value as T;
}

function nodeRoleMatch(patterns: string[], tags: string[]): NodeRoleMatch {
  for (const pattern of patterns) {
    const problem = rolePatternProblem(pattern);
    if (problem) throw new GuardrailUsageError(`guardrail: --role-pattern ${pattern}: ${problem}`);
  }
  return {
    rolePatterns: [...new Set(patterns)],
    tags: tags.map((setting) => {
      const m = /^([^=]+)=(.*)$/s.exec(setting);
      if (!m) throw new GuardrailUsageError(`guardrail: --tag ${setting}: expected KEY=VALUE, for example --tag eks-node=true`);
      const [, key = "", value = ""] = m;
      const problem = tagKeyProblem(key);
      if (problem) throw new GuardrailUsageError(`guardrail: --tag ${setting}: ${problem}`);
      if (value.length > 256) throw new GuardrailUsageError(`guardrail: --tag ${setting}: a tag value is at most 256 characters`);
      return { key, value };
    }),
  };
}

/** An argument as a shell would need it written, for the header of the generated file. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}
