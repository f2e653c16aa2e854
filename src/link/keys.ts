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
  /** Built on first need: a warm cache run that interns nothing, or one changed file, does not pay for a map of every string. */
  private ids: Map<string, number> | undefined;
  private interned = 0;

  constructor(readonly strings: string[] = []) {}

  intern(keys: LinkKeys): KeyIds {
    const ids = this.idsFor([...keys.defines, ...keys.prefixes, ...keys.mentions]);
    const id = (text: string) => {
      let known = ids.get(text);
      if (known === undefined) {
        known = this.strings.push(text) - 1;
        ids.set(text, known);
      }
      return known;
    };
    return { defines: keys.defines.map(id), prefixes: keys.prefixes.map(id), mentions: keys.mentions.map(id), clusters: keys.clusters };
  }

  /** The ids of `texts` known so far: the first few parts look them up in one pass over the table, later ones build the whole map. */
  private idsFor(texts: string[]): Map<string, number> {
    if (this.ids || ++this.interned > 4) {
      if (!this.ids) {
        this.ids = new Map();
        this.strings.forEach((text, id) => this.ids?.set(text, id));
      }
      return this.ids;
    }
    const wanted = new Set(texts);
    const found = new Map<string, number>();
    this.strings.forEach((text, id) => {
      if (wanted.has(text) && !found.has(text)) found.set(text, id);
    });
    return found;
  }
}

/**
 * The parts that can affect findings in the seeds (the parts holding the named files): every part reachable
 * through a key one defines and another mentions, in either direction, or a name that starts with a role
 * prefix. Returned in the order of `parts`.
 */
export function reachable<T extends { keys: KeyIds }>(parts: readonly T[], table: KeyTable, isSeed: (part: T) => boolean): T[] {
  // Keys may be numbered on first use, adding strings to the table: all of them first, then its size.
  for (const part of parts) void part.keys;
  const size = table.strings.length;
  const definers = byKey(parts, size, (keys) => keys.defines);
  const mentioners = byKey(parts, size, (keys) => keys.mentions);
  const prefixed: { prefix: string; part: number }[] = [];
  parts.forEach((part, i) => {
    for (const prefix of part.keys.prefixes) prefixed.push({ prefix: table.strings[prefix] as string, part: i });
  });
  // A mentioned string that starts with a role prefix is a key of that prefix's definers too.
  const byPrefix: number[][] = [];
  const prefixesOf: number[][] = [];
  if (prefixed.length > 0) {
    for (let key = 0; key < size; key++) {
      if (mentioners.start[key] === mentioners.start[key + 1]) continue;
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
  const takeAll = (lists: KeyLists, key: number) => {
    for (let k = lists.start[key] as number; k < (lists.start[key + 1] as number); k++) take(lists.parts[k] as number);
  };
  parts.forEach((part, i) => {
    if (isSeed(part)) take(i);
  });
  while (queue.length > 0) {
    const i = queue.pop() as number;
    const keys = (parts[i] as T).keys;
    for (const m of keys.mentions) {
      takeAll(definers, m);
      for (const j of byPrefix[m] ?? []) take(j);
    }
    for (const d of keys.defines) takeAll(mentioners, d);
    for (const m of prefixesOf[i] ?? []) takeAll(mentioners, m);
  }
  return parts.filter((_, i) => chosen[i]);
}

/** For each key, the parts that have it: `parts[start[key] .. start[key + 1]]` (two passes into flat arrays, no list per key). */
interface KeyLists {
  start: Int32Array;
  parts: Int32Array;
}

function byKey<T extends { keys: KeyIds }>(parts: readonly T[], size: number, of: (keys: KeyIds) => number[]): KeyLists {
  const start = new Int32Array(size + 1);
  for (const part of parts) for (const key of of(part.keys)) start[key + 1] = (start[key + 1] ?? 0) + 1;
  for (let key = 0; key < size; key++) start[key + 1] = (start[key + 1] ?? 0) + (start[key] ?? 0);
  const next = start.slice(0, size);
  const out = new Int32Array(start[size] ?? 0);
  parts.forEach((part, i) => {
    for (const key of of(part.keys)) {
      const at = next[key] ?? 0;
      out[at] = i;
      next[key] = at + 1;
    }
  });
  return { start, parts: out };
}
