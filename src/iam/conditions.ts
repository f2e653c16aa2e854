import type { ConditionClause } from "../model/facts.js";

/**
 * IAM `Condition` clauses in words, for findings that depend on them: pullguard has no request to
 * evaluate them against, so it says under which condition a grant holds instead.
 */

interface Phrase {
  yes: string;
  no: string;
}

/** What an operator says of its key, and what its negation says; `{}` stands for the values. */
const OPERATORS: Record<string, Phrase> = {
  StringEquals: { yes: "is {}", no: "is not {}" },
  StringNotEquals: { yes: "is not {}", no: "is {}" },
  StringEqualsIgnoreCase: { yes: "is {} (any case)", no: "is not {} (any case)" },
  StringNotEqualsIgnoreCase: { yes: "is not {} (any case)", no: "is {} (any case)" },
  StringLike: { yes: "matches {}", no: "does not match {}" },
  StringNotLike: { yes: "does not match {}", no: "matches {}" },
  ArnEquals: { yes: "is {}", no: "is not {}" },
  ArnLike: { yes: "matches {}", no: "does not match {}" },
  ArnNotEquals: { yes: "is not {}", no: "is {}" },
  ArnNotLike: { yes: "does not match {}", no: "matches {}" },
  NumericEquals: { yes: "is {}", no: "is not {}" },
  NumericNotEquals: { yes: "is not {}", no: "is {}" },
  NumericLessThan: { yes: "is below {}", no: "is at least {}" },
  NumericLessThanEquals: { yes: "is at most {}", no: "is above {}" },
  NumericGreaterThan: { yes: "is above {}", no: "is at most {}" },
  NumericGreaterThanEquals: { yes: "is at least {}", no: "is below {}" },
  DateEquals: { yes: "is {}", no: "is not {}" },
  DateNotEquals: { yes: "is not {}", no: "is {}" },
  DateLessThan: { yes: "is before {}", no: "is not before {}" },
  DateLessThanEquals: { yes: "is at or before {}", no: "is after {}" },
  DateGreaterThan: { yes: "is after {}", no: "is not after {}" },
  DateGreaterThanEquals: { yes: "is at or after {}", no: "is before {}" },
  Bool: { yes: "is {}", no: "is not {}" },
  BinaryEquals: { yes: "is {}", no: "is not {}" },
  IpAddress: { yes: "is in {}", no: "is not in {}" },
  NotIpAddress: { yes: "is not in {}", no: "is in {}" },
};

/** One clause: `aws:SourceVpce is vpce-1234`, or its negation: `aws:SourceVpce is not vpce-1234`. */
export function describeClause(clause: ConditionClause, negate = false): string {
  const values = clause.values.map((v) => v.text);
  const shown = values.length <= 1 ? (values[0] ?? "") : `one of ${values.join(", ")}`;
  const set = /^(ForAnyValue|ForAllValues):/.exec(clause.operator)?.[1];
  const base = clause.operator.replace(/^(ForAnyValue|ForAllValues):/, "");
  if (base === "Null") {
    // Null true: the key is absent.
    const absent = values.some((v) => v.toLowerCase() === "true") !== negate;
    return `${clause.key} is ${absent ? "absent" : "present"}`;
  }
  const ifExists = base.endsWith("IfExists");
  const operator = ifExists ? base.slice(0, -"IfExists".length) : base;
  const phrase = OPERATORS[operator];
  const said = phrase ? (negate ? phrase.no : phrase.yes).replace("{}", shown) : `${negate ? "fails" : "passes"} ${clause.operator} ${shown}`;
  const quantified = set === "ForAllValues" ? `every value of ${clause.key}` : set === "ForAnyValue" ? `a value of ${clause.key}` : clause.key;
  // IfExists also holds when the key is absent; its negation needs the key present.
  const absence = ifExists ? (negate ? " (and present)" : " or absent") : "";
  return `${quantified} ${said}${absence}`;
}

/** A statement's clauses (all must hold): `aws:SourceVpce is vpce-1234 and aws:SecureTransport is true`. */
export function describeConditions(clauses: ConditionClause[]): string {
  return clauses.map((c) => describeClause(c)).join(" and ");
}

/** When a conditional Deny does not apply: the negation of its one clause, or `not (A and B)` in words. */
export function describeUnless(clauses: ConditionClause[]): string {
  const [only] = clauses;
  if (clauses.length === 1 && only) return describeClause(only, true);
  return `not (${describeConditions(clauses)})`;
}
