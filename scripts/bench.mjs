#!/usr/bin/env node
// `npm run bench [-- --json]`: generates a deterministic benchmark repository (2,000 Terraform and
// 2,000 YAML files, about 8 MB) and measures pullguard in fresh processes, several runs each: median
// and spread of wall time, files/s, MB/s, peak RSS, and the ratio to a baseline process that only reads
// and parses the same bytes. Also scaling at 500 to 4,000 files, and the corpus when ../shared exists.
// Figures, not pass/fail: the design's budgets are printed next to them. `--checkov` also runs Checkov on the
// full-scan estate (installed into a temporary virtualenv) and prints the ratio: scripts/bench-checkov.mjs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./bench-generate.mjs";
import { benchCloudTrail } from "./bench-cloudtrail.mjs";
import { benchCheckov } from "./bench-checkov.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHILD = join(ROOT, "scripts", "bench-child.mjs");
const CORPUS = join(ROOT, "..", "shared", "corpus");
const asJson = process.argv.includes("--json");
const log = (text) => {
  if (!asJson) process.stdout.write(`${text}\n`);
};

/** ../shared/DESIGN.md, "Performance budgets". */
const BUDGETS = {
  version: { wallMs: 100 },
  oneFile: { wallMs: 300 },
  full: { wallMs: 1000, rssMb: 300 },
  checkovRatio: 100,
};

/** One fresh process: wall time (ms) and peak RSS (MB). */
function once(mode, args) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [CHILD, mode, ...args], { stdio: ["ignore", "ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 1 << 26 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${mode} ${args.join(" ")} exited ${run.status}: ${run.stderr?.slice(0, 500)}`);
  const usage = JSON.parse(String(run.output[3] ?? "{}"));
  return { wallMs, rssMb: (usage.maxRssKb ?? 0) / 1024 };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Runs a measurement `runs` times after one warm-up run (the page cache, not the process, is warmed). */
function measure(mode, args, runs) {
  once(mode, args);
  const samples = Array.from({ length: runs }, () => once(mode, args));
  return { wall: stats(samples.map((s) => s.wallMs)), rss: stats(samples.map((s) => s.rssMb)) };
}

function sizeOf(dir) {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else {
        files++;
        bytes += statSync(p).size;
      }
    }
  };
  walk(dir);
  return { files, mb: bytes / 1e6 };
}

const results = {};
function record(name, { files, mb }, m, baseline) {
  const seconds = m.wall.median / 1000;
  const entry = {
    files,
    mb: Number(mb.toFixed(2)),
    wallMs: { median: round(m.wall.median), min: round(m.wall.min), max: round(m.wall.max) },
    filesPerSecond: files ? Math.round(files / seconds) : undefined,
    mbPerSecond: files ? Number((mb / seconds).toFixed(2)) : undefined,
    peakRssMb: { median: round(m.rss.median), min: round(m.rss.min), max: round(m.rss.max) },
    ...(baseline ? { baselineWallMs: round(baseline.wall.median), ratioToBaseline: Number((m.wall.median / baseline.wall.median).toFixed(2)) } : {}),
  };
  results[name] = entry;
  const spread = `${entry.wallMs.min}-${entry.wallMs.max}`;
  const rate = files ? `  ${String(entry.filesPerSecond).padStart(6)} files/s  ${entry.mbPerSecond.toFixed(2).padStart(6)} MB/s` : "";
  const ratio = baseline ? `  baseline ${entry.baselineWallMs} ms (x${entry.ratioToBaseline})` : "";
  log(`${name.padEnd(24)} ${String(entry.wallMs.median).padStart(6)} ms (${spread})  RSS ${String(entry.peakRssMb.median).padStart(4)} MB${rate}${ratio}`);
}

function loadText() {
  return loadavg().map((l) => l.toFixed(2)).join(" ");
}

function round(n) {
  return Math.round(n * 10) / 10;
}

const started = Date.now();
const work = mkdtempSync(join(tmpdir(), "pullguard-bench-"));
try {
  log(`pullguard benchmark on ${cpus().length} CPU(s) (${cpus()[0]?.model ?? "unknown"}), Node ${process.version}, load average ${loadText()}`);
  const full = join(work, "full");
  generate(full, { terraformFiles: 2000, yamlFiles: 2000 });
  const fullSize = sizeOf(full);
  log(`generated ${fullSize.files} files, ${fullSize.mb.toFixed(1)} MB (seeded, identical on every run)\n`);

  record("--version", { files: 0, mb: 0 }, measure("cli", ["--version"], 7));

  // What pre-commit runs: one file named, the 4,000-file repository (a git work tree) as its context, the cache warm
  // (the warm-up run fills it). "changed" rewrites the file before each run, as a commit does.
  spawnSync("git", ["init", "-q"], { cwd: full });
  const named = join(full, "terraform", "env-0003", "iam.tf");
  const oneFile = [named, "--quiet", "--format", "json", "--output", "/dev/null"];
  log("one file named, with the 4,000 files as context");
  record("  changed, cache warm", sizeOf(full), measure("changed", [named, ...oneFile.slice(1)], 7));
  record("  unchanged, cache warm", sizeOf(full), measure("cli", oneFile, 7));
  record("  without the cache", sizeOf(full), measure("cli", [...oneFile, "--no-cache"], 3));
  rmSync(join(full, ".git"), { recursive: true, force: true });
  rmSync(join(full, ".pullguard-cache"), { recursive: true, force: true });

  log("\nfull scan, cold (no cache)");
  const fullArgs = [full, "--format", "json", "--output", "/dev/null", "--quiet"];
  const baseline = measure("baseline", [full], 5);
  record("  4,000 files", fullSize, measure("cli", fullArgs, 5), baseline);
  record("  4,000, --workers 1", fullSize, measure("cli", [...fullArgs, "--workers", "1"], 5), baseline);
  record("  4,000, --workers 2", fullSize, measure("cli", [...fullArgs, "--workers", "2"], 5), baseline);

  log("\nscaling");
  const scaling = [];
  for (const n of [500, 1000, 2000, 4000, 8000]) {
    const dir = join(work, `scale-${n}`);
    generate(dir, { terraformFiles: n / 2, yamlFiles: n / 2 });
    const m = measure("cli", [dir, "--format", "json", "--output", "/dev/null", "--quiet"], 3);
    record(`  ${n} files`, sizeOf(dir), m, measure("baseline", [dir], 3));
    scaling.push({ files: n, wallMs: m.wall.median, rssMb: m.rss.median });
  }
  // Time per file at 8,000 against 500, net of the fixed start-up cost (the --version process).
  const startup = results["--version"].wallMs.median;
  const perFile = (s) => (s.wallMs - startup) / s.files;
  const growth = perFile(scaling[4]) / perFile(scaling[0]);
  // Memory the same way, net of what the --version process holds.
  const baseRss = results["--version"].peakRssMb.median;
  const perFileRss = (s) => (s.rssMb - baseRss) / s.files;
  const rssGrowth = perFileRss(scaling[4]) / perFileRss(scaling[0]);
  results.scaling = {
    perFileGrowth500to8000: Number(growth.toFixed(2)),
    linear: growth < 1.5,
    perFileRssGrowth500to8000: Number(rssGrowth.toFixed(2)),
    rssLinear: rssGrowth < 1.5,
  };
  log(`  time per file (start-up excluded) at 8,000 vs 500: x${growth.toFixed(2)} (${growth < 1.5 ? "linear" : "super-linear"})`);
  log(`  memory per file (start-up excluded) at 8,000 vs 500: x${rssGrowth.toFixed(2)} (${rssGrowth < 1.5 ? "linear or better" : "super-linear"})`);

  if (existsSync(join(CORPUS, "MANIFEST.json"))) {
    log("");
    record("corpus (../shared)", sizeOf(CORPUS), measure("cli", [CORPUS, "--format", "json", "--output", "/dev/null", "--quiet"], 5), measure("baseline", [CORPUS], 5));
  }

  log("\n--cloudtrail on generated CloudTrail logs (one run each; peak RSS should not grow with the logs)");
  results.cloudtrail = benchCloudTrail({ work, log });

  if (process.argv.includes("--checkov")) results.checkov = benchCheckov({ estate: full, log, quiet: asJson });

  const met = (ok) => (ok ? "met" : "MISSED");
  const fullScan = results["  4,000 files"];
  const budgets = {
    version: results["--version"].wallMs.median <= BUDGETS.version.wallMs,
    oneFile: results["  changed, cache warm"].wallMs.median <= BUDGETS.oneFile.wallMs,
    fullWall: fullScan.wallMs.median <= BUDGETS.full.wallMs,
    fullRss: fullScan.peakRssMb.median <= BUDGETS.full.rssMb,
    ...(results.checkov?.ratio ? { checkov: results.checkov.ratio >= BUDGETS.checkovRatio } : {}),
  };
  results.budgets = budgets;
  log("\nbudgets (../shared/DESIGN.md)");
  log(`  --version <= ${BUDGETS.version.wallMs} ms: ${met(budgets.version)} (${results["--version"].wallMs.median} ms)`);
  log(`  one changed file, 4,000 as context, cache warm <= ${BUDGETS.oneFile.wallMs} ms: ${met(budgets.oneFile)} (${results["  changed, cache warm"].wallMs.median} ms)`);
  log(`  4,000 files cold <= ${BUDGETS.full.wallMs} ms: ${met(budgets.fullWall)} (${fullScan.wallMs.median} ms); <= ${BUDGETS.full.rssMb} MB: ${met(budgets.fullRss)} (${fullScan.peakRssMb.median} MB)`);
  if (budgets.checkov !== undefined) log(`  >= ${BUDGETS.checkovRatio}x faster than Checkov: ${met(budgets.checkov)} (x${results.checkov.ratio})`);
  // Other processes on a shared machine slow every figure: the load is printed so that a reader can tell.
  results.machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))) };
  log(`load average at the end ${loadText()}`);
  results.seconds = Math.round((Date.now() - started) / 1000);
  log(`\nbenchmark took ${results.seconds} s`);
  if (asJson) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
