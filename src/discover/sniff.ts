import type { Format } from "../model/source.js";

/**
 * A format to read, or why the file is skipped unread. A file that holds template syntax (`{{ }}`, `${X}`) is read
 * like any other when it parses; broken.ts decides about a file, or a document, that does not.
 */
export type Sniffed = { format: Format } | { skip: string };

/** Why MIME user data is skipped: cloud-init's multipart format, whatever YAML its parts hold. */
export const MIME_USER_DATA = "MIME multipart user data (cloud-init), not a manifest or a template";

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
  // MIME headers before anything else: `MIME-Version: 1.0` parses as a YAML key, but the parts after it do not.
  if (/^(?:[ \t]*(?:#.*)?\r?\n)*(?:MIME-Version:|Content-Type:[ \t]*multipart\/)/i.test(text)) return { skip: MIME_USER_DATA };
  if (/"format_version"\s*:/.test(text) && /"(planned_values|resource_changes)"\s*:/.test(text)) return { format: "terraform-plan" };
  // A top-level-looking key: at the start of a line (YAML, pretty JSON) or after `{` / `,` (minified JSON).
  const key = (name: string) => new RegExp(`(?:^|[{,])[ \\t]*["']?${name}["']?[ \\t]*:`, "m");
  const isCloudFormation =
    key("AWSTemplateFormatVersion").test(text) ||
    /["']?Transform["']?\s*:\s*\[?\s*["']?AWS::Serverless/.test(text) ||
    (key("Resources").test(text) && /["']?Type["']?\s*:\s*["']?AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/.test(text));
  if (isCloudFormation) return { format: "cloudformation" };
  const kubernetesLike = key("apiVersion").test(text) && key("kind").test(text);
  if (kubernetesLike && /apiVersion["']?\s*:\s*["']?eksctl\.io\//.test(text)) return { format: "eksctl" };
  if (kubernetesLike) return { format: "kubernetes" };
  // Jenkins Kubernetes-plugin pod templates with no kind of their own: configuration as code, the jenkins chart's values.
  const jenkins = (key("jenkins").test(text) && /^[ \t]+clouds[ \t]*:/m.test(text)) || /^[ \t]*(?:podTemplates|additionalAgents|JCasC)[ \t]*:/m.test(text);
  if (jenkins && /\bcontainers?\b|\bimage\b/.test(text)) return { format: "kubernetes" };
  return { skip: "not infrastructure as code" };
}
