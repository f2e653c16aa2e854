// Imports TypeScript sources from a script: esbuild bundles the entry into node_modules/.cache/pullguard-scripts/ (inside the
// project, so that the code finds package.json as it does from dist/), and the script imports the result.
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ESBUILD_OPTIONS } from "./esbuild-options.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The module whose source is `code` (TypeScript, importing with paths relative to the project root). */
export async function importSources(name, code) {
  const { outputFiles } = await build({
    ...ESBUILD_OPTIONS,
    stdin: { contents: code, resolveDir: ROOT, loader: "ts", sourcefile: `${name}.ts` },
    write: false,
  });
  const dir = `${ROOT}node_modules/.cache/pullguard-scripts`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${name}.mjs`;
  writeFileSync(file, outputFiles[0].text);
  return import(pathToFileURL(file).href);
}
