import { minimatch } from "minimatch";
import { findRule } from "../../rules/index.js";
import type { Finding } from "../model/finding.js";
import type { IgnoreDirective, IgnoreStatus } from "../model/ignore.js";

export interface Suppressed {
  active: Finding[];
  suppressed: Finding[];
  statuses: IgnoreStatus[];
}

/**
 * Applies every valid ignore to the findings it covers. An ignore past its `until` day no longer
 * applies: the finding is reported again and its message says the ignore expired.
 */
export function applySuppressions(findings: Finding[], directives: IgnoreDirective[], today: string): Suppressed {
  const statuses: IgnoreStatus[] = directives.map((directive) => ({ directive, used: 0, expiredMatches: 0 }));
  const active: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    const matches = statuses.filter((s) => !s.directive.problem && covers(s.directive, finding));
    const live = matches.find((s) => !expired(s.directive, today));
    if (live) {
      live.used++;
      const d = live.directive;
      suppressed.push({ ...finding, suppression: { kind: d.kind, reason: d.reason ?? "", until: d.until, location: d.location } });
      continue;
    }
    const lapsed = matches[0];
    if (!lapsed) {
      active.push(finding);
      continue;
    }
    for (const s of matches) s.expiredMatches++;
    const at = lapsed.directive.location;
    const where = !at ? "in the configuration" : at.file === finding.location.file ? `on line ${at.startLine}` : `at ${at.file}:${at.startLine}`;
    active.push({ ...finding, message: `${finding.message} (The ignore ${where} expired on ${lapsed.directive.until ?? "?"}.)` });
  }
  return { active, suppressed, statuses };
}

function expired(d: IgnoreDirective, today: string): boolean {
  return d.until !== undefined && d.until < today;
}

function covers(d: IgnoreDirective, f: Finding): boolean {
  if (!d.rules.some((r) => findRule(r)?.meta.id === f.ruleId)) return false;
  const scope = d.scope;
  if ("file" in scope) return scope.file === f.location.file && f.location.startLine >= scope.startLine && f.location.startLine <= scope.endLine;
  // A glob without a slash matches a file name in any folder, as in --include and --exclude.
  if (scope.path !== undefined && !minimatch(f.location.file, scope.path, { dot: true, matchBase: !scope.path.includes("/") })) return false;
  const resource = scope.resource;
  // Addresses hold brackets (`aws_iam_role.this[0]`): an exact address matches as written, anything else as a glob.
  if (resource !== undefined && !(f.resources ?? []).some((r) => r === resource || minimatch(r, resource, { nocomment: true, nonegate: true }))) return false;
  return true;
}
