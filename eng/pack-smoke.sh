#!/usr/bin/env bash
# Proves the packages work from outside the repository: packs the five libraries (PartnerAccess.Sdk, .Graph,
# .Governance, .Testing, .Emulator) and the partner-access tool (PartnerAccess.Cli) into a local folder feed, checks
# their metadata, builds a fresh console app (eng/pack-smoke/Program.cs) that references the libraries by version from
# that feed and runs it, then installs the tool from the feed as a local tool and runs it on its embedded demo.
# Exits non-zero on any failure; prints "pack smoke: passed" on success.
# Usage: eng/pack-smoke.sh [--no-build]   (--no-build packs the Release build that is already there, as .ci/run does)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work="$(mktemp -d "${TMPDIR:-/tmp}/partneraccess-pack-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT
feed="$work/feed"
packages=(PartnerAccess.Sdk PartnerAccess.Sdk.Graph PartnerAccess.Sdk.Governance PartnerAccess.Sdk.Testing PartnerAccess.Sdk.Emulator)
tool=PartnerAccess.Cli
tool_command=partner-access
tool_framework=net10.0

version="$(dotnet msbuild src/PartnerAccess.Sdk/PartnerAccess.Sdk.csproj -getProperty:Version)"
# A package of this version already in the machine's NuGet cache would be used instead of the fresh one: then pack
# under a unique prerelease version.
for name in "${packages[@]}" "$tool"; do
  if [ -d "$HOME/.nuget/packages/${name,,}/$version" ]; then
    version="$version-smoke.$(date +%s)"
    break
  fi
done
echo "pack smoke: packing $version into $feed"
dotnet pack eng/packages.slnf -c Release -o "$feed" -p:Version="$version" -v q -nologo "$@"

echo "pack smoke: checking the metadata of ${#packages[@]} libraries and the $tool tool"
python3 - "$feed" "$version" "$tool" "$tool_command" "$tool_framework" "${packages[@]}" <<'PY'
import sys, zipfile, xml.etree.ElementTree as ET
feed, version, tool, command, framework, libraries = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
problems = []

def check(name, is_tool):
    path = f"{feed}/{name}.{version}.nupkg"
    try:
        package = zipfile.ZipFile(path)
    except FileNotFoundError:
        problems.append(f"{name}: no {path}")
        return
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
    if is_tool:
        types = [t.get("name") for t in nuspec.iter() if t.tag.endswith("}packageType")]
        need(types == ["DotnetTool"], "package type DotnetTool")
        need(not any(f.startswith("lib/") for f in files), "tool layout (no lib/ folder)")
        folder = f"tools/{framework}/any/"
        need(f"{folder}{command}.dll" in files, f"{folder}{command}.dll")
        try:
            settings = ET.fromstring(package.read(f"{folder}DotnetToolSettings.xml"))
            commands = [(c.get("Name"), c.get("EntryPoint")) for c in settings.iter("Command")]
            need(commands == [(command, f"{command}.dll")], f"DotnetToolSettings.xml naming command {command}")
        except KeyError:
            problems.append(f"{name}: no {folder}DotnetToolSettings.xml")
        pdb = f"/{command}.pdb"
    else:
        need(not any(f.startswith("tools/") for f in files), "library layout (not a tool package)")
        dlls = [f for f in files if f.startswith("lib/") and f.endswith(f"/{name}.dll")]
        need(dlls, "lib/<tfm>/" + name + ".dll")
        for dll in dlls:
            need(dll[:-4] + ".xml" in files, f"XML docs next to {dll}")
        pdb = f"/{name}.pdb"
    try:
        symbols = zipfile.ZipFile(f"{feed}/{name}.{version}.snupkg").namelist()
        need(any(f.endswith(pdb) for f in symbols), f"{pdb[1:]} in the .snupkg")
    except FileNotFoundError:
        problems.append(f"{name}: no .snupkg")

for library in libraries:
    check(library, is_tool=False)
check(tool, is_tool=True)
if problems:
    print("pack smoke: package problems:\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"pack smoke: {len(libraries)} libraries and the {tool} tool have README, license, symbols and repository metadata; "
      f"the libraries have XML docs, the tool the tools/{framework}/any layout")
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
# A private packages folder so nothing stale is picked up, with the machine's cache as a read-only fallback so
# third-party packages are not downloaded again. Usage: nuget_config <packageSources entries> [<packageSourceMapping>]
fallback=""
if [ -d "$HOME/.nuget/packages" ]; then
  fallback="<fallbackPackageFolders><add key=\"machine\" value=\"$HOME/.nuget/packages\" /></fallbackPackageFolders>"
fi
nuget_config() {
  cat <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
  $fallback
  <packageSources>
    <clear />
    $1
  </packageSources>
  ${2:-}
</configuration>
XML
}
# The app: the feed for our packages, the machine's usual source for the rest.
nuget_config "<add key=\"local-feed\" value=\"$feed\" />
    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" protocolVersion=\"3\" />" \
  "<packageSourceMapping>
    <packageSource key=\"local-feed\"><package pattern=\"PartnerAccess.Sdk*\" /></packageSource>
    <packageSource key=\"nuget.org\"><package pattern=\"*\" /></packageSource>
  </packageSourceMapping>" > "$app/nuget.config"

echo "pack smoke: building and running a fresh console app against the ${#packages[@]} libraries"
output="$(cd "$app" && dotnet run -c Release 2>&1)" || { echo "$output"; echo "pack smoke: the app failed"; exit 1; }
echo "$output" | tail -n 3
if ! grep -q "^PACKAGE SMOKE OK:" <<<"$output"; then
  echo "pack smoke: the app did not print its success line"
  exit 1
fi

# The tool as a user gets it: a local tool (tool manifest) in a folder of its own, installed from the feed by version,
# with the same private packages folder as the app.
tool_dir="$work/tool"
mkdir -p "$tool_dir"
# A tool package carries its dependencies inside it, so the feed is the only source (and --add-source cannot be
# combined with package source mapping anyway).
nuget_config "<add key=\"local-feed\" value=\"$feed\" />" > "$tool_dir/nuget.config"
# The SDK remembers where each local tool version was installed (toolResolverCache under DOTNET_CLI_HOME); a private
# one keeps an earlier run's entry, pointing into a deleted scratch folder, from being used, and leaves none behind.
cli_home="$work/cli-home"
mkdir -p "$cli_home"
echo "pack smoke: installing $tool $version from the feed as a local tool"
output="$(cd "$tool_dir" && export DOTNET_CLI_HOME="$cli_home" && dotnet new tool-manifest 2>&1 \
  && dotnet tool install "$tool" --version "$version" --add-source "$feed" 2>&1)" \
  || { echo "$output"; echo "pack smoke: installing the tool failed"; exit 1; }
echo "pack smoke: running '$tool_command relationships list' (embedded demo backend)"
status=0
output="$(cd "$tool_dir" && DOTNET_CLI_HOME="$cli_home" dotnet tool run "$tool_command" relationships list 2>&1)" || status=$?
if [ "$status" -ne 0 ]; then
  echo "$output"
  echo "pack smoke: $tool_command exited with $status"
  exit 1
fi
echo "$output" | tail -n 1
# The demo's fixed clock and its 50 customers make this line and this row the same on every run; redirected output
# keeps each row on one line (no wrapping at 80 columns).
if ! grep -q "relationship(s) on embedded demo partner, as of 2025-11-03 09:00 UTC" <<<"$output"; then
  echo "$output"
  echo "pack smoke: $tool_command did not list the embedded demo's relationships"
  exit 1
fi
if ! grep -q "Coho Vineyard - Full administration .*active" <<<"$output"; then
  echo "$output"
  echo "pack smoke: $tool_command did not print the demo's 'Coho Vineyard - Full administration' row on one line"
  exit 1
fi
echo "pack smoke: passed"
