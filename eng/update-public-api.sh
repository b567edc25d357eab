#!/usr/bin/env bash
# Regenerates src/*/PublicAPI/<tfm>/PublicAPI.Unshipped.txt from the code: every public API that is not in
# PublicAPI.Shipped.txt is written to Unshipped (the RS0016 code fix, applied by dotnet format), one framework at a time.
# Run it after changing the public surface, then review the diff. Releasing moves Unshipped lines into Shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for framework in net8.0 net10.0; do
  # Start from an empty Unshipped file so that removed APIs drop out too.
  for file in src/*/PublicAPI/"$framework"/PublicAPI.Unshipped.txt; do
    printf '#nullable enable\n' > "$file"
  done
  # One project per call: on a solution, dotnet format applies the fix to the first project only.
  for project in src/*/*.csproj; do
    if [ -d "$(dirname "$project")/PublicAPI/$framework" ]; then
      PublicApiFramework="$framework" dotnet format analyzers "$project" --diagnostics RS0016 --severity warn
    fi
  done
done

# Keep the files stable: sorted, one trailing newline.
for file in src/*/PublicAPI/*/PublicAPI.Unshipped.txt; do
  { head -n 1 "$file"; tail -n +2 "$file" | LC_ALL=C sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
done

# Leave the restore in the default (all frameworks) state for the next build.
dotnet restore eng/packages.slnf -v q
echo "Public API files updated; review with: git diff -- 'src/*/PublicAPI'"
