import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KeyTable, type KeyIds } from "./link/keys.js";
import type { Facts } from "./model/facts.js";
import type { IgnoreDirective } from "./model/ignore.js";
import type { Diagnostic } from "./model/source.js";
import { VERSION } from "./report/tool.js";
import type { FileStatus } from "./analyse.js";

/**
 * What a scan keeps between runs, so that pre-commit naming one file does not read the whole repository again:
 * per file, what reading, parsing and extracting it gave (keyed by its content); per Terraform root module, its
 * facts and every file and folder listing its evaluation read (valid while each still hashes the same). Each
 * set of options that changes results (pullguard's version, the variables, the root's path) has a folder of its
 * own: an index of every file and root module (small: statuses, ignores, link keys) and one entry per file or
 * module with its facts, loaded only for the parts a named file reaches.
 *
 * Nothing read back is trusted: every file carries a checksum of its text, and an entry that is missing, damaged
 * or not what its name says is recomputed. The size is bounded: a folder keeps only the entries of its last run,
 * and only the four most recently used option sets are kept.
 */
export interface CachedFile {
  hash: string;
  /** Size and modification time when hashed, and when it was hashed: while they stay the same the file need not be read again. */
  stat?: [size: number, mtimeMs: number, hashedAt: number];
  status: FileStatus;
  diagnostics: Diagnostic[];
  ignores: IgnoreDirective[];
  /** A parsed Terraform file: the variables it declares (its facts come from its root modules). */
  terraform?: { variables: string[] };
  /** For a file linked on its own (not Terraform): its link keys and the entry holding its facts. */
  keys?: KeyIds;
  entry?: string;
}

export interface CachedUnit {
  /** The variables and variable files it was evaluated with. */
  inputs: string;
  /** Each file the evaluation read, with its content hash (null: it did not exist). */
  reads: [path: string, hash: string | null][];
  listings: [dir: string, files: string[]][];
  keys: KeyIds;
  failure?: string;
  entry: string;
}

interface Index {
  /** The strings the link keys number. */
  strings: string[];
  files: Record<string, CachedFile>;
  units: Record<string, CachedUnit>;
}

declare const __PULLGUARD_BUILD__: string | undefined;
/** A hash of the sources the bundle was built from (scripts/bundle.mjs): a rebuilt bundle never reads an older one's cache. */
const BUILD = typeof __PULLGUARD_BUILD__ === "string" ? __PULLGUARD_BUILD__ : "sources";

/** How much older than its hashing a file's modification time must be for the time to be trusted (coarse file system clocks). */
const RACY_MS = 2000;

/** Option sets kept side by side (a version upgrade, a run with other --var values). */
const KEPT_OPTION_SETS = 4;

export function contentHash(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/**
 * What changed since the index was last written whole: records by path (null: gone) and the strings added to its
 * table. A run that changes a few files writes this small file instead of the whole index.
 */
interface Journal {
  /** The checksum of the index it applies to. */
  base: string;
  strings: string[];
  files: Record<string, CachedFile | null>;
  units: Record<string, CachedUnit | null>;
}

/** Records a journal may hold before the index is written whole again (and unused entries removed). */
const JOURNAL_RECORDS = 256;

export class ScanCache {
  private readonly folder: string;
  /** The index as last written whole, and its checksum. */
  private readonly base: { index: Index; sum: string | undefined };
  /** The base with the journal applied: what the previous run left. */
  private readonly previous: Index;
  private readonly next: Omit<Index, "strings"> = { files: {}, units: {} };
  /** The strings of the previous run's link keys, and those of this run's. */
  readonly table: KeyTable;
  private readonly written = new Set<string>();
  private changed = false;

  /** `root`: the folder paths are relative to (a root module's facts hold its absolute path, path.cwd). */
  constructor(
    readonly location: string,
    root: string,
  ) {
    // Everything besides a file's path and content that changes what is cached: the build of pullguard, the root.
    this.folder = join(location, contentHash(JSON.stringify([VERSION, BUILD, root])).slice(0, 16));
    const base = readChecked<Index>(join(this.folder, "index.json"));
    this.base = base ? { index: base.value, sum: base.sum } : { index: { strings: [], files: {}, units: {} }, sum: undefined };
    const journal = base && readChecked<Journal>(join(this.folder, "journal.json"))?.value;
    this.previous = journal?.base === base?.sum && journal ? applyJournal(this.base.index, journal) : this.base.index;
    this.table = new KeyTable([...this.previous.strings]);
  }

  /**
   * The content hash of a file whose size and modification time are those it had when it was hashed, as git's index
   * does. Only a time well before the hashing counts: a file changed again in the same tick of a coarse clock keeps
   * its time, so a file modified just before it was hashed is read again.
   */
  unchangedFile(path: string, absolute: string): string | undefined {
    const stat = this.previous.files[path]?.stat;
    if (!stat || stat[1] > stat[2] - RACY_MS) return undefined;
    const now = statSync(absolute, { throwIfNoEntry: false });
    return now?.isFile() && now.size === stat[0] && now.mtimeMs === stat[1] ? this.previous.files[path]?.hash : undefined;
  }

  file(path: string, hash: string): CachedFile | undefined {
    const cached = this.previous.files[path];
    if (!cached || cached.hash !== hash) return undefined;
    this.next.files[path] = cached;
    return cached;
  }

  setFile(path: string, record: Omit<CachedFile, "entry">, facts: Facts | undefined): CachedFile {
    const stored: CachedFile = facts ? { ...record, entry: this.store(`file\u0000${path}\u0000${record.hash}`, facts) } : record;
    this.next.files[path] = stored;
    this.changed = true;
    return stored;
  }

  /** A root module's record, if every file and folder it read is as it was (`hashOf`, `listingOf` say what they are now). */
  unit(dir: string, inputs: string, hashOf: (path: string) => string | null, listingOf: (dir: string) => string[]): CachedUnit | undefined {
    const cached = this.previous.units[dir];
    if (cached?.inputs !== inputs) return undefined;
    if (!cached.reads.every(([path, hash]) => hashOf(path) === hash)) return undefined;
    if (!cached.listings.every(([folder, files]) => sameList(listingOf(folder), files))) return undefined;
    this.next.units[dir] = cached;
    return cached;
  }

  setUnit(dir: string, record: Omit<CachedUnit, "entry">, facts: Facts): CachedUnit {
    const key = JSON.stringify([dir, record.inputs, record.reads, record.listings]);
    const stored: CachedUnit = { ...record, entry: this.store(`unit\u0000${key}`, facts) };
    this.next.units[dir] = stored;
    this.changed = true;
    return stored;
  }

  /** The facts an entry holds, or undefined when it is missing or damaged (the caller recomputes them). */
  facts(entry: string): Facts | undefined {
    const stored = readChecked<{ entry: string; facts: Facts }>(join(this.folder, "entries", entry))?.value;
    return stored?.entry === entry ? stored.facts : undefined;
  }

  /** Stores facts recomputed because their entry was missing or damaged; returns them. */
  repair(entry: string, facts: Facts): Facts {
    this.write(entry, facts);
    return facts;
  }

  /** Writes the index of this run and removes what it no longer refers to; a cache that cannot be written is only slower. */
  save(): void {
    const unchanged = !this.changed && Object.keys(this.next.files).length === Object.keys(this.previous.files).length && Object.keys(this.next.units).length === Object.keys(this.previous.units).length;
    try {
      mkdirSync(this.location, { recursive: true });
      // Git, and pullguard's own walk, skip the whole folder.
      if (!existsSync(join(this.location, ".gitignore"))) writeFileSync(join(this.location, ".gitignore"), "# pullguard's cache (https://github.com/pullguard/pullguard#cache)\n*\n");
      if (unchanged || this.writeJournal()) {
        // Marks the option set as recently used.
        const now = new Date();
        utimesSync(join(this.folder, "index.json"), now, now);
        return;
      }
      const index = this.compacted();
      writeChecked(join(this.folder, "index.json"), index);
      rmSync(join(this.folder, "journal.json"), { force: true });
      const referenced = new Set([...Object.values(index.files).flatMap((f) => (f.entry ? [f.entry] : [])), ...Object.values(index.units).map((u) => u.entry)]);
      const entries = join(this.folder, "entries");
      for (const name of existsSync(entries) ? readdirSync(entries) : []) if (!referenced.has(name)) rmSync(join(entries, name), { force: true });
      this.dropOldOptionSets();
    } catch {
      // A read-only checkout or a full disk: the next run recomputes.
    }
  }

  /** Writes what changed since the index was written whole, if that is little; false when the index must be written. */
  private writeJournal(): boolean {
    const { index, sum } = this.base;
    if (sum === undefined) return false;
    const changes = <T>(now: Record<string, T>, before: Record<string, T>): Record<string, T | null> => {
      const out: Record<string, T | null> = {};
      for (const [key, record] of Object.entries(now)) if (before[key] !== record) out[key] = record;
      for (const key of Object.keys(before)) if (!(key in now)) out[key] = null;
      return out;
    };
    const files = changes(this.next.files, index.files);
    const units = changes(this.next.units, index.units);
    if (Object.keys(files).length + Object.keys(units).length > JOURNAL_RECORDS) return false;
    const journal: Journal = { base: sum, strings: this.table.strings.slice(index.strings.length), files, units };
    writeChecked(join(this.folder, "journal.json"), journal);
    return true;
  }

  /** This run's records, in path order, with the table of strings their keys number (renumbered when most of it is unused). */
  private compacted(): Index {
    const records = [...Object.values(this.next.files), ...Object.values(this.next.units)];
    const used = new Set(records.flatMap((r) => (r.keys ? [...r.keys.defines, ...r.keys.prefixes, ...r.keys.mentions] : [])));
    if (used.size * 2 >= this.table.strings.length) return { strings: this.table.strings, files: sortedRecord(this.next.files, (f) => f), units: sortedRecord(this.next.units, (u) => u) };
    const table = new KeyTable();
    const renumber = (keys: KeyIds): KeyIds => {
      const text = (ids: number[]) => ids.map((id) => this.table.strings[id] as string);
      return table.intern({ defines: text(keys.defines), prefixes: text(keys.prefixes), mentions: text(keys.mentions), clusters: keys.clusters });
    };
    const files = sortedRecord(this.next.files, (f) => (f.keys ? { ...f, keys: renumber(f.keys) } : f));
    const units = sortedRecord(this.next.units, (u) => ({ ...u, keys: renumber(u.keys) }));
    return { strings: table.strings, files, units };
  }

  private store(key: string, facts: Facts): string {
    const entry = contentHash(key);
    // An entry of the previous run with the same key holds the same facts: keep it.
    if (!this.written.has(entry) && !existsSync(join(this.folder, "entries", entry))) this.write(entry, facts);
    return entry;
  }

  private write(entry: string, facts: Facts): void {
    this.written.add(entry);
    try {
      writeChecked(join(this.folder, "entries", entry), { entry, facts });
    } catch {
      // Unwritable: recomputed next time.
    }
  }

  private dropOldOptionSets(): void {
    const sets = readdirSync(this.location, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^[0-9a-f]{16}$/.test(e.name))
      .map((e) => ({ path: join(this.location, e.name), used: modified(join(this.location, e.name, "index.json")) }))
      .sort((a, b) => b.used - a.used);
    for (const old of sets.slice(KEPT_OPTION_SETS)) rmSync(old.path, { recursive: true, force: true });
  }
}

/** A file written as its text's checksum, a newline and the text; written to a temporary name and renamed, so a reader never sees half of it. */
function writeChecked(file: string, value: unknown): void {
  const text = JSON.stringify(value);
  mkdirSync(join(file, ".."), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${contentHash(text)}\n${text}`);
  renameSync(temporary, file);
}

function applyJournal(base: Index, journal: Journal): Index {
  const apply = <T>(records: Record<string, T>, changes: Record<string, T | null>) => {
    const out = { ...records };
    for (const [key, record] of Object.entries(changes)) {
      if (record === null) delete out[key];
      else out[key] = record;
    }
    return out;
  };
  return { strings: [...base.strings, ...journal.strings], files: apply(base.files, journal.files), units: apply(base.units, journal.units) };
}

/** The value of a file written by writeChecked, and its checksum; undefined when it is missing or damaged. */
function readChecked<T>(file: string): { value: T; sum: string } | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const newline = text.indexOf("\n");
  const body = text.slice(newline + 1);
  const sum = text.slice(0, newline);
  if (newline !== 40 || contentHash(body) !== sum) return undefined;
  try {
    return { value: JSON.parse(body) as T, sum };
  } catch {
    return undefined;
  }
}

function modified(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sortedRecord<T>(record: Record<string, T>, map: (value: T) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => [key, map(value)]));
}
