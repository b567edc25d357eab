#!/usr/bin/env bash
# Proves the packages work from outside the repository: packs PartnerAccess.Sdk, .Graph, .Testing and .Emulator into a
# local folder feed, checks their metadata, builds a fresh console app (eng/pack-smoke/Program.cs) that references
# them by version from that feed, and runs it. Exits non-zero on any failure; prints "pack smoke: passed" on success.
# Usage: eng/pack-smoke.sh [--no-build]   (--no-build packs the Release build that is already there, as .ci/run does)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work="$(mktemp -d "${TMPDIR:-/tmp}/partneraccess-pack-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
packages=(PartnerAccess.Sdk PartnerAccess.Sdk.Graph PartnerAccess.Sdk.Testing PartnerAccess.Sdk.Emulator)

version="$(dotnet msbuild src/PartnerAccess.Sdk/PartnerAccess.Sdk.csproj -getProperty:Version)"
# A package of this version already in the machine's NuGet cache would be used instead of the fresh one: then pack
# under a unique prerelease version.
if [ -d "$HOME/.nuget/packages/partneraccess.sdk/$version" ]; then
  version="$version-smoke.$(date +%s)"
fi
echo "pack smoke: packing $version into $feed"
dotnet pack eng/packages.slnf -c Release -o "$feed" -p:Version="$version" -v q -nologo "$@"

python3 - "$feed" "$version" "${packages[@]}" <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
feed, version, names = sys.argv[1], sys.argv[2], sys.argv[3:]
problems = []
for name in names:
    path = f"{feed}/{name}.{version}.nupkg"
    try:
        package = zipfile.ZipFile(path)
    except FileNotFoundError:
        problems.append(f"{name}: no {path}")
        continue
    files = package.namelist()
    nuspec = ET.fromstring(package.read(f"{name}.nuspec"))
    meta = {el.tag.split('}')[1]: el for el in nuspec.find("{*}metadata")}
    def need(ok, what):
        if not ok:
            problems.append(f"{name}: {what}")
    need(meta.get("license") is not None and meta["license"].text == "MIT", "license expression MIT")
    need(meta.get("readme") is not None and meta["readme"].text in files, "package README")
    need(bool(meta.get("description") is not None and meta["description"].text), "description")
    need(bool(meta.get("tags") is not None and "gdap" in meta["tags"].text), "tags")
    need(meta.get("repository") is not None and meta["repository"].get("url", "").startswith("https://"), "repository url")
    need("LICENSE" in files, "LICENSE file")
    need(not any(f.startswith("tools/") for f in files), "library layout (not a tool package)")
    dlls = [f for f in files if f.startswith("lib/") and f.endswith(f"/{name}.dll")]
    need(dlls, "lib/<tfm>/" + name + ".dll")
    for dll in dlls:
        need(dll[:-4] + ".xml" in files, f"XML docs next to {dll}")
    try:
        symbols = zipfile.ZipFile(f"{feed}/{name}.{version}.snupkg").namelist()
        need(any(f.endswith(f"/{name}.pdb") for f in symbols), "PDB in the .snupkg")
    except FileNotFoundError:
        problems.append(f"{name}: no .snupkg")
if problems:
    print("pack smoke: package problems:\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"pack smoke: {len(names)} packages have README, license, docs, symbols and repository metadata")
PY

# A fresh app outside the repository: no Directory.Build.props, no project references, only the feed and nuget.org.
app="$work/app"
mkdir -p "$app"
cp eng/pack-smoke/Program.cs "$app/Program.cs"
{
  echo '<Project Sdk="Microsoft.NET.Sdk">'
  echo '  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>'
  echo '  <ItemGroup>'
  for name in "${packages[@]}"; do echo "    <PackageReference Include=\"$name\" Version=\"[$version]\" />"; done
  echo '  </ItemGroup>'
  echo '</Project>'
} > "$app/SmokeApp.csproj"
# The feed plus the machine's usual source; a private packages folder so nothing stale is picked up, with the
# machine's cache as a read-only fallback so third-party packages are not downloaded again.
fallback=""
if [ -d "$HOME/.nuget/packages" ]; then
  fallback="<fallbackPackageFolders><add key=\"machine\" value=\"$HOME/.nuget/packages\" /></fallbackPackageFolders>"
fi
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
  $fallback
  <packageSources>
    <clear />
    <add key="local-feed" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local-feed"><package pattern="PartnerAccess.Sdk*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
XML

echo "pack smoke: building and running a fresh console app against the packages"
output="$(cd "$app" && dotnet run -c Release 2>&1)" || { echo "$output"; echo "pack smoke: the app failed"; exit 1; }
echo "$output" | tail -n 3
if ! grep -q "^PACKAGE SMOKE OK:" <<<"$output"; then
  echo "pack smoke: the app did not print its success line"
  exit 1
fi
echo "pack smoke: passed"
