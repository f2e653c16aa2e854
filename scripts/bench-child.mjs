// Runs one command of the benchmark in this process and reports its peak memory on fd 3 at exit:
//   node scripts/bench-child.mjs cli ARGS...   the pullguard CLI (bin/pullguard.js) with ARGS
//   node scripts/bench-child.mjs changed FILE ARGS...  FILE changed first (its last line, a comment, says when), then the CLI:
//                                              what pre-commit runs on a commit
//   node scripts/bench-child.mjs baseline DIR  read every file under DIR and JSON.parse / yaml-parse it
import { readdirSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";

process.on("exit", () => writeSync(3, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })));

const [mode, ...args] = process.argv.slice(2);
if (mode === "changed") {
  const [file] = args;
  const text = readFileSync(file, "utf8").replace(/\n# changed at \d+\n$/, "\n");
  writeFileSync(file, `${text}# changed at ${process.hrtime.bigint()}\n`);
}
if (mode === "cli" || mode === "changed") {
  process.argv = [process.argv[0], new URL("../bin/pullguard.js", import.meta.url).pathname, ...args];
  await import("../bin/pullguard.js");
} else {
  // What any tool must do at least: read the bytes and parse them (HCL has no parser in the standard library: read only).
  const { parseAllDocuments } = await import("yaml");
  let parsed = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const text = readFileSync(path, "utf8");
        if (path.endsWith(".json")) JSON.parse(text);
        else if (path.endsWith(".yaml") || path.endsWith(".yml")) parseAllDocuments(text);
        parsed++;
      }
    }
  };
  walk(args[0]);
  if (parsed === 0) process.exitCode = 1;
}
