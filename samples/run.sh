#!/usr/bin/env bash
# Packs the library layers, builds samples/Neptune.Samples.Ask against the packed packages (the folder feed
# artifacts/packages, see samples/nuget.config) and runs it on the embedded CLEVR-2D world, checking its output.
# Usage: bash samples/run.sh [--no-build]   (--no-build: pack what `dotnet build Neptune.slnx -c Release` built)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pack_args=()
[[ "${1:-}" == "--no-build" ]] && pack_args+=(--no-build)

rm -rf artifacts/packages
dotnet pack Neptune.slnx -c Release -nologo -v quiet "${pack_args[@]}"

# Neptune's packages keep one version across builds: drop any earlier copy from the global packages folder so the
# sample restores the ones just packed.
global="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
rm -rf "$global"/neptune.*

sample=samples/Neptune.Samples.Ask
rm -rf "$sample/bin" "$sample/obj"
# This machine's runtime only: SkiaSharp's native libraries for every platform would be about 500 MB.
dotnet build "$sample" -c Release -nologo -v quiet --use-current-runtime -o "$sample/bin/out"
output="$(dotnet "$sample/bin/out/Neptune.Samples.Ask.dll" ../shared/data/clevr/CLEVR_val_scenes_500.json)"
printf '%s\n' "$output"

# The sample answered from pixels, agreed with the annotations, and found the cubes.
grep -Eq '^ask: How many cubes are there\? -> [0-9]+$' <<<"$output" || { echo "samples: no answer" >&2; exit 1; }
grep -q '^evaluate: expected [0-9]*, correct$' <<<"$output" || { echo "samples: the answer disagrees with the annotations" >&2; exit 1; }
grep -Eq '^find: the cubes -> [A-Za-z]+, [0-9]+ box\(es\)$' <<<"$output" || { echo "samples: find printed nothing" >&2; exit 1; }
echo "samples: ok"
