/** A span of source text. Lines and columns are 1-based; columns count UTF-16 code units, as SARIF does. */
export interface Range {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /**
   * Where the value is actually written, when the range was moved to where a person acts on it
   * (a module's internal value reported at the module call, a variable default at its use).
   */
  origin?: {
    range: Range;
    note: string;
    /**
     * The range was inside a child module's files (`from`) and was moved to the module call `call` (its address).
     * The scan puts it back when it reports that file (a local module of the scanned repository).
     */
    moved?: { call: string; from: Range };
  };
}

/** Whether two ranges cover the same text (by value: facts read back from the cache are copies). */
export function sameRange(a: Range, b: Range): boolean {
  return a.file === b.file && a.startLine === b.startLine && a.startColumn === b.startColumn && a.endLine === b.endLine && a.endColumn === b.endColumn;
}

/** The formats pullguard recognises when it sniffs a file. */
export type Format = "cloudformation" | "eksctl" | "kubernetes" | "terraform" | "terraform-plan";

/** One file handed to the pipeline, with the path it is reported under (relative to the scan root, `/`-separated). */
export interface SourceFile {
  path: string;
  text: string;
}

/**
 * A problem with an input file itself. Without a level it is fatal for that file: it could not be read or
 * parsed, and the scan is incomplete. A `warning` is not a failure: the file was read as its consumer reads
 * it (a duplicate key CloudFormation resolves), or a document of it was left out (a Helm template), and the
 * diagnostic says so.
 */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  level?: "warning";
}

/** Whether a diagnostic makes the scan incomplete (exit status 3). */
export function isFatal(d: Diagnostic): boolean {
  return d.level !== "warning";
}

export function compareRanges(a: Range, b: Range): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.startLine - b.startLine ||
    a.startColumn - b.startColumn ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn
  );
}
