#!/usr/bin/env python3
"""Copies each `#region Snippet:Name` of samples/**/*.cs into the docs, word for word.

A doc marks a snippet with an HTML comment right before its code block:

    <!-- snippet: Name -->
    ```csharp
    ...replaced by the region's text...
    ```

Usage: python3 eng/update-doc-snippets.py [--check]
--check changes nothing and exits 1 when a doc differs from its region (PartnerAccess.Sdk.Conventions.Tests checks the same).
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
region = re.compile(r"^[ \t]*#region Snippet:(\w+)[ \t]*\n(.*?)^[ \t]*#endregion", re.S | re.M)
marker = re.compile(r"(<!-- snippet: (\w+) -->\n```csharp\n)(.*?)(^```)", re.S | re.M)


def dedent(text):
    lines = text.rstrip().split("\n")
    indents = [len(l) - len(l.lstrip(" ")) for l in lines if l.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(l[cut:] if l.strip() else "" for l in lines) + "\n"


snippets = {}
for source in sorted((root / "samples").rglob("*.cs")):
    if "/obj/" in source.as_posix() or "/bin/" in source.as_posix():
        continue
    for match in region.finditer(source.read_text(encoding="utf-8")):
        name = match.group(1)
        if name in snippets:
            sys.exit(f"Snippet {name} is defined twice ({source})")
        snippets[name] = dedent(match.group(2))

check = "--check" in sys.argv
problems, used = [], set()
for doc in sorted((root / "docs").rglob("*.md")):
    text = doc.read_text(encoding="utf-8")

    def replace(match):
        name = match.group(2)
        used.add(name)
        if name not in snippets:
            problems.append(f"{doc.relative_to(root)}: no snippet named {name}")
            return match.group(0)
        if match.group(3) != snippets[name]:
            problems.append(f"{doc.relative_to(root)}: snippet {name} differs from its region")
        return match.group(1) + snippets[name] + match.group(4)

    updated = marker.sub(replace, text)
    if not check and updated != text:
        doc.write_text(updated, encoding="utf-8")
        print(f"updated {doc.relative_to(root)}")

problems += [f"snippet {name} is used by no doc" for name in sorted(set(snippets) - used)]
if check and problems:
    print("\n".join(problems))
    sys.exit(1)
missing = [p for p in problems if "no snippet named" in p or "used by no doc" in p]
if missing:
    print("\n".join(missing))
    sys.exit(1)
