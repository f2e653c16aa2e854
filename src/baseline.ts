import type { Finding } from "./model/finding.js";
import { TOOL_NAME, VERSION } from "./report/tool.js";

/**
 * A baseline: the findings a repository accepted on the day it adopted pullguard, by fingerprint (the
 * rule and the resources, actions or ARNs a finding is about, never line numbers). File and message
 * are there for the people who read the file.
 */
export interface Baseline {
  baselineVersion: 1;
  tool: string;
  findings: { ruleId: string; fingerprint: string; file: string; message: string }[];
}

export class BaselineError extends Error {}

export function baselineOf(findings: Finding[]): string {
  const baseline: Baseline = {
    baselineVersion: 1,
    tool: `${TOOL_NAME} ${VERSION}`,
    findings: findings.map((f) => ({ ruleId: f.ruleId, fingerprint: f.fingerprint, file: f.location.file, message: f.message })),
  };
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`${file}: not a pullguard baseline (${(err as Error).message})`);
  }
  const b = data as Partial<Baseline>;
  if (b.baselineVersion !== 1 || !Array.isArray(b.findings) || b.findings.some((f) => typeof f?.fingerprint !== "string")) {
    throw new BaselineError(`${file}: not a pullguard baseline (write one with --write-baseline ${file})`);
  }
  return b as Baseline;
}

/**
 * The findings a baseline does not hold. Each entry accounts for one finding, so a second copy of an
 * accepted problem is new; entries that match nothing any more are counted as gone.
 */
export function subtractBaseline(findings: Finding[], baseline: Baseline): { fresh: Finding[]; matched: number; gone: number } {
  const remaining = new Map<string, number>();
  for (const f of baseline.findings) remaining.set(f.fingerprint, (remaining.get(f.fingerprint) ?? 0) + 1);
  const fresh: Finding[] = [];
  let matched = 0;
  for (const f of findings) {
    const left = remaining.get(f.fingerprint) ?? 0;
    if (left > 0) {
      remaining.set(f.fingerprint, left - 1);
      matched++;
    } else fresh.push(f);
  }
  const gone = [...remaining.values()].reduce((a, b) => a + b, 0);
  return { fresh, matched, gone };
}
