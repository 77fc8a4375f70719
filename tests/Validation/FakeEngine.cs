using Workload.Docker;

namespace Workload.Tests.Validation;

/// <summary>
/// A stand-in for the docker command line, for what cannot run here (the Dependency-Check image, the NVD): it
/// records each call, keeps named volumes as files, and for <c>run</c> writes the real sample report into the
/// directory mounted at /report and prints the mounted NVD properties file, as a careless tool might.
/// </summary>
internal sealed class FakeEngine : IDisposable
{
    public FakeEngine(int runExitCode = 0)
    {
        Directory = TestPaths.NewDirectory("workload-fake-engine");
        var script = Path.Combine(Directory, "podman");
        var sample = Path.Combine(TestPaths.Data, "dependency-check-report.json");
        File.WriteAllText(script, $$"""
            #!/bin/bash
            state='{{Directory}}'
            printf '%s\n' "$*" >> "$state/calls"
            case "$1 $2" in
              "volume inspect") [ -e "$state/volume-${@: -1}" ] || { echo "no such volume" >&2; exit 1; }; exit 0 ;;
              "volume create") touch "$state/volume-${@: -1}"; echo "${@: -1}"; exit 0 ;;
              "image inspect") exit 0 ;;
            esac
            if [ "$1" = run ]; then
              printf '%s\n' "$@" > "$state/run-argv"
              env > "$state/run-env"
              previous=
              for argument in "$@"; do
                if [ "$previous" = --volume ]; then
                  case "$argument" in
                    *:/report) cp '{{sample}}' "${argument%:/report}/dependency-check-report.json"; echo '<x/>' > "${argument%:/report}/dependency-check-report.xml" ;;
                    *:/run/workload/nvd.properties:ro) echo "[DEBUG] properties: $(cat "${argument%%:*}")" ;;
                  esac
                fi
                previous=$argument
              done
              echo "[INFO] Analysis done"
              exit {{runExitCode}}
            fi
            echo "fake engine: unexpected call $*" >&2
            exit 2
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The container tests run on Linux.");
        }

        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Engine = new ContainerEngine("podman", script);
    }

    public string Directory { get; }

    public ContainerEngine Engine { get; }

    /// <summary>Every call, one line each, arguments joined by spaces.</summary>
    public IReadOnlyList<string> Calls => File.Exists(Path.Combine(Directory, "calls")) ? File.ReadAllLines(Path.Combine(Directory, "calls")) : [];

    /// <summary>The arguments of the last <c>run</c>, one element each.</summary>
    public IReadOnlyList<string> RunArguments => File.ReadAllLines(Path.Combine(Directory, "run-argv"));

    /// <summary>The engine process's environment during the last <c>run</c>.</summary>
    public string RunEnvironment => File.ReadAllText(Path.Combine(Directory, "run-env"));

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
