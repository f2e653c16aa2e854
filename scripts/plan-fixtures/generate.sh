#!/usr/bin/env bash
# Regenerates fixtures/terraform/<case>/plan.json from scripts/plan-fixtures/configs/<case>/ with
# OpenTofu and the stand-in AWS provider in provider/ (no AWS account, no registry): builds the
# provider, points OpenTofu at it through dev_overrides, then for each configuration `tofu get`,
# `tofu plan -out`, and `tofu show -json` pretty-printed so that findings have useful line numbers.
#   scripts/plan-fixtures/generate.sh [CASE...]      (default: every folder under configs/)
# Needs Go and tofu (../shared/tools/install-tofu.sh builds it into $HOME/.local/bin); TOFU overrides the binary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
project=$(cd "$here/../.." && pwd)
tofu=${TOFU:-$(command -v tofu || echo "$HOME/.local/bin/tofu")}
[ -x "$tofu" ] || { echo "generate: no tofu at $tofu (run ../shared/tools/install-tofu.sh, or set TOFU)" >&2; exit 2; }
command -v go >/dev/null || { echo "generate: Go is not installed" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$here/provider" && go build -o "$work/bin/terraform-provider-aws" .)
cat > "$work/tofurc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/hashicorp/aws" = "$work/bin"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/tofurc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

pretty='let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.stringify(JSON.parse(s),null,2)+"\n"))'

if [ $# -gt 0 ]; then cases=("$@"); else cases=(); for d in "$here"/configs/*/; do cases+=("$(basename "$d")"); done; fi
for name in "${cases[@]}"; do
  config="$here/configs/$name"
  [ -d "$config" ] || { echo "generate: no configuration $config" >&2; exit 2; }
  # A copy, so that .terraform and the plan file never land in the repository.
  copy="$work/configs/$name"
  mkdir -p "$copy" && cp -r "$config/." "$copy/"
  out="$project/fixtures/terraform/$name"
  mkdir -p "$out"
  (
    cd "$copy"
    "$tofu" get >/dev/null
    "$tofu" plan -input=false -lock=false -out=plan.bin >"$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; exit 1; }
    "$tofu" show -json plan.bin
  ) | node -e "$pretty" >"$out/plan.json.tmp"
  mv "$out/plan.json.tmp" "$out/plan.json"
  echo "$name: $(grep -c '"address"' "$out/plan.json") addresses -> fixtures/terraform/$name/plan.json"
done
