import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  HOMEPAGE,
  TOOL_NAME,
  VERSION,
  findRule,
  isFatal,
  nodeCredentialPushes,
  plural,
  resolveEdit
} from "./chunk-GICGVOHS.js";
import {
  byConsequence,
  ecrClass,
  isEcrAction
} from "./chunk-HU7SY652.js";

// rules/docs.ts
var FORMAT_NAMES = {
  cloudformation: "CloudFormation / SAM",
  eksctl: "eksctl",
  kubernetes: "Kubernetes",
  terraform: "Terraform",
  "terraform-plan": "Terraform plan JSON"
};
var LANGUAGE = {
  cloudformation: "yaml",
  eksctl: "yaml",
  kubernetes: "yaml",
  terraform: "hcl",
  "terraform-plan": "json"
};
var DOCS_BASE_URL = "https://github.com/pullguard/pullguard/blob/main/docs/rules";
function ruleDocsFile(rule) {
  return `${rule.meta.id}-${rule.meta.name}.md`;
}
function ruleDocsUrl(rule) {
  return `${DOCS_BASE_URL}/${ruleDocsFile(rule)}`;
}
function severityLabel(score) {
  if (score > 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  return "low";
}
function ruleMarkdown(rule) {
  const { meta } = rule;
  const h = meta.help;
  const out = [
    `# ${meta.id} ${meta.name}`,
    "",
    meta.shortDescription,
    "",
    "| | |",
    "|---|---|",
    `| Default level | ${meta.defaultLevel} |`,
    `| Security severity | ${meta.securitySeverity === void 0 ? "none" : `${meta.securitySeverity.toFixed(1)} (${severityLabel(meta.securitySeverity)})`} |`,
    `| Precision | ${meta.precision} |`,
    `| Applies to | ${meta.appliesTo.map((f) => FORMAT_NAMES[f]).join(", ")} |`,
    `| Automatic fix | ${meta.fixable ? "yes" : "no"} |`,
    "",
    "## What it does",
    "",
    h.what,
    "",
    "## Why it matters",
    "",
    h.why,
    ""
  ];
  for (const example of h.examples) {
    const lang = LANGUAGE[example.format];
    out.push(`## Example (${FORMAT_NAMES[example.format]})`, "", `Reported (\`${example.file}\`):`, "", "```" + lang, example.bad.trimEnd(), "```", "");
    out.push("Not reported:", "", "```" + lang, example.good.trimEnd(), "```", "");
    for (const c of example.context ?? []) out.push(`Scanned with it (\`${c.file}\`):`, "", "```" + LANGUAGE[c.format], c.text.trimEnd(), "```", "");
  }
  out.push("## How to fix", "", h.fix, "");
  if (!meta.tags.includes("suppression")) out.push("## How to suppress", "", ...suppressionHelp(rule), "");
  if (h.limitations) out.push("## Known limitations", "", h.limitations, "");
  out.push("## References", "", ...h.references.map((r) => `- <${r}>`), "");
  return out.join("\n");
}
function suppressionHelp(rule) {
  const { id, name, appliesTo } = rule.meta;
  const reason = "reason: <why this is accepted> until: 2027-03-01";
  const out = [
    `Fix the finding if you can. If it is accepted, say why next to it: an ignore needs a reason, can end on a date (after \`until:\` the finding comes back), and is reported if it stops matching anything (\`unused-ignore\`). The rule can be named by id (\`${id}\`) or name (\`${name}\`).`,
    ""
  ];
  if (appliesTo.some((f) => f === "terraform" || f === "cloudformation" || f === "eksctl" || f === "kubernetes")) {
    out.push(`- A comment on the line, or on the line before a block (a resource, a module call, a node group): \`# pullguard-ignore ${id} ${reason}\` (in HCL \`//\` works too). Above a \`module\` block it covers what the module brings; above a \`for_each\` or \`count\` resource, every instance.`);
  }
  if (appliesTo.includes("cloudformation")) out.push(`- In JSON templates, on the resource: \`"Metadata": { "pullguard": { "ignore": [{ "id": "${id}", "reason": "..." }] } }\`.`);
  if (appliesTo.includes("kubernetes")) out.push(`- On a Kubernetes object: the annotation \`pullguard.dev/ignore: "${id} reason: ..."\`.`);
  out.push(`- In \`.pullguard.yml\`: \`ignores: [{ rule: ${id}, path: "infra/**", resource: "aws_iam_role.ci_nodes", reason: "..." }]\`.`);
  return out;
}
function ruleText(rule) {
  const h = rule.meta.help;
  const plain = (s) => s.replace(/`/g, "");
  return [rule.meta.fullDescription, "", plain(h.why), "", `Fix: ${plain(h.fix)}`, "", `Documentation: ${ruleDocsUrl(rule)}`].join("\n");
}

// src/model/finding.ts
var LEVEL_RANK = { off: 0, none: 0, note: 1, warning: 2, error: 3 };

// src/report/summary.ts
function summarizeNodeRoles(model) {
  return once(nodeRoleSummaries, model, () => model.linked.nodeRoles.map((nodeRole) => {
    const access = model.access.get(nodeRole.role.key);
    const bySource = /* @__PURE__ */ new Map();
    for (const grant of access?.grants ?? []) {
      const statement = grant.statement.sid ?? String(grant.statement.index);
      const key = `${grant.source.name}|${statement}|${grant.source.attachedAt.startLine}`;
      let entry = bySource.get(key);
      if (!entry) {
        entry = { policy: grant.source.name, policyKind: grant.source.kind, statement, attachedAt: grant.source.attachedAt, actions: [] };
        bySource.set(key, entry);
      }
      entry.actions.push({ name: grant.action.name, class: isEcrAction(grant.action) ? ecrClass(grant.action) : "iam" });
    }
    return {
      role: nodeRole.role.address,
      location: nodeRole.role.range,
      ecrTier: access?.tier ?? "none",
      iamAdmin: access?.iamAdmin ?? false,
      nodes: nodeRole.paths.map((p) => ({ path: p.hops.map((h) => h.label), evidence: p.evidence })),
      grants: [...bySource.values()],
      unresolved: [...nodeRole.unknowns, ...access?.unknowns ?? []].map((u) => ({ reason: u.reason, location: u.range }))
    };
  }));
}
var nodeRoleSummaries = /* @__PURE__ */ new WeakMap();
var pushWorkloadSummaries = /* @__PURE__ */ new WeakMap();
function once(cache, model, compute) {
  let value = cache.get(model);
  if (value === void 0) {
    value = compute();
    cache.set(model, value);
  }
  return value;
}
function summarizePushWorkloads(model) {
  return once(pushWorkloadSummaries, model, () => pushWorkloads(model));
}
function pushWorkloads(model) {
  const roleOf = (list, via) => list.find((r) => r.via === via)?.role.address;
  return model.linked.workloads.flatMap(({ workload, serviceAccount, namespace, accounts, associations, destinations }) => {
    if (!workload.builderImage || workload.pushEvidence.length === 0) return [];
    const pushes = destinations.length > 0 ? nodeCredentialPushes(destinations) : void 0;
    if (pushes?.length === 0) return [];
    const annotated = accounts.find((a) => a.role);
    const identities = [
      ...associations.map((a) => `Pod Identity role ${roleOf(model.linked.podIdentityRoles, a) ?? "(not in the scan)"}`),
      ...annotated ? [`IRSA role ${roleOf(model.linked.serviceAccountRoles, annotated) ?? "(not in the scan)"}`] : []
    ];
    const unknown = identities.length === 0 && accounts.length === 0 && serviceAccount !== "default";
    const credentials = identities.length > 0 ? "own" : unknown ? "unknown" : "node";
    return [{
      workload: workload.address,
      location: workload.builderImage.range,
      evidence: workload.pushEvidence.map((e) => e.text),
      serviceAccount: namespace ? `${namespace}/${serviceAccount}` : serviceAccount,
      identity: identities.join(", ") || (unknown ? "service account not in the scan" : "none: the node role's credentials"),
      credentials,
      destinations: [...new Set((pushes ?? []).map((d) => d.kind === "ecr" ? `${d.registry ?? d.text} (ECR)` : "not known"))].sort()
    }];
  });
}
function countLevels(findings) {
  const counts = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.level]++;
  return counts;
}
function fileCounts(result) {
  const count = (status) => result.files.filter((f) => f.status === status).length;
  return { analysed: count("analysed"), failed: count("failed"), skipped: count("skipped"), unsupported: count("unsupported"), other: result.otherFiles };
}

// src/report/kpis.ts
function standing(role) {
  if (role.iamAdmin || role.ecrTier === "write" || role.ecrTier === "admin") return "notCompliant";
  return role.unresolved.length > 0 ? "notKnown" : "compliant";
}
function computeKpis(result) {
  const roles = summarizeNodeRoles(result.model);
  const groups = { compliant: 0, notCompliant: 0, notKnown: 0 };
  for (const role of roles) groups[standing(role)] += role.nodes.length;
  groups.notKnown += unseenCapacity(result);
  const total = groups.compliant + groups.notCompliant + groups.notKnown;
  const pushers = summarizePushWorkloads(result.model);
  const nodeCredentials = pushers.filter((w) => w.credentials === "node").length;
  const notKnown = pushers.filter((w) => w.credentials === "unknown").length;
  const kpis = {
    nodeGroups: { total, ...groups, percentCompliant: total > 0 ? Math.round(groups.compliant / total * 100) : null },
    nodeRoles: { total: roles.length, writeOrAdmin: roles.filter((r) => standing(r) === "notCompliant").length },
    pushWorkloads: { total: pushers.length, ownIdentity: pushers.length - nodeCredentials - notKnown, nodeCredentials, notKnown }
  };
  if (result.cloudtrail) {
    const verdicts = result.cloudtrail.roles.map((r) => r.verdict);
    const n = (v) => verdicts.filter((x) => x === v).length;
    kpis.cloudtrail = { rolesWithWrite: verdicts.length, unused: n("unused"), used: n("used"), unknown: n("unknown") };
  }
  return kpis;
}
function unseenCapacity(result) {
  const id = (p) => p.group?.key ?? p.launchTemplate?.key ?? "";
  const paths = result.model.linked.nodePaths;
  const seen = new Set(paths.filter((p) => p.role).map(id));
  return new Set(paths.filter((p) => !p.role && !seen.has(id(p))).map(id)).size;
}
function kpiLines(kpis, result) {
  const { nodeGroups: g, nodeRoles: r, pushWorkloads: w } = kpis;
  const lines = [
    `Node groups with pull-only ECR access: ${g.compliant} of ${g.total}${g.percentCompliant === null ? "" : ` (${g.percentCompliant}%)`}${g.notKnown > 0 ? `, ${g.notKnown} not known (a role or policy not resolved)` : ""}`,
    `Node roles with ECR write or admin access: ${r.writeOrAdmin} of ${r.total}`,
    `Push workloads: ${w.ownIdentity} with their own identity, ${w.nodeCredentials} on node credentials${w.notKnown > 0 ? `, ${w.notKnown} not known (service account not in the scan)` : ""}`
  ];
  const ct = kpis.cloudtrail;
  const coverage = result.cloudtrail?.coverage;
  if (ct && coverage) {
    const range = coverage.from && coverage.to ? `from ${coverage.from} to ${coverage.to}` : "with no valid record";
    lines.push(`Node roles whose ECR write access is unused in CloudTrail: ${ct.unused} of ${ct.rolesWithWrite} (${ct.used} used, ${ct.unknown} not known)`);
    const damaged = [
      coverage.malformedRecords > 0 ? `${plural(coverage.malformedRecords, "malformed record")} skipped` : "",
      coverage.filesFailed > 0 ? `${plural(coverage.filesFailed, "file")} not read whole` : ""
    ].filter(Boolean);
    const files = plural(coverage.filesRead + coverage.filesFailed, "file");
    lines.push(`CloudTrail logs ${coverage.path}: ${files}, ${plural(coverage.records, "record")} ${range}${damaged.length > 0 ? `; ${damaged.join(", ")}` : ""}`);
    for (const f of coverage.failures) lines.push(`  not read whole: ${f.file}: ${f.reason}`);
  }
  return lines;
}

// src/report/json.ts
function formatJson(result) {
  const doc = {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    summary: { ...countLevels(result.findings), suppressed: result.suppressed.length, ...result.baseline ? { baseline: result.baseline } : {}, files: fileCounts(result) },
    findings: result.findings.map(finding),
    suppressed: result.suppressed.map((f) => ({
      ...finding(f),
      suppression: f.suppression ? { ...f.suppression, location: f.suppression.location ? location(f.suppression.location) : null } : null
    })),
    diagnostics: result.diagnostics,
    files: result.files,
    nodeRoles: summarizeNodeRoles(result.model).map((n, i) => {
      const access = result.model.access.get(result.model.linked.nodeRoles[i]?.role.key ?? "");
      const reach = reachOf(access);
      return {
        ...n,
        location: location(n.location),
        ...reach ? { ecrReach: reach } : {},
        grants: withResources(n.grants, access),
        unresolved: n.unresolved.map((u) => ({ reason: u.reason, location: location(u.location) }))
      };
    }),
    pushWorkloads: summarizePushWorkloads(result.model).map((w) => ({ ...w, location: location(w.location) })),
    kpis: computeKpis(result),
    ...result.cloudtrail ? { cloudtrail: result.cloudtrail } : {}
  };
  return `${JSON.stringify(doc, null, 2)}
`;
}
function reachOf(access) {
  return access?.reach.map((r) => ({
    tier: r.tier,
    everywhere: r.everywhere,
    ...r.everywhere ? {} : { resources: r.resources, except: r.except },
    conditional: r.conditional
  }));
}
function withResources(grants, access) {
  const byStatement = /* @__PURE__ */ new Map();
  for (const g of access?.grants ?? []) {
    const key = `${g.source.name}|${g.statement.sid ?? String(g.statement.index)}|${g.source.attachedAt.startLine}`;
    const list = byStatement.get(key);
    if (list) list.push(g);
    else byStatement.set(key, [g]);
  }
  return grants.map((summary) => {
    const head = { policy: summary.policy, policyKind: summary.policyKind, statement: summary.statement, attachedAt: location(summary.attachedAt) };
    const own = byStatement.get(`${summary.policy}|${summary.statement}|${summary.attachedAt.startLine}`) ?? [];
    if (own.length !== summary.actions.length) return { ...head, actions: summary.actions };
    const conditional = own.some((g) => g.conditional);
    const conditions = conditional ? [...new Map(own.flatMap((g) => g.conditions).map((c) => [`${c.from}|${c.text}|${(c.on ?? []).join(",")}`, c])).values()] : void 0;
    return {
      ...head,
      resources: own[0]?.resources ?? [],
      conditional,
      ...conditions ? { conditions } : {},
      actions: summary.actions.map((a, j) => {
        const grant = own[j];
        if (grant.scope.everywhere && !grant.conditional) return a;
        return {
          ...a,
          ...grant.scope.everywhere ? {} : { resources: grant.scope.resources, only: grant.scope.only, except: grant.scope.except },
          ...grant.conditional ? { conditional: true } : {}
        };
      })
    };
  });
}
function location(r) {
  return { file: r.file, startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn };
}
function finding(f) {
  return {
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    messageId: f.messageId,
    level: f.level,
    message: f.message,
    location: location(f.location),
    related: f.related.map((r) => ({ message: r.message, location: location(r.range) })),
    conditions: f.when,
    fingerprint: f.fingerprint,
    ...f.fixSkipped ? { fixSkipped: f.fixSkipped } : {},
    fix: f.fix ? { description: f.fix.description, edits: f.fix.edits.map((e) => ({ location: location(e.range), find: e.find, replace: e.replace })) } : null,
    ...f.cloudtrail ? { cloudtrail: f.cloudtrail } : {}
  };
}

// src/report/sarif.ts
import { basename, isAbsolute } from "node:path";
var SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
var SRCROOT = "%SRCROOT%";
var MAX_RESULTS = 25e3;
function formatSarif(result, rules) {
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const inside = result.findings.filter((f) => !isAbsolute(f.location.file));
  const outside = result.findings.length - inside.length;
  const kept = inside.length > MAX_RESULTS ? [...inside].sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]).slice(0, MAX_RESULTS) : inside;
  const log = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            semanticVersion: VERSION,
            informationUri: HOMEPAGE,
            rules: rules.map(descriptor)
          }
        },
        originalUriBaseIds: { [SRCROOT]: { description: { text: "The folder the scan's paths are relative to (the repository root)." } } },
        invocations: [invocation(result, { outside, dropped: inside.length - kept.length })],
        columnKind: "utf16CodeUnits",
        results: kept.map((f) => sarifResult(f, ruleIndex, result.sources))
      }
    ]
  };
  return `${JSON.stringify(log, null, 2)}
`;
}
function descriptor(rule) {
  const { meta } = rule;
  const properties = { tags: meta.tags, precision: meta.precision };
  if (meta.securitySeverity !== void 0) properties["security-severity"] = meta.securitySeverity.toFixed(1);
  else properties["problem.severity"] = meta.defaultLevel === "error" ? "error" : meta.defaultLevel === "warning" ? "warning" : "recommendation";
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.shortDescription },
    fullDescription: { text: meta.fullDescription },
    helpUri: ruleDocsUrl(rule),
    help: { text: ruleText(rule), markdown: ruleMarkdown(rule) },
    defaultConfiguration: meta.defaultLevel === "off" ? { enabled: false } : { level: meta.defaultLevel },
    properties
  };
}
function physical(range) {
  return {
    artifactLocation: { uri: uriOf(range.file), uriBaseId: SRCROOT },
    region: { startLine: range.startLine, startColumn: range.startColumn, endLine: range.endLine, endColumn: range.endColumn }
  };
}
function uriOf(path) {
  return path.split("/").map(encodeURIComponent).join("/");
}
function sarifResult(finding2, ruleIndex, sources) {
  const result = {
    ruleId: finding2.ruleId,
    ruleIndex: ruleIndex.get(finding2.ruleId) ?? -1,
    level: finding2.level,
    message: { text: finding2.message },
    locations: [{ physicalLocation: physical(finding2.location) }],
    partialFingerprints: { "pullguard/v1": finding2.fingerprint, primaryLocationLineHash: `${finding2.fingerprint.slice(0, 16)}:1` }
  };
  const related = finding2.related.filter((r) => !isAbsolute(r.range.file));
  if (related.length > 0) {
    result.relatedLocations = related.map((r, i) => ({ id: i + 1, physicalLocation: physical(r.range), message: { text: r.message } }));
  }
  if (finding2.when.length > 0) {
    result.properties = { conditions: finding2.when.map((w) => `${w.condition}=${w.value}`) };
  }
  if (finding2.cloudtrail) result.properties = { ...result.properties, cloudtrail: finding2.cloudtrail };
  const fix = finding2.fix && sarifFix(finding2, sources);
  if (fix) result.fixes = [fix];
  return result;
}
function sarifFix(finding2, sources) {
  if (!finding2.fix) return void 0;
  const byFile = /* @__PURE__ */ new Map();
  for (const edit of finding2.fix.edits) {
    const source = sources.get(edit.range.file);
    const resolved = source === void 0 ? void 0 : resolveEdit(edit, source);
    if (!resolved) return void 0;
    const list = byFile.get(edit.range.file) ?? [];
    list.push({
      deletedRegion: { startLine: resolved.startLine, startColumn: resolved.startColumn, endLine: resolved.endLine, endColumn: resolved.endColumn },
      insertedContent: { text: resolved.text }
    });
    byFile.set(edit.range.file, list);
  }
  return {
    description: { text: finding2.fix.description },
    artifactChanges: [...byFile].map(([file, replacements]) => ({ artifactLocation: { uri: uriOf(file), uriBaseId: SRCROOT }, replacements }))
  };
}
function invocation(result, left) {
  const notifications = result.diagnostics.map((d) => {
    const level = isFatal(d) ? "error" : "warning";
    if (isAbsolute(d.file)) return { level, message: { text: `${basename(d.file)} (outside the repository):${d.line}:${d.column}: ${d.message}` } };
    return {
      level,
      message: { text: `${d.file}:${d.line}:${d.column}: ${d.message}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(d.file), uriBaseId: SRCROOT }, region: { startLine: d.line, startColumn: d.column } } }]
    };
  });
  const unsupported = result.files.filter((f) => f.status === "unsupported");
  if (unsupported.length > 0) {
    notifications.push({
      level: "warning",
      message: { text: `${unsupported.length} file(s) in formats pullguard does not analyse yet were not checked: ${unsupported.map((f) => f.path).slice(0, 20).join(", ")}${unsupported.length > 20 ? ", ..." : ""}` }
    });
  }
  if (left.outside > 0) {
    notifications.push({ level: "warning", message: { text: `${left.outside} finding(s) in files outside the repository (a --var-file elsewhere, for example) are not in this SARIF; the text or JSON report lists them.` } });
  }
  if (left.dropped > 0) {
    notifications.push({ level: "warning", message: { text: `${left.dropped} finding(s) were left out: GitHub code scanning keeps at most ${MAX_RESULTS} results per run (the most severe are kept).` } });
  }
  return { executionSuccessful: !result.diagnostics.some(isFatal), toolExecutionNotifications: notifications };
}

// src/report/text.ts
import { isAbsolute as isAbsolute2, join, relative } from "node:path";
var CLASS_ORDER = ["admin", "write", "read", "pull"];
function formatText(result, options) {
  const paint = options.color ? (code2, text2) => `\x1B[${code2}m${text2}\x1B[0m` : (_, text2) => text2;
  const display = (file) => relative(options.cwd, isAbsolute2(file) ? file : join(result.root, file)) || file;
  const out = [];
  const byFile = /* @__PURE__ */ new Map();
  const entry = (file) => {
    let e = byFile.get(file);
    if (!e) byFile.set(file, e = { findings: [], diagnostics: [] });
    return e;
  };
  for (const d of result.diagnostics) entry(d.file).diagnostics.push(d);
  for (const f of result.findings) entry(f.location.file).findings.push(f);
  for (const file of [...byFile.keys()].sort()) {
    const { findings, diagnostics } = byFile.get(file);
    out.push(paint("1;4", display(file)));
    const source = result.sources.get(file);
    for (const d of diagnostics) {
      out.push(isFatal(d) ? `  ${d.line}:${d.column}  ${paint("31", "error")}  ${d.message}  ${paint("2", "(not analysed)")}` : `  ${d.line}:${d.column}  ${paint("33", "warning")}  ${d.message}`);
      if (source !== void 0) out.push(...codeFrame(source, { file, startLine: d.line, startColumn: d.column, endLine: d.line, endColumn: d.column + 1 }, paint), "");
    }
    for (const f of findings) {
      out.push(`  ${f.location.startLine}:${f.location.startColumn}  ${levelLabel(f.level, paint)}  ${f.message}  ${paint("2", `${f.ruleId}/${f.ruleName}`)}`);
      if (source !== void 0) out.push(...codeFrame(source, f.location, paint));
      const rule = findRule(f.ruleId);
      if (rule) out.push(`    ${paint("2", ruleDocsUrl(rule))}`);
      if (source !== void 0) out.push("");
    }
  }
  if (!options.quiet) {
    const roles = summarizeNodeRoles(result.model);
    out.push(paint("1", `Node roles (${roles.length})`));
    if (roles.length === 0) out.push("  No EKS node role was found in the scanned files.");
    for (const role of roles) {
      const tier = role.ecrTier === "write" || role.ecrTier === "admin" ? paint("31;1", role.ecrTier) : role.ecrTier;
      out.push(`  ${paint("1", role.role)}  ${display(role.location.file)}:${role.location.startLine}  ECR: ${tier}${role.iamAdmin ? paint("31;1", "  IAM: admin") : ""}`);
      for (const node of role.nodes) out.push(`    nodes: ${node.path.join(" \u2192 ")} (${node.evidence})`);
      for (const g of role.grants) {
        const ecr = CLASS_ORDER.find((c) => g.actions.some((a) => a.class === c));
        const label = [ecr, g.actions.some((a) => a.class === "iam") ? "iam" : void 0].filter(Boolean).join("+");
        const names = g.actions.map((a) => a.name).sort(byConsequence);
        const shown = names.length > 4 ? `${names.slice(0, 4).join(", ")} and ${names.length - 4} more` : names.join(", ");
        out.push(`    ${label.padEnd(10)} ${g.policy} (${g.policyKind}, line ${g.attachedAt.startLine}) \u2192 statement ${g.statement} \u2192 ${shown}`);
      }
      for (const u of role.unresolved) out.push(`    ${paint("33", "unresolved")} ${display(u.location.file)}:${u.location.startLine}: ${u.reason}`);
    }
    const pushers = summarizePushWorkloads(result.model);
    if (pushers.length > 0) {
      out.push("", paint("1", `Push workloads (${pushers.length})`));
      for (const w of pushers) {
        const identity = w.credentials === "node" ? paint("31;1", w.identity) : w.identity;
        out.push(`  ${paint("1", w.workload)}  ${display(w.location.file)}:${w.location.startLine}  service account ${w.serviceAccount}  identity: ${identity}`);
        out.push(`    evidence: ${w.evidence.join("; ")}`);
      }
    }
    out.push("");
    const counts = countLevels(result.findings);
    const files = fileCounts(result);
    const notAnalysed = new Set(result.diagnostics.filter(isFatal).map((d) => d.file)).size;
    const problems = result.findings.length + notAnalysed;
    out.push(
      paint(problems > 0 ? "1" : "32", `${result.findings.length}${result.baseline ? " new" : ""} finding${result.findings.length === 1 ? "" : "s"} (${counts.error} error, ${counts.warning} warning, ${counts.note} note)`) + (notAnalysed > 0 ? paint("31;1", `, ${notAnalysed} file${notAnalysed === 1 ? "" : "s"} could not be analysed`) : "")
    );
    const held = [
      result.suppressed.length > 0 ? `${result.suppressed.length} suppressed by ignores` : "",
      result.baseline ? `${result.baseline.matched} in the baseline ${result.baseline.file}, ${result.baseline.gone} of its entries gone` : ""
    ].filter(Boolean);
    if (held.length > 0) out.push(`Not reported: ${held.join("; ")}.`);
    out.push(`Files: ${files.analysed} analysed, ${files.failed} failed, ${files.skipped} skipped, ${files.unsupported} not yet supported, ${files.other} of other types`);
    const unsupported = result.files.filter((f) => f.status === "unsupported");
    if (unsupported.length > 0) {
      const formats = [...new Set(unsupported.map((f) => "format" in f ? f.format : ""))].join(", ");
      out.push(paint("33", `Not checked: ${unsupported.length} file${unsupported.length === 1 ? "" : "s"} in formats this version does not analyse yet (${formats}).`));
    }
    if (options.verbose) {
      for (const f of result.files) {
        if (f.status === "skipped") out.push(`  skipped ${display(f.path)}: ${f.reason}`);
        if (f.status === "unsupported") out.push(`  not yet supported ${display(f.path)} (${f.format})`);
      }
    }
    out.push("", paint("1", "Measures"), ...kpiLines(computeKpis(result), result).map((l) => `  ${l}`));
  }
  return `${out.join("\n")}
`;
}
function levelLabel(level, paint) {
  if (level === "error") return paint("31", "error  ");
  if (level === "warning") return paint("33", "warning");
  return paint("36", "note   ");
}
var FRAME_WIDTH = 160;
function codeFrame(source, range, paint) {
  const lines = source.split(/\r\n|\r|\n/);
  const first = Math.max(1, range.startLine - 1);
  const last = Math.min(lines.length, range.startLine + 1);
  const width = String(last).length;
  const start = Math.max(0, range.startColumn - 1 - FRAME_WIDTH / 2);
  const clip2 = (text2) => {
    if (start > 0 && text2.length <= start) return "";
    const shown = text2.slice(start, start + FRAME_WIDTH);
    return `${start > 0 ? "\u2026" : ""}${shown}${start + FRAME_WIDTH < text2.length ? "\u2026" : ""}`;
  };
  const out = [];
  for (let n = first; n <= last; n++) {
    const text2 = (lines[n - 1] ?? "").replace(/\t/g, " ");
    const marker = n === range.startLine ? paint("31;1", ">") : " ";
    out.push(`    ${marker} ${paint("2", String(n).padStart(width))} | ${clip2(text2)}`);
    if (n === range.startLine) {
      const end = range.endLine === range.startLine ? Math.max(range.endColumn, range.startColumn + 1) : text2.length + 1;
      const length = Math.max(1, Math.min(end, text2.length + 1, start + FRAME_WIDTH + 1) - range.startColumn);
      const indent = range.startColumn - 1 - start + (start > 0 ? 1 : 0);
      out.push(`      ${" ".repeat(width)} | ${" ".repeat(indent)}${paint("31;1", "^".repeat(length))}`);
    }
  }
  return out;
}

// src/report/github.ts
import { isAbsolute as isAbsolute3, join as join2, relative as relative2, sep } from "node:path";
var COMMAND = { error: "error", warning: "warning", note: "notice" };
function formatGithub(result, options) {
  const path = (file) => workspacePath(result, options.cwd, file);
  const out = [];
  for (const d of result.diagnostics) {
    out.push(workflowCommand(isFatal(d) ? "error" : "warning", [["file", path(d.file)], ["line", d.line], ["col", d.column], ["title", isFatal(d) ? "not analysed" : "read with a warning"]], d.message));
  }
  for (const f of result.findings) {
    const { startLine, startColumn, endLine, endColumn } = f.location;
    const columns = startLine === endLine ? [["col", startColumn], ["endLine", endLine], ["endColumn", endColumn]] : [["endLine", endLine]];
    out.push(workflowCommand(COMMAND[f.level], [["file", path(f.location.file)], ["line", startLine], ...columns, ["title", `${f.ruleId}/${f.ruleName}`]], f.message));
  }
  out.push(workflowCommand("notice", [], summaryLine(result)));
  return `${out.join("\n")}
`;
}
function verdict(result) {
  const counts = countLevels(result.findings);
  const n = result.findings.length;
  const parts = ["error", "warning", "note"].filter((l) => counts[l] > 0).map((l) => plural2(counts[l], l));
  const findings = n === 0 ? "no findings" : `${plural2(n, "finding")} (${parts.join(", ")})`;
  const failed = new Set(result.diagnostics.filter(isFatal).map((d) => d.file)).size;
  return failed > 0 ? `${findings}, ${plural2(failed, "file")} could not be analysed` : findings;
}
function plural2(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function workspacePath(result, cwd, file) {
  const shown = relative2(cwd, isAbsolute3(file) ? file : join2(result.root, file)) || file;
  return shown.split(sep).join("/");
}
function summaryLine(result) {
  const parts = [`pullguard: ${verdict(result)}`];
  if (result.suppressed.length > 0) parts.push(`${result.suppressed.length} suppressed`);
  if (result.baseline) parts.push(`baseline ${result.baseline.file}: ${result.baseline.matched} matched, ${result.baseline.gone} gone`);
  return parts.join(", ");
}
function workflowCommand(name, properties, message) {
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
  return `::${name}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}
function escapeData(s) {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// src/report/markdown.ts
var MARKDOWN_LIMIT = 6e4;
var SECTION_BUDGET = { roles: 15e3, workloads: 8e3, diagnostics: 8e3, measures: 3e3 };
var CELL_MAX = 2e3;
function formatMarkdown(result, options) {
  const path = (file) => workspacePath(result, options.cwd, file);
  const where = (file, line) => code(`${path(file)}:${line}`);
  const head = [`### pullguard: ${verdict(result)}`, ""];
  const fatal = result.diagnostics.filter(isFatal);
  if (fatal.length > 0) {
    head.push(`> **The scan is incomplete:** ${plural2(new Set(fatal.map((d) => d.file)).size, "file")} could not be analysed (listed below).`, "");
  }
  const roles = summarizeNodeRoles(result.model);
  const roleSection = [`#### Node roles (${roles.length})`, ""];
  if (roles.length === 0) roleSection.push("No EKS node role was found in the scanned files.", "");
  else {
    const rows = roles.map((r) => {
      const tier = r.ecrTier === "write" || r.ecrTier === "admin" ? `**${r.ecrTier}**` : r.ecrTier;
      const because = r.nodes.map((n) => `${text(n.path.join(" \u2192 "))} (${text(n.evidence)})`).join("<br>");
      return row([code(r.role), where(r.location.file, r.location.startLine), tier, r.iamAdmin ? "**yes**" : "no", because || "\u2014"]);
    });
    roleSection.push(...table(["Role", "Where", "ECR", "IAM admin", "Why it is a node role"], rows, SECTION_BUDGET.roles, "node roles"), "");
  }
  const pushers = summarizePushWorkloads(result.model);
  const workloadSection = [];
  if (pushers.length > 0) {
    const rows = pushers.map((w) => {
      const identity = w.credentials === "node" ? `**${text(w.identity)}**` : text(w.identity);
      return row([code(w.workload), where(w.location.file, w.location.startLine), code(w.serviceAccount), identity]);
    });
    workloadSection.push(`#### Push workloads (${pushers.length})`, "", ...table(["Workload", "Where", "Service account", "Identity"], rows, SECTION_BUDGET.workloads, "push workloads"), "");
  }
  const diagnosticSection = [];
  for (const [title, list] of [["Could not be analysed", fatal], ["Read with warnings", result.diagnostics.filter((d) => !isFatal(d))]]) {
    if (list.length === 0) continue;
    const items = list.map((d) => `- ${code(`${path(d.file)}:${d.line}:${d.column}`, false)} ${text(d.message)}`);
    diagnosticSection.push(`#### ${title} (${list.length})`, "", ...fit(items, SECTION_BUDGET.diagnostics, "files"), "");
  }
  const footer = footerLines(result);
  const measures = ["#### Measures", "", ...fit(kpiLines(computeKpis(result), result).map((l) => `- ${text(l.trim())}`), SECTION_BUDGET.measures, "lines"), ""];
  const fixed = [...head, ...roleSection, ...workloadSection, ...diagnosticSection, ...footer, ...measures];
  const findingSection = findingLines(result.findings, path, MARKDOWN_LIMIT - size(fixed));
  const out = [...head, ...roleSection, ...workloadSection, ...findingSection, ...diagnosticSection, ...footer, ...measures];
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return `${out.join("\n")}
`;
}
var FINDING_HEADER = ["| Level | Rule | Line | Message |", "| --- | --- | --- | --- |"];
function findingLines(findings, path, budget) {
  if (findings.length === 0) return [];
  const byFile = /* @__PURE__ */ new Map();
  for (const f of findings) {
    const list = byFile.get(f.location.file) ?? [];
    list.push(f);
    byFile.set(f.location.file, list);
  }
  const out = [`#### Findings (${findings.length})`, ""];
  let used = size(out);
  let shown = 0;
  const reserve = omitted(findings.length, "findings").length + 2;
  outer: for (const file of [...byFile.keys()].sort()) {
    const header = [...shown > 0 ? [""] : [], `**${code(path(file), false)}**`, "", ...FINDING_HEADER];
    let started = false;
    for (const f of byFile.get(file) ?? []) {
      const line = findingRow(f);
      const cost = line.length + 1 + (started ? 0 : size(header));
      const last = shown === findings.length - 1;
      if (used + cost + (last ? 0 : reserve) > budget) break outer;
      if (!started) out.push(...header);
      started = true;
      out.push(line);
      used += cost;
      shown++;
    }
  }
  if (shown < findings.length) out.push(...shown > 0 ? [""] : [], omitted(findings.length - shown, "findings"));
  out.push("");
  return out;
}
function findingRow(f) {
  const rule = findRule(f.ruleId);
  const id = text(f.ruleId);
  const link = rule ? `[${id}](${ruleDocsUrl(rule)} "${text(f.ruleName).replace(/"/g, "&quot;")}")` : id;
  return row([f.level, link, String(f.location.startLine), text(f.message)]);
}
function footerLines(result) {
  const out = [];
  if (result.suppressed.length > 0) {
    out.push(`${plural2(result.suppressed.length, "finding")} suppressed by an ignore ${result.suppressed.length === 1 ? "is" : "are"} not listed.`);
  }
  if (result.baseline) {
    const { file, matched, gone } = result.baseline;
    const entries = gone === 1 ? "1 entry matches" : `${gone} entries match`;
    out.push(`Baseline ${code(file, false)}: ${plural2(matched, "finding")} matched and not listed; ${entries} nothing any more.`);
  }
  const unsupported = result.files.filter((f) => f.status === "unsupported").length;
  if (unsupported > 0) out.push(`Not checked: ${plural2(unsupported, "file")} in formats this version does not analyse yet.`);
  if (out.length === 0) return [];
  return out.flatMap((l) => [l, ""]);
}
function table(headers, rows, budget, what) {
  const head = [row(headers), `|${headers.map(() => " --- |").join("")}`];
  return [...head, ...fit(rows, budget - size(head), what)];
}
function fit(lines, budget, what) {
  if (size(lines) <= budget) return lines;
  const out = [];
  let used = 0;
  for (const line of lines) {
    const remaining = lines.length - out.length - 1;
    if (used + line.length + 1 + omitted(remaining, what).length + 2 > budget) break;
    out.push(line);
    used += line.length + 1;
  }
  return [...out, "", omitted(lines.length - out.length, what)];
}
function omitted(n, what) {
  return `_\u2026 and ${n} more ${what} not shown: a comment is limited in size. Run pullguard locally, or read the annotations, for the full list._`;
}
function size(lines) {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}
function row(cells) {
  return `| ${cells.join(" | ")} |`;
}
function clip(value) {
  return value.length > CELL_MAX ? `${value.slice(0, CELL_MAX)}\u2026` : value;
}
function text(value) {
  return clip(value).split(/\r\n|\r|\n/).map((line) => line.replace(/[&<>\\`*_[\]|~$]/g, (ch, at) => escapeChar(ch, line[at - 1], line[at + 1]))).join("<br>");
}
var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
var WORD = /[\p{L}\p{N}]/u;
function escapeChar(ch, before, after) {
  if (ch === "_" && WORD.test(before ?? "") && WORD.test(after ?? "")) return ch;
  return ENTITIES[ch] ?? `\\${ch}`;
}
function code(value, inTable = true) {
  const flat = clip(value).replace(/\r\n|\r|\n/g, " ");
  if (flat.trim() === "") return "(empty)";
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat.startsWith(" ") && flat.endsWith(" ") ? " " : "";
  const span = `${fence}${pad}${flat}${pad}${fence}`;
  return inTable ? span.replace(/\|/g, "\\|") : span;
}

// src/cloudtrail/lazy.ts
async function readCloudTrail(path, shownPath = path) {
  const usage = await import("./usage-ZILP5TQY.js");
  return usage.readCloudTrail(path, shownPath);
}

export {
  ruleDocsUrl,
  ruleMarkdown,
  LEVEL_RANK,
  computeKpis,
  formatJson,
  formatSarif,
  formatText,
  formatGithub,
  workflowCommand,
  formatMarkdown,
  readCloudTrail
};
