import { defineRule } from "./define.js";
import { IGNORE_RULE_META, ignoreExamples, ignoreIdentity } from "./ignores.js";

export default defineRule({
  meta: {
    id: "PG902",
    name: "unused-ignore",
    shortDescription: "An ignore matches no finding.",
    fullDescription:
      "A pullguard-ignore comment, CloudFormation Metadata.pullguard.ignore entry, pullguard.dev/ignore annotation or configuration ignore matched no finding: the problem was fixed, or the ignore is in the wrong place and hides nothing while looking as if it did.",
    ...IGNORE_RULE_META,
    messages: {
      unused: "This ignore of {{rules}} matches no finding{{where}}. Remove it, or move it to the line or block of the finding it is meant for.",
    },
    help: {
      what: "Reports every ignore that suppressed nothing in the scan. An ignore covers the line it ends, or the block (resource, module call, node group, manifest) that starts on the line after it; see the README's suppression section.",
      why: "An ignore that matches nothing is either stale (the finding was fixed, and the ignore would silently hide a new one later) or misplaced (the finding it was meant for is still reported, and the author believes it is not). Both erode trust in the scan.",
      fix: "Delete the ignore, or move it onto the finding's line or the block that holds it. To keep unused ignores quiet, set the rule to off (`--report-unused-ignores off`, or `rules: { unused-ignore: off }` in .pullguard.yml).",
      references: ["https://github.com/pullguard/pullguard#suppressing-findings"],
      examples: ignoreExamples("unused"),
    },
  },
  check(model, context) {
    for (const { directive, used, expiredMatches } of model.ignores) {
      if (directive.problem || used > 0 || expiredMatches > 0 || !directive.location) continue;
      context.report({
        messageId: "unused",
        data: { rules: directive.rules.join(", "), where: directive.kind === "config" ? " in the scanned files" : "" },
        location: directive.location,
        identity: ignoreIdentity(model.ignores, directive, (d) => d.reason ?? ""),
      });
    }
  },
});
