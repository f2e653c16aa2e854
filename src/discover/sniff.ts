import type { Format } from "../model/source.js";

/** `templated`: the text holds `{{ }}`; read it if it parses as YAML (aws-auth, Argo), skip it if the template breaks the YAML (Helm). */
export type Sniffed = { format: Format; templated?: true } | { skip: string };

/** Why a file whose `{{ }}` breaks the YAML is skipped. */
export const HELM_TEMPLATE = "Helm or Go template (render it first, for example with helm template)";

/** Terraform by name: `.tf`, `.tfvars`, `.tofu` and their JSON forms. */
export const TERRAFORM = /\.(tf|tfvars|tofu)$|\.tf\.json$|\.tfvars\.json$/i;
const STRUCTURED = /\.(ya?ml|json|template)$/i;

/** Whether a path can hold a format pullguard reads; others are skipped without being read. */
export function candidate(path: string): boolean {
  return TERRAFORM.test(path) || STRUCTURED.test(path);
}

/** Decides a file's format from its content (the extension only narrows the choice). */
export function sniff(path: string, text: string): Sniffed {
  if (TERRAFORM.test(path)) return { format: "terraform" };
  if (text.trim() === "") return { skip: "empty file" };
  if (text.includes("\u0000")) return { skip: "binary file" };
  if (/"format_version"\s*:/.test(text) && /"(planned_values|resource_changes)"\s*:/.test(text)) return { format: "terraform-plan" };
  // A top-level-looking key: at the start of a line (YAML, pretty JSON) or after `{` / `,` (minified JSON).
  const key = (name: string) => new RegExp(`(?:^|[{,])[ \\t]*["']?${name}["']?[ \\t]*:`, "m");
  const isCloudFormation =
    key("AWSTemplateFormatVersion").test(text) ||
    /["']?Transform["']?\s*:\s*\[?\s*["']?AWS::Serverless/.test(text) ||
    (key("Resources").test(text) && /["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/.test(text));
  if (isCloudFormation) return { format: "cloudformation" };
  const kubernetesLike = key("apiVersion").test(text) && key("kind").test(text);
  const templated = /\{\{[^}]*\}\}/.test(text);
  if (kubernetesLike && /apiVersion["']?\s*:\s*["']?eksctl\.io\//.test(text)) return templated ? { format: "eksctl", templated } : { format: "eksctl" };
  if (kubernetesLike) return templated ? { format: "kubernetes", templated } : { format: "kubernetes" };
  return { skip: "not infrastructure as code" };
}
