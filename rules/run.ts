import { createHash } from "node:crypto";
import type { Finding, Level, LevelSetting } from "../src/model/finding.js";
import type { RuleModel } from "../src/model/rule-model.js";
import { compareRanges } from "../src/model/source.js";
import type { Report, Rule } from "./define.js";
import { RULES } from "./index.js";

/** Runs every rule whose level is not `off` and turns its reports into findings. */
export function runRules(model: RuleModel, levelOf: (rule: Rule) => LevelSetting, rules: readonly Rule[] = RULES): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const level = levelOf(rule);
    if (level === "off") continue;
    rule.check(model, {
      report: (report) => {
        const finding = toFinding(rule, level, report);
        const id = `${finding.fingerprint}|${finding.location.file}:${finding.location.startLine}:${finding.location.startColumn}`;
        if (seen.has(id)) return;
        seen.add(id);
        findings.push(finding);
      },
    });
  }
  return findings.sort(compareFindings);
}

function toFinding(rule: Rule, level: Level, report: Report<string>): Finding {
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`${rule.meta.id} reported unknown messageId "${report.messageId}"`);
  if (report.fix && !rule.meta.fixable) throw new Error(`${rule.meta.id} reported a fix but is not marked fixable`);
  const message = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = report.data[key];
    if (value === undefined) throw new Error(`${rule.meta.id} message "${report.messageId}" needs data "${key}"`);
    return String(value);
  });
  return {
    ruleId: rule.meta.id,
    ruleName: rule.meta.name,
    level,
    messageId: report.messageId,
    message,
    location: report.location,
    // A location moved out of a module or away from a default keeps where the value is written as context.
    related: report.location.origin ? [{ range: report.location.origin.range, message: report.location.origin.note }, ...(report.related ?? [])] : (report.related ?? []),
    fingerprint: fingerprint(rule.meta.id, report.identity),
    when: report.when ?? [],
    fix: report.fix,
    ...(report.fixSkipped ? { fixSkipped: report.fixSkipped } : {}),
    ...(report.resources ? { resources: report.resources } : {}),
  };
}

function fingerprint(ruleId: string, identity: string[]): string {
  return createHash("sha256").update([ruleId, ...identity].join("\u0000")).digest("hex").slice(0, 32);
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareRanges(a.location, b.location) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
