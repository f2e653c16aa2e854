/**
 * Terraform version constraints (`>= 14.0, < 18.0`, `~> 19.12`, `20.20.0`, `v17.1.0` from a git ref)
 * as sets of versions, so built-in module knowledge can ask which releases a constraint admits.
 */

type Version = [number, number, number];

interface Bound {
  at: Version;
  inclusive: boolean;
}

/** The versions a constraint admits: between `lower` and `upper`, minus `excluded`. */
export interface VersionRange {
  lower: Bound | undefined;
  upper: Bound | undefined;
  excluded: Version[];
}

function parse(text: string): Version {
  const [a = 0, b = 0, c = 0] = text.split(".").map((n) => Number(n));
  return [a, b, c];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function tighterLower(a: Bound | undefined, b: Bound): Bound {
  if (!a) return b;
  const c = compare(a.at, b.at);
  return c > 0 || (c === 0 && !a.inclusive) ? a : b;
}

function tighterUpper(a: Bound | undefined, b: Bound): Bound {
  if (!a) return b;
  const c = compare(a.at, b.at);
  return c < 0 || (c === 0 && !a.inclusive) ? a : b;
}

/** A constraint as a range; undefined when any clause is not one Terraform's syntax allows (`latest`, `${var.v}`). */
export function versionRange(constraint: string): VersionRange | undefined {
  const range: VersionRange = { lower: undefined, upper: undefined, excluded: [] };
  const clauses = constraint.split(",").map((c) => c.trim());
  if (clauses.length === 0 || clauses.some((c) => c === "")) return undefined;
  for (const clause of clauses) {
    const m = /^(>=|<=|>|<|~>|=|!=)?\s*v?(\d+(?:\.\d+){0,2})(?:-[\w.]+)?$/.exec(clause);
    if (!m) return undefined;
    const op = m[1] ?? "=";
    const text = m[2] as string;
    const v = parse(text);
    switch (op) {
      case ">=":
      case ">":
        range.lower = tighterLower(range.lower, { at: v, inclusive: op === ">=" });
        break;
      case "<=":
      case "<":
        range.upper = tighterUpper(range.upper, { at: v, inclusive: op === "<=" });
        break;
      case "=":
        range.lower = tighterLower(range.lower, { at: v, inclusive: true });
        range.upper = tighterUpper(range.upper, { at: v, inclusive: true });
        break;
      case "!=":
        range.excluded.push(v);
        break;
      case "~>": {
        // Only the rightmost given component may grow: ~> 19.12 is < 20, ~> 1.2.3 is < 1.3, ~> 2 is >= 2.
        range.lower = tighterLower(range.lower, { at: v, inclusive: true });
        const parts = text.split(".").length;
        if (parts === 2) range.upper = tighterUpper(range.upper, { at: [v[0] + 1, 0, 0], inclusive: false });
        if (parts === 3) range.upper = tighterUpper(range.upper, { at: [v[0], v[1] + 1, 0], inclusive: false });
        break;
      }
    }
  }
  return range;
}

/** Whether the range admits any release in [from, to): `to` undefined means no end. */
export function admitsAny(range: VersionRange, from: string, to?: string): boolean {
  let lower: Bound = { at: parse(from), inclusive: true };
  if (range.lower) lower = tighterLower(lower, range.lower);
  let upper: Bound | undefined = to === undefined ? undefined : { at: parse(to), inclusive: false };
  if (range.upper) upper = tighterUpper(upper, range.upper);
  if (!upper) return true;
  const c = compare(lower.at, upper.at);
  if (c < 0) return true;
  // A single version: admitted unless excluded.
  return c === 0 && lower.inclusive && upper.inclusive && !range.excluded.some((e) => compare(e, lower.at) === 0);
}

/** The majors in `known` the range admits. */
export function admittedMajors(range: VersionRange, known: number[]): number[] {
  return known.filter((major) => admitsAny(range, `${major}.0.0`, `${major + 1}.0.0`));
}
