# Runs the tool: ./build.ps1 --target=Deploy [options]. The same bootstrap as build.sh (README, "Bootstrap"): the
# tool is published (Release, ReadyToRun for this machine's runtime, framework-dependent: build/Build.csproj says so)
# into build/bin/tool/<hash of its sources>/ and run from there; a run whose sources' paths, modification times and
# sizes match the last build's starts it at once, otherwise the contents are hashed and a build is made only for a
# hash not built yet, under a lock. WORKLOAD_REBUILD=1 builds even when nothing changed.
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$tools = Join-Path $root 'build/bin/tool'
$sourceRoots = 'build', 'tasks', 'templates', 'Directory.Build.props', 'Directory.Build.targets', 'global.json', 'NuGet.config'

function Get-Sources {
    $files = foreach ($name in $sourceRoots) {
        $path = Join-Path $root $name
        if (Test-Path $path -PathType Leaf) { Get-Item $path }
        elseif (Test-Path $path -PathType Container) {
            Get-ChildItem $path -Recurse -File | Where-Object {
                $relative = [IO.Path]::GetRelativePath($root, $_.FullName) -split '[\\/]'
                -not ($relative -contains 'bin' -or $relative -contains 'obj')
            }
        }
    }
    # Ordinal order of the relative paths, as build.sh's `LC_ALL=C sort`: both scripts name a build by the same hash.
    [IO.FileInfo[]] $sorted = @($files)
    [string[]] $keys = @($sorted | ForEach-Object { [IO.Path]::GetRelativePath($root, $_.FullName) -replace '\\', '/' })
    [Array]::Sort($keys, $sorted, [StringComparer]::Ordinal)
    $sorted
}

function Get-Hash([string] $text) {
    [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($text))).ToLowerInvariant()
}

function Get-Signature($files) {
    Get-Hash (($files | ForEach-Object { "$([IO.Path]::GetRelativePath($root, $_.FullName)) $($_.LastWriteTimeUtc.Ticks) $($_.Length)" }) -join "`n")
}

function Get-ContentHash($files) {
    $lines = $files | ForEach-Object {
        # The lines of `sha256sum`, as build.sh hashes them.
        "$((Get-FileHash -Algorithm SHA256 $_.FullName).Hash.ToLowerInvariant())  $([IO.Path]::GetRelativePath($root, $_.FullName) -replace '\\', '/')"
    }
    (Get-Hash (($lines -join "`n") + "`n")).Substring(0, 16)
}

function Start-Tool([string] $hash) {
    $directory = Join-Path $tools $hash
    $apphost = Join-Path $directory ($IsWindows ? 'workload.exe' : 'workload')
    if (Test-Path $apphost) { & $apphost @args } else { & dotnet (Join-Path $directory 'workload.dll') @args }
    exit $LASTEXITCODE
}

$files = @(Get-Sources)
$signature = Get-Signature $files
$stampFile = Join-Path $tools 'stamp.ps1'
if ($env:WORKLOAD_REBUILD -ne '1' -and (Test-Path $stampFile)) {
    $recorded = (Get-Content $stampFile -Raw).Trim() -split ' '
    if ($recorded.Count -eq 2 -and $recorded[0] -eq $signature -and (Test-Path (Join-Path $tools "$($recorded[1])/complete"))) {
        Start-Tool $recorded[1] @args
    }
}

New-Item -ItemType Directory -Force $tools | Out-Null
$lockFile = Join-Path $tools 'lock'
$lock = $null
$waited = $false
while ($null -eq $lock) {
    try { $lock = [IO.File]::Open($lockFile, 'OpenOrCreate', 'ReadWrite', 'None') }
    catch [IO.IOException] {
        if (-not $waited) { Write-Host 'build.ps1: another ./build.ps1 is building the tool; waiting for it'; $waited = $true }
        Start-Sleep -Milliseconds 200
    }
}
try {
    $hash = Get-ContentHash $files
    $directory = Join-Path $tools $hash
    if ($env:WORKLOAD_REBUILD -eq '1' -or -not (Test-Path (Join-Path $directory 'complete'))) {
        Write-Host 'build.ps1: building the tool (sources changed since the last build, or first run; a first build precompiles every assembly: minutes)'
        $partial = "$directory.partial"
        if (Test-Path $partial) { Remove-Item -Recurse -Force $partial }
        $log = Join-Path $tools 'build.log'
        & dotnet publish (Join-Path $root 'build/Build.csproj') -c Release -o $partial -nologo -v quiet -clp:ErrorsOnly *> $log
        if ($LASTEXITCODE -ne 0) {
            Get-Content $log | Write-Host
            Write-Host "build.ps1: the build failed (above; also in $log); nothing was run"
            exit 1
        }
        if (Test-Path $directory) { Remove-Item -Recurse -Force $directory }
        Move-Item $partial $directory
        New-Item -ItemType File (Join-Path $directory 'complete') | Out-Null
        # Keep this build and the one before it (a run of it may still be loading assemblies); remove older ones.
        $previous = if (Test-Path $stampFile) { ((Get-Content $stampFile -Raw).Trim() -split ' ')[-1] } else { '' }
        Get-ChildItem $tools -Directory | Where-Object { $_.Name -ne $hash -and $_.Name -ne $previous } |
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
    }
    # A file saved during the build must not be recorded as built.
    if ((Get-ContentHash @(Get-Sources)) -eq $hash) {
        Set-Content -NoNewline "$signature $hash" "$stampFile.new"
        Move-Item -Force "$stampFile.new" $stampFile
    }
}
finally {
    $lock.Dispose()
}
Start-Tool $hash @args
