import type { Format } from "../model/source.js";

/**
 * A file, or one document of a file, that does not parse: what it would be, decided from its text, so that the scan
 * fails only for infrastructure as code that pullguard reads (exit status 3) and skips the rest with its reason. A
 * template whose syntax breaks the file (Helm's `{{ }}`, envsubst's `${X}`, `%s`), a `.template` file that is not
 * CloudFormation, and a manifest of a kind pullguard does not read (a SparkApplication, a Karpenter Provisioner) are
 * skipped; a broken CloudFormation template, eksctl configuration or Deployment fails.
 */

/** Why a file, or a document, whose `{{ }}` breaks the YAML is skipped. */
export const HELM_TEMPLATE = "Helm or Go template (render it first, for example with helm template)";

export interface BrokenFile {
  path: string;
  format: Format;
  text: string;
  /** Whether a text parses in this file's format: asked of a document with its template syntax blanked out. */
  parses: (text: string) => boolean;
}

/** Where the parser stopped in a document (1-based), and what it said there. */
export interface ParseError {
  line: number;
  column: number;
  message: string;
}

/** Kinds whose objects hold one pod spec (the extractor's POD_SPEC_PATHS): read whatever their apiVersion. */
const POD_KINDS = new Set([
  "Pod", "PodTemplate", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "DeploymentConfig", "Rollout",
]);

/** Kinds read under an API group, as src/extract/kubernetes reads them. */
const GROUP_KINDS: [RegExp, Set<string>][] = [
  [/^tekton\.dev\//, new Set(["Task", "ClusterTask", "TaskRun", "Pipeline", "PipelineRun"])],
  [/^argoproj\.io\//, new Set(["Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow"])],
  [/^karpenter\.k8s\.aws\//, new Set(["EC2NodeClass", "AWSNodeTemplate"])],
];

/**
 * Whether pullguard reads an object of this kind (see extractObject in src/extract/kubernetes): workloads, service
 * accounts, Tekton and Argo objects, Karpenter node classes, the aws-auth ConfigMap. An unknown apiVersion counts as
 * the one that is read: a broken document is judged by what it says it is.
 */
export function readsKind(kind: string, apiVersion: string | undefined, name: string | undefined): boolean {
  if (kind === "ServiceAccount" || POD_KINDS.has(kind)) return true;
  if (kind === "ConfigMap") return name === undefined || name === "aws-auth";
  for (const [group, kinds] of GROUP_KINDS) if (kinds.has(kind) && (apiVersion === undefined || group.test(apiVersion))) return true;
  return false;
}

const LINE_BREAK = /\r\n|\r|\n/;

/** A `---` or `...` line: a document marker, wherever it is (a block scalar never holds one at column 0). */
function isMarker(line: string): boolean {
  return /^(?:---|\.\.\.)(?:[ \t]|$)/.test(line);
}

/** The lines [first, last) of the YAML document that holds a position (0-based lines). */
function documentLines(lines: string[], line: number, column: number): [number, number] {
  let at = line - 1;
  // yaml reports a document that runs to the end at the next document's `---`.
  if (isMarker(lines[at] ?? "") && column <= 3 && at > 0) at--;
  let first = at;
  while (first > 0 && !isMarker(lines[first] ?? "")) first--;
  let last = at + 1;
  while (last < lines.length && !isMarker(lines[last] ?? "")) last++;
  return [first, last];
}

/** Template actions that are not YAML or JSON: Go's `{{ }}` (not CloudFormation's `{{resolve:...}}`), Jinja's `{% %}`, `<% %>`. */
const ACTION_DELIMITERS: [string, string][] = [["{{", "}}"], ["{%", "%}"], ["<%", "%>"]];
/** An action longer than this is not one (a stray `{{` far from any `}}`). */
const MAX_ACTION = 2000;

/** Where template actions are, as [start, end) offsets in text order; linear in the text, whatever it holds. */
function actions(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const [open, close] of ACTION_DELIMITERS) {
    // The next closing delimiter only moves forward, so that a text of openings without one is read once.
    let closing = -1;
    for (let i = text.indexOf(open); i !== -1; ) {
      if (closing < i + open.length) closing = text.indexOf(close, i + open.length);
      if (closing === -1) break;
      if (closing - i > MAX_ACTION || (open === "{{" && text.startsWith("resolve:", i + 2))) {
        i = text.indexOf(open, i + open.length);
        continue;
      }
      spans.push([i, closing + close.length]);
      i = text.indexOf(open, closing + close.length);
    }
  }
  return spans.sort((a, b) => a[0] - b[0]);
}
/** Placeholders that text substitution fills: envsubst's `${X}` and `$X`, printf's `%s`, Windows' `%VAR%`. */
const PLACEHOLDERS: [RegExp, string][] = [
  [/\$\{[A-Za-z_][\w.:-]*\}|\$[A-Za-z_]\w*/g, "${X}"],
  [/%[-+ #0]*\d*(?:\.\d+)?[sdvqfx]/g, "%s"],
  [/%[A-Za-z_]\w*%/g, "%VAR%"],
];

/** The text with each span replaced by spaces (line breaks kept, so that lines and columns stay). */
function blankSpans(text: string, spans: [number, number][]): string {
  let out = "";
  let from = 0;
  for (const [start, end] of spans) {
    if (start < from) continue;
    out += text.slice(from, start) + text.slice(start, end).replace(/[^\r\n]/g, " ");
    from = end;
  }
  return out + text.slice(from);
}

function blank(text: string, pattern: RegExp): string {
  return text.replace(pattern, (m) => m.replace(/[^\r\n]/g, " "));
}

/** An action at a place where YAML or JSON expects structure: first on its line, or where a value or an item starts. */
function structural(text: string, spans: [number, number][]): boolean {
  for (const [start] of spans) {
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    const before = text.slice(lineStart, start).trimEnd();
    if (before === "" || /(?:(?:^|\s)-|:|[[{,])$/.test(before)) return true;
  }
  return false;
}

/** Top-level `kind:` values (column 0), with those of the items of a `List`. */
function kindsIn(text: string): string[] {
  const kinds = [...text.matchAll(/^kind[ \t]*:[ \t]*["']?([\w.-]+)/gm)].map((m) => m[1]!);
  if (kinds.some((k) => k.endsWith("List"))) kinds.push(...[...text.matchAll(/^[ \t]*(?:-[ \t]+)?kind[ \t]*:[ \t]*["']?([\w.-]+)/gm)].map((m) => m[1]!));
  return kinds;
}

function topLevel(text: string, key: string): string | undefined {
  return new RegExp(`^${key}[ \\t]*:[ \\t]*["']?([^"'\\s#]+)`, "m").exec(text)?.[1];
}

/** The name under `metadata:` (one way to match each line: no backtracking over indentation). */
const METADATA_NAME = /^metadata[ \t]*:[ \t]*(?:#[^\r\n]*)?\r?\n(?:[ \t][^\r\n]*\r?\n)*?[ \t]+name[ \t]*:[ \t]*["']?([^"'\s#]+)/m;

/**
 * Judges the documents of a file that do not parse: the reason to skip one, or undefined when it is infrastructure as
 * code that pullguard reads and the scan must fail. The file is split once, however many documents are broken.
 */
export function brokenDocuments(file: BrokenFile): (error: ParseError) => string | undefined {
  const json = /\.json$/i.test(file.path);
  const lines = file.text.split(LINE_BREAK);
  let fileKinds: { kinds: string[]; apiVersion: string | undefined; name: string | undefined } | undefined;
  const kindsOfFile = () => (fileKinds ??= { kinds: kindsIn(file.text), apiVersion: topLevel(file.text, "apiVersion"), name: METADATA_NAME.exec(file.text)?.[1] });
  return (error) => {
    const [first, last] = json ? [0, lines.length] : documentLines(lines, error.line, error.column);
    const doc = lines.slice(first, last).join("\n");
    const where = `${error.line}:${error.column}: ${error.message.replace(/^(YAML|JSON) syntax error: /, "")}`;

    // Template syntax breaks the document when the document parses without it, or stands where structure goes.
    const spans = actions(doc);
    if (spans.length > 0 && (file.parses(blankSpans(doc, spans)) || structural(doc, spans))) return HELM_TEMPLATE;
    const found = PLACEHOLDERS.filter(([pattern]) => new RegExp(pattern.source).test(doc));
    if (found.length > 0 && file.parses(found.reduce((t, [pattern]) => blank(t, pattern), doc))) {
      const how = found.some(([, name]) => name === "${X}") ? ", for example with envsubst" : "";
      return `a template whose ${found.map(([, name]) => name).join(" and ")} placeholders break the ${json ? "JSON" : "YAML"} (render it first${how})`;
    }
    if (file.format === "cloudformation" || file.format === "eksctl") return undefined;
    if (/\.template$/i.test(file.path)) return `a .template file that is not CloudFormation and does not parse (${where}); render it first`;
    if (file.format !== "kubernetes") return undefined;

    // What the document says it is; a document without a kind of its own (a fragment) is judged by the file's.
    let kinds: { kind: string; apiVersion: string | undefined; name: string | undefined }[];
    if (json) {
      kinds = [...doc.matchAll(/"kind"\s*:\s*"([^"]+)"/g)].map((m) => ({ kind: m[1]!, apiVersion: undefined, name: undefined }));
    } else {
      const own = kindsIn(doc);
      const context = own.length > 0 ? { kinds: own, apiVersion: topLevel(doc, "apiVersion"), name: METADATA_NAME.exec(doc)?.[1] } : kindsOfFile();
      kinds = context.kinds.map((kind) => ({ kind, apiVersion: context.apiVersion, name: context.name }));
    }
    if (kinds.length === 0) return `not valid ${json ? "JSON" : "YAML"} (${where}), and not a Kubernetes object: it has no top-level kind`;
    // A List is judged by its items; one whose items cannot be told is read.
    const objects = kinds.filter((k) => !k.kind.endsWith("List"));
    if (objects.length === 0 || objects.some((k) => readsKind(k.kind, k.apiVersion, k.name))) return undefined;
    const names = [...new Set(objects.map((k) => k.kind))].join(", ");
    return `${names}: a kind pullguard does not read, and not valid ${json ? "JSON" : "YAML"} (${where})`;
  };
}

/**
 * Why a Terraform file that does not parse is skipped: when the parser stopped inside a template action (zero's
 * `<% if ... %>`, Go's `{{ }}`, Jinja's `{% %}`), the file is a template of a configuration, to render first.
 */
export function terraformTemplateReason(text: string, line: number, column: number): string | undefined {
  const lines = text.split(LINE_BREAK);
  const at = lines[line - 1];
  if (at === undefined) return undefined;
  for (const [start, end] of actions(at)) {
    if (column - 1 >= start && column - 1 < end) return `a template of a Terraform file: its ${at.slice(start, start + 2)} ${at.slice(end - 2, end)} actions break the HCL (render it first)`;
  }
  return undefined;
}
