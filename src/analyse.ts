/**
 * Reading one file into facts: sniff its format, parse it, extract what it says, and judge what did not parse.
 * Pure, so that worker threads (workers.ts) can run it and a cache can keep what it gave; Terraform files are only
 * parsed here, their facts come from evaluating their root modules (extract/terraform).
 */
import { brokenDocuments, terraformTemplateReason } from "./discover/broken.js";
import { sniff, TERRAFORM } from "./discover/sniff.js";
import { extractCloudFormation } from "./extract/cloudformation/extract.js";
import { extractEksctl } from "./extract/eksctl/extract.js";
import { extractKubernetes } from "./extract/kubernetes/extract.js";
import { parseTerraform, type ParsedTerraform } from "./extract/terraform/extract.js";
import { extractPlan } from "./extract/terraform/plan.js";
import { emptyFacts, type Facts } from "./model/facts.js";
import type { IgnoreDirective } from "./model/ignore.js";
import { isFatal, type Diagnostic, type Format, type SourceFile } from "./model/source.js";
import { parseStructured, strictJson, type ParseResult, type YamlOptions } from "./parse/yaml/parse.js";
import { get, scalarText } from "./parse/yaml/tree.js";
import { annotationIgnores, commentIgnores, metadataIgnores } from "./suppress/directives.js";
import { startWorkers, type WorkerOptions } from "./workers.js";

/** What became of a file: analysed, failed (a diagnostic says why), skipped (with why), or in a format not analysed yet. */
export type FileStatus =
  | { path: string; status: "analysed"; format: Format }
  /** No format when the file could not even be read. */
  | { path: string; status: "failed"; format?: Format }
  | { path: string; status: "skipped"; reason: string }
  | { path: string; status: "unsupported"; format: Format };

export interface FileAnalysis {
  status: FileStatus;
  facts: Facts;
  diagnostics: Diagnostic[];
  /** A parsed Terraform file: its facts come from evaluating its whole module, after every file is read. */
  terraform?: ParsedTerraform;
  /** The ignores written in the file. */
  ignores: IgnoreDirective[];
}

/** Parses and extracts one file. Pure: the same text always gives the same facts. */
export function analyseFile(file: SourceFile): FileAnalysis {
  const facts = emptyFacts();
  const sniffed = sniff(file.path, file.text);
  if ("skip" in sniffed) return skippedFile(file, sniffed.skip);
  const format = sniffed.format;
  if (format === "terraform") {
    const { parsed, diagnostic } = parseTerraform(file.path, file.text);
    if (diagnostic) {
      const template = terraformTemplateReason(file.text, diagnostic.line, diagnostic.column);
      if (template) return skippedFile(file, template);
      return { status: { path: file.path, status: "failed", format }, facts, diagnostics: [diagnostic], ignores: [] };
    }
    const ignores = file.path.endsWith(".json") ? [] : commentIgnores(file.path, file.text, "hcl");
    return { status: { path: file.path, status: "analysed", format }, facts, diagnostics: [], ignores, ...(parsed ? { terraform: parsed } : {}) };
  }
  if (format === "terraform-plan") {
    const diagnostic = strictJson(file) ?? extractPlan(file.path, file.text, facts);
    if (diagnostic) return { status: { path: file.path, status: "failed", format }, facts: emptyFacts(), diagnostics: [diagnostic], ignores: [] };
    return { status: { path: file.path, status: "analysed", format }, facts, diagnostics: [], ignores: [] };
  }
  try {
    // CloudFormation deploys the last of duplicate keys; kubectl and eksctl refuse them.
    const options: YamlOptions = format === "cloudformation" ? { duplicateKeys: "last" } : {};
    const parsed = parseStructured(file, undefined, options);
    const ignores = /\.json$/i.test(file.path) ? [] : commentIgnores(file.path, file.text, "yaml");
    for (const { root } of parsed.documents) {
      if (!root) continue;
      if (format === "cloudformation") {
        extractCloudFormation(file.path, root, facts);
        ignores.push(...metadataIgnores(file.path, root));
      } else if (/^eksctl\.io\//.test(scalarText(get(root, "apiVersion")) ?? "")) {
        // One file can hold several documents; each says what it is.
        extractEksctl(file.path, root, facts);
      } else {
        extractKubernetes(file.path, root, facts, file.text);
        ignores.push(...annotationIgnores(file.path, root));
      }
    }
    const { diagnostics, failed, skipped } = judgeBroken(file, format, parsed, options);
    if (failed) return { status: { path: file.path, status: "failed", format }, facts, diagnostics, ignores };
    // Nothing of the file was read: it is skipped, with why.
    if (skipped.length > 0 && !parsed.documents.some((d) => d.root)) {
      const others = skipped.length - 1;
      return skippedFile(file, `${skipped[0]!}${others > 0 ? `; and ${others} more document${others === 1 ? "" : "s"} not read` : ""}`);
    }
    return { status: { path: file.path, status: "analysed", format }, facts, diagnostics, ignores };
  } catch (err) {
    // A file must never stop the scan; what failed is reported like a parse error.
    const message = `pullguard could not analyse this file: ${err instanceof Error ? err.message : String(err)}`;
    return { status: { path: file.path, status: "failed", format }, facts: emptyFacts(), diagnostics: [{ file: file.path, line: 1, column: 1, message }], ignores: [] };
  }
}

/** Fewer files than this per worker thread are analysed faster here than a thread starts. */
const MIN_FILES_PER_WORKER = 100;

/**
 * Analyses files, in worker threads when `workers` allows (see workers.ts), by path. Terraform files are parsed in
 * this thread, while the workers analyse the rest: the evaluation of their modules needs the parse trees here.
 */
export function analyseFiles(files: SourceFile[], workers: WorkerOptions | undefined): Map<string, FileAnalysis> {
  const elsewhere = workers ? files.filter((f) => !TERRAFORM.test(f.path)) : [];
  const count = workers ? Math.min(workers.count, Math.floor(elsewhere.length / MIN_FILES_PER_WORKER)) : 0;
  const pool = workers && count >= 2 ? startWorkers(workers.script, count, elsewhere) : undefined;
  const inWorkers = new Set(pool ? elsewhere : []);
  const out = new Map<string, FileAnalysis>();
  for (const file of files) if (!inWorkers.has(file)) out.set(file.path, analyseFile(file));
  if (pool) {
    const results = pool.collect();
    // A file whose worker failed is analysed here.
    for (const file of elsewhere) out.set(file.path, (results.get(file.path) as FileAnalysis | undefined) ?? analyseFile(file));
  }
  // In the order of `files`, whoever analysed them.
  return new Map(files.map((f) => [f.path, out.get(f.path) as FileAnalysis]));
}

function skippedFile(file: SourceFile, reason: string): FileAnalysis {
  return { status: { path: file.path, status: "skipped", reason }, facts: emptyFacts(), diagnostics: [], ignores: [] };
}

/**
 * Each document that did not parse fails the file when it is infrastructure as code pullguard reads; otherwise (a
 * template its syntax breaks, a kind pullguard does not read) it is skipped, and said so in a warning, so that it
 * never hides the documents read beside it.
 */
function judgeBroken(file: SourceFile, format: Format, parsed: ParseResult, options: YamlOptions): { diagnostics: Diagnostic[]; failed: boolean; skipped: string[] } {
  const diagnostics: Diagnostic[] = [];
  const skipped: string[] = [];
  let failed = false;
  const parses = (text: string) => parseStructured({ path: file.path, text }, undefined, options).diagnostics.every((d) => !isFatal(d));
  const judge = parsed.diagnostics.some(isFatal) ? brokenDocuments({ path: file.path, format, text: file.text, parses }) : undefined;
  for (const d of parsed.diagnostics) {
    const reason = judge && isFatal(d) ? judge(d) : undefined;
    if (!isFatal(d)) diagnostics.push(d);
    else if (reason === undefined) {
      failed = true;
      diagnostics.push(d);
    } else {
      skipped.push(reason);
      const said = reason.includes(d.message.replace(/^(YAML|JSON) syntax error: /, ""));
      diagnostics.push({ ...d, level: "warning", message: `document not read: ${reason}${said ? "" : ` (${d.message})`}` });
    }
  }
  return { diagnostics, failed, skipped };
}
