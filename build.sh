#!/usr/bin/env bash
# Runs the tool: ./build.sh --target=Deploy [options]. See README, "Bootstrap".
#
# The tool is published (Release, ReadyToRun for this machine's runtime, framework-dependent: build/Build.csproj says
# so) into build/bin/tool/<hash of its sources>/ and run from there, so a run pays for no build check and little JIT
# compiling when nothing changed. What counts as a source: everything under build/, tasks/ and templates/ (but
# their bin/ and obj/), Directory.Build.props, Directory.Build.targets, global.json and NuGet.config.
#   - Fast path: the list of those files with their modification times and sizes equals the one recorded at the last
#     build (build/bin/tool/stamp.sh: the build's hash, then that list): run the recorded build. One find, no other
#     process, before the tool starts.
#   - Otherwise their contents are hashed; a build for that hash is run if it exists (a touched but unchanged file,
#     a branch switched back), else built first. Builds are serialised by a lock, so concurrent runs are safe: the
#     second one waits and then uses the first one's build. A running tool is never overwritten: each hash has its
#     own directory, and only older ones than the previous build are removed.
# WORKLOAD_REBUILD=1 builds even when nothing changed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools="$root/build/bin/tool"

source_roots=(build tasks templates Directory.Build.props Directory.Build.targets global.json NuGet.config nuget.config)
# The sources' paths, sorted (a content hash must not depend on the order find meets them).
sources() {
  local top=() name
  for name in "${source_roots[@]}"; do
    if [ -e "$root/$name" ]; then top+=("$name"); fi
  done
  (cd "$root" && find "${top[@]}" \( -name bin -o -name obj \) -prune -o -type f -print | LC_ALL=C sort)
}
# Every source's path, modification time and size (one find). Not sorted: find's order changes only when a directory
# does, and then the content hash below decides.
listing() {
  local top=() name
  for name in "${source_roots[@]}"; do
    if [ -e "$root/$name" ]; then top+=("$name"); fi
  done
  cd "$root" && find "${top[@]}" \( -name bin -o -name obj \) -prune -o -type f -printf '%p %T@ %s\n'
}
content_hash() {
  local sum
  read -r sum _ < <(cd "$root" && sources | tr '\n' '\0' | xargs -0 sha256sum | sha256sum)
  echo "${sum:0:16}"
}
# The apphost when the build made one (it starts a little faster than `dotnet workload.dll`).
launch() {
  local dir="$tools/$1"
  shift
  exec 9>&-
  if [ -x "$dir/workload" ]; then exec "$dir/workload" "$@"; fi
  exec dotnet "$dir/workload.dll" "$@"
}

listing_now=$(listing)
if [ "${WORKLOAD_REBUILD:-}" != 1 ] && [ -f "$tools/stamp.sh" ]; then
  hash_built="" listing_built=""
  { read -r hash_built; IFS= read -r -d '' listing_built; } < "$tools/stamp.sh" || true
  if [ "$listing_now" = "${listing_built%$'\n'}" ] && [ -n "$hash_built" ] && [ -f "$tools/$hash_built/complete" ]; then
    launch "$hash_built" "$@"
  fi
fi

mkdir -p "$tools"
exec 9> "$tools/lock"
if command -v flock > /dev/null && ! flock -n 9; then
  echo "build.sh: another ./build.sh is building the tool; waiting for it" >&2
  flock 9
fi
hash=$(content_hash)
if [ "${WORKLOAD_REBUILD:-}" = 1 ] || [ ! -f "$tools/$hash/complete" ]; then
  echo "build.sh: building the tool (sources changed since the last build, or first run; a first build precompiles every assembly: minutes)" >&2
  rm -rf "$tools/$hash.partial"
  log="$tools/build.log"
  # Without the lock's descriptor: MSBuild's reused nodes outlive the build and would hold the lock.
  if ! dotnet publish "$root/build/Build.csproj" -c Release -o "$tools/$hash.partial" -nologo -v quiet -clp:ErrorsOnly \
      > "$log" 2>&1 9>&-; then
    cat "$log" >&2
    echo "build.sh: the build failed (above; also in $log); nothing was run" >&2
    exit 1
  fi
  rm -rf "$tools/$hash"
  mv "$tools/$hash.partial" "$tools/$hash"
  : > "$tools/$hash/complete"
  # Keep this build and the one before it (a run of it may still be loading assemblies); remove older ones.
  previous=$(head -n 1 "$tools/stamp.sh" 2>/dev/null || true)
  for old in "$tools"/*/; do
    old=$(basename "$old")
    if [ "$old" != "$hash" ] && [ "$old" != "$previous" ]; then rm -rf "${tools:?}/$old"; fi
  done
fi
# The contents are hashed again: a file saved during the build must not be recorded as built.
if [ "$(content_hash)" = "$hash" ]; then
  printf '%s\n%s\n' "$hash" "$listing_now" > "$tools/stamp.sh.new" && mv "$tools/stamp.sh.new" "$tools/stamp.sh"
fi
launch "$hash" "$@"
