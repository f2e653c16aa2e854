#!/usr/bin/env node
// `npm run bench -- --checkov` (or `node scripts/bench-checkov.mjs [--json] [--checkov-runs=N]` alone, on
// an estate of its own): pullguard and Checkov side by side on the same generated estate. Checkov is
// installed into a fresh Python virtualenv in a temporary folder (pip as the environment configures it),
// both tools run as whole processes, and the ratio of their median wall times is printed with the
// machine and the load average. No network (the install fails): one line says so, and nothing fails.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generate } from "./bench-generate.mjs";

/** The newest Checkov on PyPI when this was written; it installs on Python 3.11 (`--checkov-version=X` to change). */
export const CHECKOV_VERSION = "3.3.30";
/** What pullguard reads: Terraform, CloudFormation and Kubernetes (eksctl files are YAML that Checkov reads as Kubernetes or skips). */
const FRAMEWORKS = ["terraform", "cloudformation", "kubernetes"];

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PULLGUARD = join(ROOT, "bin", "pullguard.js");

// Runs a command as a whole process and reports on stdout: exit code, wall time, and from getrusage of
// the children (what /usr/bin/time reports) user and system CPU and the peak RSS of the largest process.
// Checkov forks one worker per CPU, so with `sample` the wrapper also follows the process tree in /proc
// and records the peak of its summed PSS (shared pages counted once, in shares), every 0.5 s.
const WRAPPER = String.raw`
import json, os, resource, subprocess, sys, threading, time
out, err, sample, cmd = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4:]
peak = [0]
def tree_pss(root):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name) as f:
                    stat = f.read()
                children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(name))
            except (OSError, ValueError):
                pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total
with open(out, "wb") as o, open(err, "wb") as e:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=o, stderr=e)
    def watch():
        while proc.returncode is None:
            peak[0] = max(peak[0], tree_pss(proc.pid))
            time.sleep(0.5)
    if sample and os.path.exists("/proc/self/smaps_rollup"):
        threading.Thread(target=watch, daemon=True).start()
    code = proc.wait()
    wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wallS": wall, "userS": usage.ru_utime, "sysS": usage.ru_stime, "maxRssKb": usage.ru_maxrss, "treePssPeakKb": peak[0] or None}))
`;

// Temporary folders to remove if the benchmark is interrupted (Ctrl-C stops the child and then this process).
const cleanups = new Set();
function onSignal(signal) {
  for (const cleanUp of cleanups) cleanUp();
  process.exit(signal === "SIGINT" ? 130 : 143);
}
function removeOnExit(dir) {
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  if (cleanups.size === 0) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  cleanups.add(cleanUp);
  return () => {
    cleanUp();
    cleanups.delete(cleanUp);
    if (cleanups.size === 0) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  };
}

function option(name, fallback) {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3) : fallback;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median: round(median), min: round(sorted[0]), max: round(sorted[sorted.length - 1]) };
}

function round(n, digits = 2) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

const loadNow = () => loadavg().map((l) => round(l));
const lastLine = (text) =>
  String(text ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .pop() ?? "";

/** One whole process under the wrapper: { code, wallS, userS, sysS, maxRssKb, treePssPeakKb }. */
function timed(work, command, { sample = false, env = process.env } = {}) {
  const out = join(work, "last.stdout");
  const err = join(work, "last.stderr");
  const run = spawnSync("python3", ["-c", WRAPPER, out, err, sample ? "1" : "0", ...command], { encoding: "utf8", env, maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`the timing wrapper failed (${run.error?.message ?? `exit ${run.status}`}): ${lastLine(run.stderr)}`);
  const result = JSON.parse(run.stdout);
  result.stderr = existsSync(err) ? readFileSync(err, "utf8").slice(-2000) : "";
  return result;
}

/** pullguard exits 0 (clean) or 1 (findings); anything else here is most likely dist/ being rebuilt: retried. */
function pullguardOnce(work, estate) {
  const command = [process.execPath, PULLGUARD, estate, "--format", "json", "--output", "/dev/null", "--quiet"];
  for (let attempt = 1; ; attempt++) {
    const run = timed(work, command);
    if (run.code === 0 || run.code === 1) return run;
    if (attempt >= 6) throw new Error(`pullguard exited ${run.code} ${attempt} times: ${lastLine(run.stderr)}`);
    sleep(5000);
  }
}

/** Creates the virtualenv and installs Checkov: { checkov, version, installSeconds } or { skipped }. */
function install(work, version) {
  const venv = join(work, "venv");
  const started = process.hrtime.bigint();
  const venvRun = spawnSync("python3", ["-m", "venv", venv], { encoding: "utf8" });
  if (venvRun.status !== 0) return { skipped: `python3 -m venv failed (${venvRun.error?.message ?? lastLine(venvRun.stderr)})` };
  // pip as the environment sets it up (PIP_* variables, pip.conf): nothing is overridden here.
  const pip = spawnSync(join(venv, "bin", "python"), ["-m", "pip", "install", `checkov==${version}`], { encoding: "utf8", maxBuffer: 1 << 26, timeout: 20 * 60 * 1000 });
  const installSeconds = round(Number(process.hrtime.bigint() - started) / 1e9, 1);
  if (pip.status !== 0) {
    const lines = String(pip.stderr ?? "").split("\n");
    const network = lines.find((l) => /NewConnectionError|ConnectTimeout|ReadTimeout|Connection refused|Name or service not known|name resolution|Network is unreachable|ProxyError|SSLError/.test(l));
    const noVersions = lines.some((l) => l.includes("(from versions: none)"));
    const why = pip.error?.message ?? (network ? `no network? ${network.trim().slice(0, 200)}` : `${noVersions ? "no network, or no such version? " : ""}${lastLine(lines.filter((l) => l.startsWith("ERROR")).join("\n")) || lastLine(pip.stderr)}`);
    return { skipped: `pip install checkov==${version} failed after ${installSeconds} s (${why}); the rest of the benchmark is unaffected` };
  }
  const checkov = join(venv, "bin", "checkov");
  const reported = spawnSync(checkov, ["--version"], { encoding: "utf8", env: { ...process.env, CKV_SKIP_PACKAGE_UPDATE_CHECK: "true" } });
  return { checkov, version: lastLine(reported.stdout) || version, installSeconds };
}

/** Checkov's own summary of what it read: resources, passed and failed checks, parse errors, per framework. */
function checkovSummary(dir) {
  try {
    const file = readdirSync(dir).find((f) => f.endsWith(".json"));
    if (!file) return undefined;
    const parsed = JSON.parse(readFileSync(join(dir, file), "utf8"));
    const summary = {};
    for (const report of Array.isArray(parsed) ? parsed : [parsed]) {
      const { passed, failed, parsing_errors: parsingErrors, resource_count: resources } = report.summary ?? {};
      summary[report.check_type ?? "?"] = { resources, passed, failed, parsingErrors };
    }
    return summary;
  } catch {
    return undefined;
  }
}

/**
 * Checkov and pullguard on `estate`: Checkov `checkovRuns` times (no warm-up: about 100 s a run), pullguard
 * once to warm the page cache and then `pullguardRuns` times, half before Checkov and half after, so that
 * both see about the same load. Returns the figures (for the JSON), or { skipped } when Checkov could not
 * be installed or run; never throws for Checkov's sake.
 */
export function benchCheckov({
  estate,
  log = (text) => process.stdout.write(`${text}\n`),
  quiet = false,
  checkovRuns = Number(option("checkov-runs", "1")),
  pullguardRuns = 5,
  version = option("checkov-version", CHECKOV_VERSION),
} = {}) {
  // The one line that says why Checkov was skipped is printed even with --json (to stderr, then).
  const say = (text) => (quiet ? process.stderr.write(`${text}\n`) : log(text));
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version };
  const loadAtStart = loadNow();
  log(`\npullguard and Checkov side by side on ${estate}`);
  log(`machine: ${machine.cpus} CPU(s) (${machine.model}), Node ${machine.node}, load average at start ${loadAtStart.join(" ")}`);
  const work = mkdtempSync(join(tmpdir(), "pullguard-checkov-"));
  const cleanUp = removeOnExit(work);
  try {
    const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
    if (python.status !== 0) {
      const skipped = "Checkov skipped: python3 is not available";
      say(skipped);
      return { skipped, machine, loadAverage: { start: loadAtStart, end: loadNow() } };
    }
    machine.python = lastLine(python.stdout || python.stderr).replace(/^Python /, "");
    log(`installing Checkov ${version} into a temporary virtualenv (Python ${machine.python})...`);
    const installed = install(work, version);
    if (installed.skipped) {
      const skipped = `Checkov skipped: ${installed.skipped}`;
      say(skipped);
      return { skipped, machine, loadAverage: { start: loadAtStart, end: loadNow() } };
    }
    log(`Checkov ${installed.version} installed in ${installed.installSeconds} s`);

    const outputDir = join(work, "checkov-report");
    const checkovCommand = [installed.checkov, "-d", estate, "--framework", ...FRAMEWORKS, "--skip-download", "--soft-fail", "--quiet", "--compact", "-o", "json", "--output-file-path", outputDir];
    // No API key, nothing downloaded from Prisma Cloud (--skip-download), no look-up of a newer Checkov on PyPI.
    const checkovEnv = { ...process.env, CKV_SKIP_PACKAGE_UPDATE_CHECK: "true" };
    log(`checkov ${checkovCommand.slice(1).join(" ").replace(outputDir, "<tmp>").replace(estate, "<estate>")}`);

    pullguardOnce(work, estate);
    const before = Math.ceil(pullguardRuns / 2);
    const pullguard = Array.from({ length: before }, () => pullguardOnce(work, estate));
    const checkov = [];
    let failure;
    for (let i = 0; i < checkovRuns && !failure; i++) {
      const run = timed(work, checkovCommand, { sample: true, env: checkovEnv });
      if (run.code !== 0) failure = `Checkov exited ${run.code}: ${lastLine(run.stderr)}`;
      else {
        checkov.push(run);
        log(`  Checkov run ${i + 1}: ${run.wallS.toFixed(1)} s, peak ${Math.round(run.maxRssKb / 1024)} MB`);
      }
    }
    pullguard.push(...Array.from({ length: pullguardRuns - before }, () => pullguardOnce(work, estate)));
    const loadAtEnd = loadNow();
    if (failure || checkov.length === 0) {
      const skipped = `Checkov skipped: ${failure ?? "no run"}`;
      say(skipped);
      return { skipped, machine, loadAverage: { start: loadAtStart, end: loadAtEnd } };
    }

    const figures = (runs) => ({
      runs: runs.length,
      wallS: stats(runs.map((r) => r.wallS)),
      cpuS: stats(runs.map((r) => r.userS + r.sysS)),
      peakRssMb: stats(runs.map((r) => r.maxRssKb / 1024)),
    });
    const c = { version: installed.version, installSeconds: installed.installSeconds, frameworks: FRAMEWORKS, ...figures(checkov) };
    const tree = checkov.map((r) => r.treePssPeakKb).filter(Boolean);
    if (tree.length) c.processTreePeakPssMb = stats(tree.map((kb) => kb / 1024));
    c.summary = checkovSummary(outputDir);
    const p = figures(pullguard);
    const ratio = round(c.wallS.median / p.wallS.median, 1);
    const cpuRatio = round(c.cpuS.median / p.cpuS.median, 1);

    const mb = (s) => `${Math.round(s.median)} MB`;
    const range = (s, digits) => (s.min === s.max ? "" : ` (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`);
    log(
      `Checkov ${c.version}: ${c.wallS.median.toFixed(1)} s${range(c.wallS, 1)} (peak ${mb(c.peakRssMb)}${c.processTreePeakPssMb ? `; whole process tree ${mb(c.processTreePeakPssMb)} PSS` : ""}); ` +
        `pullguard: ${p.wallS.median.toFixed(2)} s${range(p.wallS, 2)} (peak ${mb(p.peakRssMb)}); ratio x${ratio}`,
    );
    log(`CPU time (user + system): Checkov ${c.cpuS.median.toFixed(1)} s, pullguard ${p.cpuS.median.toFixed(2)} s (x${cpuRatio}); runs: Checkov ${c.runs}, pullguard ${p.runs} after one warm-up`);
    if (c.summary) {
      const parts = Object.entries(c.summary).map(([type, s]) => `${type} ${s.resources} resources, ${s.passed} passed, ${s.failed} failed, ${s.parsingErrors} parse errors`);
      log(`Checkov read: ${parts.join("; ")}`);
    }
    log(`load average at start ${loadAtStart.join(" ")}, at end ${loadAtEnd.join(" ")}`);
    return { checkov: c, pullguard: p, ratio, cpuRatio, machine, loadAverage: { start: loadAtStart, end: loadAtEnd } };
  } finally {
    cleanUp();
  }
}

// Alone: an estate of its own (the full-scan one of `npm run bench`: 2,000 Terraform and 2,000 YAML files).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const asJson = process.argv.includes("--json");
  const estateRoot = mkdtempSync(join(tmpdir(), "pullguard-bench-"));
  const removeEstate = removeOnExit(estateRoot);
  try {
    const estate = join(estateRoot, "full");
    generate(estate, { terraformFiles: 2000, yamlFiles: 2000 });
    const log = (text) => {
      if (!asJson) process.stdout.write(`${text}\n`);
    };
    const checkov = benchCheckov({ estate, log, quiet: asJson });
    if (asJson) process.stdout.write(`${JSON.stringify({ checkov }, null, 2)}\n`);
  } finally {
    removeEstate();
  }
}
