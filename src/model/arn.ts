/** One ARN field: literal characters or deploy-time placeholders such as `${AWS::Partition}` (which contain colons). */
const FIELD = String.raw`(?:\$\{[^}]*\}|[^:])*`;

/** Matches `arn:<partition>:<service>:<region>:<account>:<resource>`, placeholders allowed in every field. */
export function arnPattern(service: string, region: string, account: string, resource: string): RegExp {
  const f = (x: string) => (x === "*" ? FIELD : x);
  return new RegExp(`^arn:${FIELD}:${f(service)}:${f(region)}:${f(account)}:${resource}$`);
}
