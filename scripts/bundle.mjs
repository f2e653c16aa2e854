#!/usr/bin/env node
// `npm run bundle`: builds dist/ with esbuild, every runtime dependency inside, so that installing
// pullguard (npm, pre-commit, the GitHub Action) downloads one package and runs no script.
//   dist/cli.js      the command line (bin/pullguard.js loads it)
//   dist/index.js    the library (`import { scan } from "pullguard"`), dist/index.d.ts its types
//   dist/action.js   the GitHub Action (action.yml runs it)
//   dist/worker.js   a worker thread of the scan (src/workers.ts)
//   dist/chunks/     code the entries share, and what only some runs load (the CloudTrail reader)
//   dist/THIRD-PARTY-LICENSES.txt  the license of every package bundled
// dist/ is committed: the output depends only on the sources and the locked packages. With --check,
// builds into a temporary folder instead and exits 1 when dist/ differs from it (CI runs this).
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { generateDtsBundle } from "dts-bundle-generator";
import { ESBUILD_OPTIONS } from "./esbuild-options.mjs";

const COMMITTED = "dist";
const check = process.argv.includes("--check");
const OUT = check ? mkdtempSync(join(tmpdir(), "pullguard-bundle-")) : COMMITTED;
rmSync(OUT, { recursive: true, force: true });

// What the bundle is built from, so that a rebuilt bundle never reads the cache an older one wrote (src/cache.ts).
const sourceFiles = ["package-lock.json", ...["src", "rules"].flatMap((dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name)))].sort();
const sourceHash = createHash("sha1");
for (const file of sourceFiles) sourceHash.update(`${file}\0`).update(readFileSync(file)).update("\0");

const { metafile } = await build({
  ...ESBUILD_OPTIONS,
  define: { __PULLGUARD_BUILD__: JSON.stringify(sourceHash.digest("hex").slice(0, 16)) },
  entryPoints: { cli: "src/cli/main.ts", index: "src/index.ts", action: "src/cli/action.ts", worker: "src/worker.ts" },
  outdir: OUT,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // The bundled packages' licenses go to one file (below), in full.
  legalComments: "none",
  metafile: true,
});

/** Each bundled package (its folder under node_modules), with its license text, sorted by name. */
const packages = new Set(Object.keys(metafile.inputs).flatMap((input) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1] ?? []));
const notices = [...packages]
  .map((dir) => {
    const pkg = JSON.parse(readFileSync(`${dir}/package.json`, "utf8"));
    const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)([.-][\w.-]+)?$/i.test(name));
    if (!file) throw new Error(`${dir}: no license file to ship with the bundle`);
    return { title: `${pkg.name} ${pkg.version} (${pkg.license})`, text: readFileSync(`${dir}/${file}`, "utf8").trim() };
  })
  .sort((a, b) => a.title.localeCompare(b.title));
writeFileSync(
  `${OUT}/THIRD-PARTY-LICENSES.txt`,
  `pullguard's bundle (dist/) includes these packages, under these licenses.\n\n${notices.map((n) => `== ${n.title}\n\n${n.text}\n`).join("\n")}`,
);

const [types] = generateDtsBundle([{ filePath: "src/index.ts", output: { noBanner: true, exportReferencedTypes: false } }], {
  preferredConfigPath: "tsconfig.build.json",
});
writeFileSync(`${OUT}/index.d.ts`, types);

/** The files under `dir`, relative to it, sorted. */
const filesIn = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => join(f.parentPath, f.name).slice(dir.length + 1))
    .sort();

const built = filesIn(OUT);
if (check) {
  const committed = filesIn(COMMITTED);
  const same = (file) => built.includes(file) && committed.includes(file) && readFileSync(join(OUT, file)).equals(readFileSync(join(COMMITTED, file)));
  const stale = [...new Set([...built, ...committed])].filter((file) => !same(file)).sort();
  rmSync(OUT, { recursive: true, force: true });
  if (stale.length > 0) {
    console.error(`dist/ is not what the sources build (${stale.join(", ")}): run npm run bundle and commit dist/`);
    process.exit(1);
  }
  console.log(`dist/ is what the sources build (${built.length} files)`);
} else {
  console.log(`dist: ${built.length} files, ${notices.length} bundled packages`);
}
