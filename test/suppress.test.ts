import { describe, expect, it } from "vitest";
import { commentIgnores, parseIgnoreBody } from "../src/suppress/directives.js";

const scopes = (text: string, syntax: "yaml" | "hcl") => commentIgnores("f", text, syntax).map((d) => ("file" in d.scope ? `${d.scope.startLine}-${d.scope.endLine}` : "config"));

describe("ignore syntax", () => {
  it.each([
    [" PG102 reason: CI pool until: 2027-03-01", { rules: ["PG102"], reason: "CI pool", until: "2027-03-01", problem: undefined }],
    [" PG102, node-role-admin reason: reviewed: see SEC-12, until next year", { rules: ["PG102", "node-role-admin"], reason: "reviewed: see SEC-12, until next year", until: undefined, problem: undefined }],
    [" PG102", { rules: ["PG102"], reason: undefined, until: undefined, problem: "it gives no reason; write pullguard-ignore <rule> reason: <why>, so that the next reader knows" }],
    [" reason: why", { rules: [], reason: "why", until: undefined, problem: "it names no rule (pullguard-ignore PG102 reason: <why>)" }],
    [" PG999 reason: typo", { rules: ["PG999"], reason: "typo", until: undefined, problem: "unknown rule PG999 (run 'pullguard rules' for the list)" }],
    [" PG102 reason: x until: 2027-02-30", { rules: ["PG102"], reason: "x", until: "2027-02-30", problem: "until: 2027-02-30 is not a date (YYYY-MM-DD)" }],
  ])("reads %j", (body, expected) => {
    expect(parseIgnoreBody(body)).toEqual(expected);
  });
});

describe("what a comment covers", () => {
  it("covers the line it ends, or the block the line opens", () => {
    expect(scopes('a = 1 # pullguard-ignore PG102 reason: x\nb = 2\n', "hcl")).toEqual(["1-1"]);
    expect(scopes('resource "x" "y" { // pullguard-ignore PG102 reason: x\n  a = 1\n}\nb = 2\n', "hcl")).toEqual(["1-3"]);
  });

  it("covers the next line and what is indented under it, with its closing brace", () => {
    const hcl = '# pullguard-ignore PG102 reason: x\nmodule "m" {\n  source = "./m"\n\n  inputs = {\n    a = 1\n  }\n}\nresource "r" "s" {}\n';
    expect(scopes(hcl, "hcl")).toEqual(["2-8"]);
    const yaml = "nodeGroups:\n  # pullguard-ignore PG301 reason: x\n  - name: a\n    iam:\n      x: 1\n  - name: b\n";
    expect(scopes(yaml, "yaml")).toEqual(["3-5"]);
  });

  it("covers a YAML key whose list items sit at its own indentation, and a whole document from its top", () => {
    expect(scopes("kind: ClusterConfig\n# pullguard-ignore PG301 reason: x\nmanagedNodeGroups:\n- name: a\n- name: b\nkarpenter: {}\n", "yaml")).toEqual(["3-5"]);
    expect(scopes("a: 1\n---\n# pullguard-ignore PG201 reason: x\napiVersion: v1\nkind: Pod\nspec:\n  x: 1\n---\nkind: Other\n", "yaml")).toEqual(["4-7"]);
  });

  it("ignores the keyword inside strings and YAML words that are not comments", () => {
    expect(scopes('a = "# pullguard-ignore PG102 reason: x"\n', "hcl")).toEqual([]);
    expect(scopes("a: b#pullguard-ignore PG102 reason: x\n", "yaml")).toEqual([]);
    expect(scopes("a: 'it''s # pullguard-ignore PG102 reason: x'\n", "yaml")).toEqual([]);
  });
});
