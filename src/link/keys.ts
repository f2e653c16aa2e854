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
  for (const fact of all) defines.add(fact.key);
  // What is found by name: roles, instance profiles, launch templates, customer managed policies (an inline policy's name joins nothing), repositories.
  const named = [...facts.roles, ...facts.instanceProfiles, ...facts.launchTemplates, ...facts.policies.filter((p) => p.managed), ...facts.ecrRepositories];
  for (const fact of named) if (fact.name) defines.add(nameKey(fact.name));
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

/** Link keys as numbers into a table of strings: small to store, and fast to join. Clusters stay names (the linker is given them). */
export interface KeyIds {
  defines: number[];
  prefixes: number[];
  mentions: number[];
  clusters: string[];
}

/** The strings link keys are numbered by; a cache keeps it with the numbers. */
export class KeyTable {
  private readonly ids = new Map<string, number>();

  constructor(readonly strings: string[] = []) {
    strings.forEach((text, id) => this.ids.set(text, id));
  }

  intern(keys: LinkKeys): KeyIds {
    const id = (text: string) => {
      let known = this.ids.get(text);
      if (known === undefined) {
        known = this.strings.push(text) - 1;
        this.ids.set(text, known);
      }
      return known;
    };
    return { defines: keys.defines.map(id), prefixes: keys.prefixes.map(id), mentions: keys.mentions.map(id), clusters: keys.clusters };
  }
}

/**
 * The parts that can affect findings in the seeds (the parts holding the named files): every part reachable
 * through a key one defines and another mentions, in either direction, or a name that starts with a role
 * prefix. Returned in the order of `parts`.
 */
export function reachable<T extends { keys: KeyIds }>(parts: readonly T[], table: KeyTable, isSeed: (part: T) => boolean): T[] {
  const size = table.strings.length;
  const definers: number[][] = [];
  const mentioners: number[][] = [];
  const prefixed: { prefix: string; part: number }[] = [];
  const add = (lists: number[][], key: number, part: number) => (lists[key] ??= []).push(part);
  parts.forEach((part, i) => {
    for (const d of part.keys.defines) add(definers, d, i);
    for (const m of part.keys.mentions) add(mentioners, m, i);
    for (const prefix of part.keys.prefixes) prefixed.push({ prefix: table.strings[prefix] as string, part: i });
  });
  // A mentioned string that starts with a role prefix is a key of that prefix's definers too.
  const byPrefix: number[][] = [];
  const prefixesOf: number[][] = [];
  if (prefixed.length > 0) {
    for (let key = 0; key < size; key++) {
      if (!mentioners[key]) continue;
      const text = table.strings[key] as string;
      for (const p of prefixed) {
        if (!text.startsWith(p.prefix)) continue;
        (byPrefix[key] ??= []).push(p.part);
        (prefixesOf[p.part] ??= []).push(key);
      }
    }
  }
  const chosen = new Uint8Array(parts.length);
  const queue: number[] = [];
  const take = (i: number) => {
    if (chosen[i]) return;
    chosen[i] = 1;
    queue.push(i);
  };
  parts.forEach((part, i) => {
    if (isSeed(part)) take(i);
  });
  while (queue.length > 0) {
    const i = queue.pop() as number;
    const keys = (parts[i] as T).keys;
    for (const m of keys.mentions) {
      for (const j of definers[m] ?? []) take(j);
      for (const j of byPrefix[m] ?? []) take(j);
    }
    for (const d of keys.defines) for (const j of mentioners[d] ?? []) take(j);
    for (const m of prefixesOf[i] ?? []) for (const j of mentioners[m] ?? []) take(j);
  }
  return parts.filter((_, i) => chosen[i]);
}
