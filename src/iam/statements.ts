import type { ActionInfo, GrantCondition, ResourceScope } from "../model/access.js";
import type { Statement, Text, Unknown, When } from "../model/facts.js";
import type { PolicySource } from "../model/linked.js";
import { matchPattern, patternSpansServices, trackedActions } from "./catalogue.js";
import { isWholeUnknown } from "./resource-pattern.js";
import type { ResourceUniverse } from "./resource-sets.js";

/** Policy statements read once for the engine: the tracked actions each names and its resources as written. */

export interface Match {
  action: ActionInfo;
  pattern: Text | undefined;
  broad: boolean;
}

/** A statement's `Resource` or `NotResource` as IAM matches it, with what to call each entry in a message. */
export interface Resources {
  patterns: string[];
  labels: string[];
  negated: boolean;
  /** As a grant says it: the labels, or `all except ...` for a `NotResource`. */
  written: string[];
}

/** A statement read once: what it names and where it reaches. */
export interface Read {
  statement: Statement;
  source: PolicySource;
  matches: Match[];
  /** The actions it names; for a Deny, or a boundary's or SCP's Allow, which are asked about one action at a time. */
  actions: Set<ActionInfo>;
  resources: Resources;
  /** `Fn::If` conditions of its policy and of the statement itself. */
  when: When[];
  /** It has an IAM `Condition`. */
  conditional: boolean;
  /** What it reaches alone (no Deny, boundary or SCP applies), per kind of resource: most grants are this. */
  alone: Map<ResourceUniverse, { scope: ResourceScope; conditions: GrantCondition[] } | undefined>;
}

/** A boundary or an SCP: it caps what identity policies allow (its Allow) and takes out what it denies. */
export interface Layer {
  kind: "boundary" | "scp";
  name: string;
  allows: Read[];
  denies: Read[];
}

export interface EvaluateOptions {
  /** Service control policies over the role: each caps it like a boundary and takes out what it denies. */
  scps?: { name: string; sources: PolicySource[] }[];
  /** What a resource string stands for when the scan knows better than its text (a reference to a repository). */
  resolve?: (text: Text) => { pattern: string; label: string } | undefined;
}

/** Which tracked actions a statement names; unknown action strings are reported, never guessed. */
function statementActions(statement: Statement, unknowns: Unknown[], origin: string): Match[] | undefined {
  const unknown = (t: Text) =>
    unknowns.push({ reason: `an action in ${origin} is not known: ${t.reason ?? t.text}`, range: t.range, when: t.when });
  if (statement.actions) {
    const out: Match[] = [];
    for (const t of statement.actions) {
      if (!t.known) {
        unknown(t);
        continue;
      }
      for (const action of matchPattern(t.text)) out.push({ action, pattern: t, broad: patternSpansServices(t.text) });
    }
    return out;
  }
  if (statement.notActions) {
    if (statement.notActions.some((t) => !t.known)) {
      statement.notActions.filter((t) => !t.known).forEach(unknown);
      return undefined;
    }
    const excluded = new Set(statement.notActions.flatMap((t) => matchPattern(t.text)));
    return trackedActions().filter((a) => !excluded.has(a)).map((action) => ({ action, pattern: undefined, broad: true }));
  }
  return [];
}

function resourcesOf(statement: Statement, options: EvaluateOptions): Resources {
  const texts = statement.resources ?? statement.notResources;
  if (!texts) return { patterns: ["*"], labels: ["*"], negated: false, written: ["*"] };
  const patterns: string[] = [];
  const labels: string[] = [];
  for (const t of texts) {
    const resolved = options.resolve?.(t);
    patterns.push(resolved?.pattern ?? t.text);
    labels.push(resolved?.label ?? labelOf(t));
  }
  const negated = statement.resources === undefined;
  return { patterns, labels, negated, written: negated ? [`all except ${labels.join(", ")}`] : labels };
}

/** What to call a resource string that is not known: the reference it is (`R.Arn`), or why it is not known. */
function labelOf(t: Text): string {
  if (t.known || !isWholeUnknown(t.text)) return t.text;
  if (t.ref) return `${t.ref.key.split(/#|::/).pop() ?? t.ref.key}${t.ref.attribute ? `.${t.ref.attribute}` : ""}`;
  return `a value not known (${t.reason ?? "not resolved"})`;
}

const UNASKED = new Set<ActionInfo>();

export function read(sources: PolicySource[], unknowns: Unknown[], options: EvaluateOptions, layer = false): { allows: Read[]; denies: Read[] } {
  const allows: Read[] = [];
  const denies: Read[] = [];
  for (const source of sources) {
    unknowns.push(...source.document.unknowns);
    for (const statement of source.document.statements) {
      const matches = statementActions(statement, unknowns, source.document.origin);
      if (!matches || matches.length === 0) continue;
      const entry: Read = {
        statement,
        source,
        matches,
        actions: layer || statement.effect === "Deny" ? new Set(matches.map((m) => m.action)) : UNASKED,
        resources: resourcesOf(statement, options),
        when: [...source.when, ...statement.when],
        conditional: statement.conditions.length > 0,
        alone: new Map(),
      };
      (statement.effect === "Deny" ? denies : allows).push(entry);
    }
  }
  return { allows, denies };
}

export function statementName(s: Read): string {
  return `statement ${s.statement.sid ?? s.statement.index} of ${s.source.document.origin}`;
}
