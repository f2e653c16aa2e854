import type { Range } from "../../model/source.js";

/**
 * The positioned tree that the YAML and JSON front ends produce. CloudFormation short-form tags are
 * already rewritten to their long form (`!Ref X` is a one-entry map `{Ref: X}` with the tag's range).
 */
export type PNode = PScalar | PSeq | PMap;

export interface PScalar {
  kind: "scalar";
  value: string | number | boolean | null;
  /** The text as written, without quotes: `012345678912` stays a string here even when `value` is a number. */
  source: string;
  quoted: boolean;
  range: Range;
}

export interface PSeq {
  kind: "seq";
  items: PNode[];
  range: Range;
}

export interface PEntry {
  key: string;
  keyRange: Range;
  value: PNode;
}

export interface PMap {
  kind: "map";
  entries: PEntry[];
  range: Range;
}

export function get(node: PNode | undefined, key: string): PNode | undefined {
  if (node?.kind !== "map") return undefined;
  // The last entry wins, as in CloudFormation and JSON.parse.
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const entry = node.entries[i];
    if (entry?.key === key) return entry.value;
  }
  return undefined;
}

export function scalarText(node: PNode | undefined): string | undefined {
  if (node?.kind !== "scalar" || node.value === null) return undefined;
  return typeof node.value === "string" ? node.value : node.source;
}
