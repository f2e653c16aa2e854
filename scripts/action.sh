#!/usr/bin/env bash
# The scan step of action.yml: SARIF to a file for code scanning, workflow annotations on standard
# output, and the exit status of pullguard (1 when findings at or above fail-on remain, 3 when a file
# could not be read or parsed).
set -euo pipefail
read -r -a paths <<< "${PULLGUARD_PATHS:-.}"
sarif="${PULLGUARD_SARIF:-pullguard.sarif}"
args=("${paths[@]}" --format sarif --output "$sarif" --format github --fail-on "${PULLGUARD_FAIL_ON:-error}")
if [ -n "${PULLGUARD_CONFIG:-}" ]; then args+=(--config "$PULLGUARD_CONFIG"); fi
status=0
node "$GITHUB_ACTION_PATH/bin/pullguard.js" "${args[@]}" || status=$?
echo "sarif-file=$sarif" >> "${GITHUB_OUTPUT:-/dev/null}"
exit "$status"
