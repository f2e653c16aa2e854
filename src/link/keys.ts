import type { Facts, Reference, Text } from "../model/facts.js";
import { nameKey } from "./link.js";

/**
 * What a part of the repository (a file, or a Terraform root module with what it calls) offers to the linker and
 * asks of it, as plain strings: two parts can affect each other's findings only when one mentions a string the
 * other defines (or a name that starts with a role prefix it defines). A named file is analysed with the parts
 * it reaches this way, not with the whole repository. The strings mirror the linker's indexes (link.ts): fact
 * keys, names as `nameKey` makes them, export names, Terraform template bindings, service account names, the
 * reusable specs runs name; mentions are over-approximated from every text of the facts.
 */
export interface LinkKeys {
  defines: string[];
  /** Role name prefixes (`name_prefix`): a mentioned name that starts with one may be that role. */
  prefixes: string[];
  mentions: string[];
  /** Cluster names the part names (the linker places manifests by folders named after any cluster the repository names). */
  clusters: string[];
}

export function linkKeys(facts: Facts): LinkKeys {
  const defines = new Set<string>();
  const prefixes = new Set<string>();
  const mentions = new Set<string>();
  const clusters = new Set<string>();
  const all = [
    ...facts.roles, ...facts.policies, ...facts.instanceProfiles, ...facts.launchTemplates,
    ...facts.nodeGroups, ...facts.podIdentityAssociations, ...facts.ecrRepositories, ...facts.roleUses,
  ];
  for (const fact of all) {
    defines.add(fact.key);
    const name = "name" in fact ? fact.name : undefined;
    if (name) defines.add(nameKey(name));
  }
  for (const role of facts.roles) if (!role.name && role.namePrefix?.known) prefixes.add(role.namePrefix.text);
  for (const e of facts.exports) defines.add(e.name.text);
  for (const b of facts.templateBindings) defines.add(`${b.file}\u0000${b.name}`);
  for (const a of facts.serviceAccounts) if (a.name) defines.add(a.name.text);
  for (const a of facts.podIdentityAssociations) if (a.serviceAccount) defines.add(a.serviceAccount.text);
  for (const f of [...facts.podIdentityAssociations, ...facts.serviceAccounts]) if (f.cluster?.known) clusters.add(f.cluster.text);
  // Runs and the specs they run find each other by name, in both directions.
  for (const w of facts.workloads) {
    if (w.reusable) defines.add(w.reusable);
    mentions.add(w.serviceAccount?.text ?? "default");
  }
  for (const r of facts.workloadRuns) {
    defines.add(r.target);
    mentions.add(r.target);
    if (r.through) mentions.add(r.through);
    mentions.add(r.serviceAccount?.text ?? "default");
  }
  const { texts, references } = textsAndReferences(facts);
  // A reference by logical id or by export name is a fact key or an export name the linker looks up.
  for (const ref of references) mentions.add(ref.kind === "import" ? ref.exportName : ref.target.key);
  for (const text of texts) {
    if (text.ref) mentions.add(text.ref.key);
    if (text.importedFrom !== undefined) mentions.add(text.importedFrom);
    mentions.add(nameKey(text));
    mentions.add(text.text);
    const placeholder = /^\$\{([A-Za-z_][\w-]*)\}$/.exec(text.text)?.[1];
    if (placeholder) mentions.add(`${text.range.file}\u0000${placeholder}`);
    // The name part of an ARN, and every other part: over-approximated, never missed.
    if (/^arn:/i.test(text.text)) {
      for (const part of text.text.split(/[:/]/)) {
        if (part) mentions.add(part.includes("${") ? `${text.range.file}\u0000${part}` : part);
      }
    }
  }
  return { defines: [...defines].sort(), prefixes: [...prefixes].sort(), mentions: [...mentions].sort(), clusters: [...clusters].sort() };
}

/** Every text in the facts (an object with a string `text`, a boolean `known` and a `range`), and every reference by logical id or export name. */
function textsAndReferences(facts: Facts): { texts: Text[]; references: LogicalOrImport[] } {
  const out: Text[] = [];
  const references: LogicalOrImport[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.text === "string" && typeof record.known === "boolean" && typeof record.range === "object") out.push(record as unknown as Text);
    if ((record.kind === "import" && typeof record.exportName === "string") || (record.kind === "logical" && typeof record.target === "object")) references.push(record as unknown as LogicalOrImport);
    for (const [key, item] of Object.entries(record)) if (key !== "range") visit(item);
  };
  visit(facts);
  return { texts: out, references };
}

type LogicalOrImport = Extract<Reference, { kind: "logical" | "import" }>;

/**
 * The parts that can affect findings in `seeds` (the parts holding the named files): every part reachable
 * through a string one defines and another mentions, in either direction, or a name that starts with a
 * role prefix. Returned in the order of `parts`.
 */
export function reachable<T extends { keys: LinkKeys }>(parts: readonly T[], isSeed: (part: T) => boolean): T[] {
  const definers = new Map<string, number[]>();
  const mentioners = new Map<string, number[]>();
  const prefixed: { prefix: string; part: number }[] = [];
  parts.forEach((part, i) => {
    for (const d of part.keys.defines) push(definers, d, i);
    for (const m of part.keys.mentions) push(mentioners, m, i);
    for (const prefix of part.keys.prefixes) prefixed.push({ prefix, part: i });
  });
  const mentioned = [...mentioners.keys()];
  const chosen = new Set<number>();
  const queue: number[] = [];
  const add = (i: number) => {
    if (chosen.has(i)) return;
    chosen.add(i);
    queue.push(i);
  };
  parts.forEach((part, i) => {
    if (isSeed(part)) add(i);
  });
  while (queue.length > 0) {
    const part = parts[queue.shift() as number] as T;
    for (const m of part.keys.mentions) {
      for (const i of definers.get(m) ?? []) add(i);
      for (const p of prefixed) if (m.startsWith(p.prefix)) add(p.part);
    }
    for (const d of part.keys.defines) for (const i of mentioners.get(d) ?? []) add(i);
    for (const prefix of part.keys.prefixes) for (const m of mentioned) if (m.startsWith(prefix)) for (const i of mentioners.get(m) ?? []) add(i);
  }
  return parts.filter((_, i) => chosen.has(i));
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
