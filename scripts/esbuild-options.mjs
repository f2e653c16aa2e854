// How pullguard's sources are bundled, for dist/ (bundle.mjs) and for scripts that import the sources (import-sources.mjs).
export const ESBUILD_OPTIONS = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  // The ES module builds: jsonc-parser's "main" is UMD, whose require() calls esbuild cannot follow.
  mainFields: ["module", "main"],
  // Paths as the project sees them (node_modules/...), wherever node_modules really is: the same bundle from any checkout.
  preserveSymlinks: true,
  // The bundled CommonJS packages (yaml, ajv, stream-json) call require() for Node's own modules.
  banner: { js: 'import { createRequire as __pullguardRequire } from "node:module";\nconst require = __pullguardRequire(import.meta.url);' },
  logLevel: "warning",
};
