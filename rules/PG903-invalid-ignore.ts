import { defineRule } from "./define.js";
import { IGNORE_RULE_META, ignoreExamples, ignoreIdentity } from "./ignores.js";

export default defineRule({
  meta: {
    id: "PG903",
    name: "invalid-ignore",
    shortDescription: "An ignore is malformed and does not apply.",
    fullDescription:
      "An ignore names no rule or an unknown one, gives no reason, or has an until: that is not a date. It does not apply: the findings it was meant for are still reported.",
    ...IGNORE_RULE_META,
    messages: {
      invalid: "This ignore does not apply: {{problem}}.",
    },
    help: {
      what: "Reports each ignore that cannot be applied: `pullguard-ignore` with no rule, an unknown rule id or name, no `reason:`, or an `until:` that is not a `YYYY-MM-DD` date.",
      why: "A reason is what lets the next reviewer judge whether an exception still holds; an ignore without one is the blanket silencing that makes findings meaningless. Malformed ignores are reported rather than guessed at, so nothing is hidden by accident.",
      fix: "Write `pullguard-ignore <rule id or name>[, ...] reason: <why> [until: YYYY-MM-DD]`, for example `# pullguard-ignore PG102 reason: CI pool pushes images until the Kaniko migration until: 2027-03-01`.",
      references: ["https://github.com/pullguard/pullguard#suppressing-findings"],
      examples: ignoreExamples("invalid"),
    },
  },
  check(model, context) {
    for (const { directive } of model.ignores) {
      if (!directive.problem || !directive.location) continue;
      context.report({
        messageId: "invalid",
        data: { problem: directive.problem },
        location: directive.location,
        identity: ignoreIdentity(model.ignores, directive, (d) => d.problem ?? ""),
      });
    }
  },
});
