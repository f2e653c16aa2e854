#!/usr/bin/env node
// Starts the CLI (dist/cli.js, the committed bundle). `--version` is answered before anything heavy is loaded:
// it must stay fast. The pre-commit hook runs this file with whatever Node is on the PATH: too old a Node
// gets one line that says so, not a syntax error from the bundle.
import { readFileSync } from "node:fs";

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`pullguard: needs Node.js 20.19 or later; this is Node.js ${process.versions.node} (${process.execPath})\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  process.stdout.write(`${pkg.version}\n`);
} else {
  // A reader that stops early (pullguard . | head) closes the pipe: end quietly, as other CLIs do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err) => {
      if (err.code !== "EPIPE") throw err;
      process.exit(process.exitCode ?? 0);
    });
  }
  const { main } = await import("../dist/cli.js");
  process.exitCode = await main(args, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    // Bytes: pullguard decodes them as it does files (UTF-16, invalid UTF-8, binary, the size limit).
    readStdin: () => readFileSync(0),
  });
}
