#!/usr/bin/env bash
# Regenerates src/*/PublicAPI/PublicAPI.Unshipped.txt from the code: every public API that is not in
# PublicAPI.Shipped.txt is written to Unshipped (the RS0016 code fix, applied by dotnet format). One file serves every
# target framework, so a build of any framework whose API differs fails (RS0016/RS0017), as does package validation.
# Run it after changing the public surface, then review the diff. Releasing moves Unshipped lines into Shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for project in src/*/*.csproj; do
  dir="$(dirname "$project")"
  [ -d "$dir/PublicAPI" ] || continue
  # Start from an empty Unshipped file so that removed APIs drop out too.
  printf '#nullable enable\n' > "$dir/PublicAPI/PublicAPI.Unshipped.txt"
  # One project and one framework per call: dotnet format loads a project's first framework only.
  PublicApiFramework=net10.0 dotnet format analyzers "$project" --diagnostics RS0016 --severity warn
  { head -n 1 "$dir/PublicAPI/PublicAPI.Unshipped.txt"; tail -n +2 "$dir/PublicAPI/PublicAPI.Unshipped.txt" | LC_ALL=C sort -u; } > "$dir/PublicAPI/u.tmp"
  mv "$dir/PublicAPI/u.tmp" "$dir/PublicAPI/PublicAPI.Unshipped.txt"
done

# Leave the restore in the default (all frameworks) state for the next build.
dotnet restore eng/packages.slnf -v q
echo "Public API files updated; review with: git diff -- 'src/*/PublicAPI'"
