import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { minimatch } from "minimatch";
import { findConfig } from "../config/config.js";
import { candidate } from "./sniff.js";

export interface DiscoverOptions {
  paths: string[];
  cwd: string;
  include: string[];
  exclude: string[];
}

export interface DiscoveredFile {
  /** Relative to `root`, `/`-separated: the path reports use. */
  path: string;
  absolute: string;
  /** False for files read only as context of a named file (the rest of its repository), whose findings are not reported. */
  reported: boolean;
}

export interface Discovery {
  root: string;
  files: DiscoveredFile[];
  /** Files whose type pullguard never reads (by extension), counted but not listed. */
  otherFiles: number;
  missing: string[];
  /** Folders that could not be listed (permissions): their files were not scanned, so the scan is incomplete. */
  unreadable: { path: string; message: string }[];
  /** Candidate names that are links leading nowhere (dangling, or a loop of links). */
  brokenLinks: string[];
}

/** Folders never walked: dependencies, VCS data, Terraform's download cache (modules are read from it on demand) and pullguard's own cache. */
const SKIPPED_DIRS = new Set(["node_modules", ".git", ".terraform", ".pullguard-cache"]);

/** The git work tree holding `dir`, if any. */
function workTree(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * What a named file is analysed with: its repository, that is the git work tree that holds it, or else the
 * folder of the nearest .pullguard.yml above it, or else its own folder. A node group in the root module makes
 * a module's role a node role; an association in infra/ gives a Job in k8s/ its identity.
 */
export function contextRoot(file: string): string {
  const dir = dirname(file);
  const config = findConfig(dir);
  return workTree(dir) ?? (config ? dirname(config) : dir);
}

/** Whether a file lies in a repository (a git work tree, or below a .pullguard.yml), rather than in a loose folder. */
export function inRepository(file: string): boolean {
  const dir = dirname(file);
  return workTree(dir) !== undefined || findConfig(dir) !== undefined;
}

/** The folder reports are relative to: the context of the first path when it is a file, else the git work tree holding it, or the folder itself. */
export function findRoot(firstPath: string): string {
  if (existsSync(firstPath) && statSync(firstPath).isFile()) return contextRoot(firstPath);
  return workTree(firstPath) ?? firstPath;
}

export function discover(options: DiscoverOptions): Discovery {
  const absolutePaths = (options.paths.length ? options.paths : ["."]).map((p) => resolve(options.cwd, p));
  const root = findRoot(absolutePaths[0] as string);
  const missing = absolutePaths.filter((p) => !existsSync(p));
  const files = new Map<string, DiscoveredFile>();
  let otherFiles = 0;
  const visitedDirs = new Set<string>();
  const toPath = (absolute: string) => within(root, absolute) ?? (relative(root, absolute).split(sep).join("/") || ".");
  const unreadable: Discovery["unreadable"] = [];
  const brokenLinks: string[] = [];
  const cannotList = (dir: string, err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    if (!unreadable.some((u) => u.path === toPath(dir))) unreadable.push({ path: toPath(dir), message: `could not list this folder (${code || (err as Error).message}), so its files were not scanned` });
  };
  const matches = (path: string, globs: string[]) => globs.some((g) => minimatch(path, g, { dot: true, matchBase: !g.includes("/") }));
  const wanted = (path: string) =>
    (options.include.length === 0 || matches(path, options.include)) && !matches(path, options.exclude);

  const add = (absolute: string, reported: boolean) => {
    const path = toPath(absolute);
    const known = files.get(path);
    if (known) known.reported ||= reported;
    else files.set(path, { path, absolute, reported });
  };

  /** `knownReal`: the folder's real path when it is a plain folder inside a folder whose real path is known. */
  const walk = (dir: string, rules: { base: string; ig: Ignore }[], recurse: boolean, reported: boolean, knownReal?: string) => {
    let real: string;
    try {
      // The native call resolves the whole path at once; the JavaScript one stats each component. Only the start
      // and folders reached through a link need it: a loop of folders needs a link.
      real = knownReal ?? realpathSync.native(dir);
    } catch (err) {
      cannotList(dir, err);
      return;
    }
    if (visitedDirs.has(`${real}|${recurse}|${reported}`)) return;
    visitedDirs.add(`${real}|${recurse}|${reported}`);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (err) {
      cannotList(dir, err);
      return;
    }
    // Only a folder that lists a .gitignore pays for reading one (a failed read throws, which is slow).
    const local = entries.some((e) => e.name === ".gitignore") ? readGitignore(dir) : undefined;
    const active = local ? [...rules, { base: dir, ig: local }] : rules;
    for (const entry of entries) {
      const absolute = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(absolute);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          // A dangling link or a loop of links: nothing to read, but a candidate name is listed as skipped.
          if (candidate(entry.name) && wanted(toPath(absolute))) brokenLinks.push(toPath(absolute));
          continue;
        }
      }
      if (isDir && SKIPPED_DIRS.has(entry.name)) continue;
      if (ignored(active, absolute, isDir)) continue;
      const path = toPath(absolute);
      if (isDir) {
        if (recurse && !matches(path, options.exclude)) walk(absolute, active, true, reported, entry.isSymbolicLink() ? undefined : join(real, entry.name));
      } else if (isFile) {
        if (!candidate(entry.name)) otherFiles++;
        else if (wanted(path)) add(absolute, reported);
      }
    }
  };

  const namedFiles = absolutePaths.filter((p) => existsSync(p) && statSync(p).isFile());
  for (const p of absolutePaths) {
    if (!existsSync(p)) continue;
    if (statSync(p).isDirectory()) walk(p, ancestorsIgnore(root, p), true, true);
  }
  for (const p of namedFiles) {
    // A named file is always read, and its repository gives it context; named files of one repository share it.
    add(p, true);
    const context = contextRoot(p);
    walk(context, ancestorsIgnore(root, context), true, false);
  }
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root, files: sorted, otherFiles, missing, unreadable, brokenLinks: [...new Set(brokenLinks)].sort() };
}

function readGitignore(dir: string): Ignore | undefined {
  const file = join(dir, ".gitignore");
  try {
    return ignore().add(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** The .gitignore files between the root and a folder where walking starts. */
function ancestorsIgnore(root: string, dir: string): { base: string; ig: Ignore }[] {
  const out: { base: string; ig: Ignore }[] = [];
  const rel = relative(root, dir);
  if (rel.startsWith("..")) return out;
  const parts = rel ? rel.split(sep) : [];
  for (let i = 0; i < parts.length; i++) {
    const base = join(root, ...parts.slice(0, i));
    const ig = readGitignore(base);
    if (ig) out.push({ base, ig });
  }
  return out;
}

/** `absolute` relative to `base` with / separators when it lies below it (a string test: walking asks this of every entry). */
function within(base: string, absolute: string): string | undefined {
  const prefix = base.endsWith(sep) ? base : base + sep;
  if (!absolute.startsWith(prefix) || absolute.length === prefix.length) return undefined;
  const rel = absolute.slice(prefix.length);
  return sep === "/" ? rel : rel.split(sep).join("/");
}

function ignored(rules: { base: string; ig: Ignore }[], absolute: string, isDir: boolean): boolean {
  for (const { base, ig } of rules) {
    const rel = within(base, absolute);
    if (rel === undefined) continue;
    if (ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}
