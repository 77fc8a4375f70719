using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Context;
using Workload.Docker;

namespace Workload.Validation;

/// <summary>
/// Runs OWASP Dependency-Check on the app's checkout in a throwaway container and brings its reports back.
/// The NVD data lives in a named volume (or a host directory) that outlives the container, so only the first
/// scan downloads the whole NVD. The NVD API key never appears on a command line: it goes into a properties
/// file in a private scratch directory, mounted read-only, which Dependency-Check reads with --propertyfile.
/// </summary>
public sealed class DependencyCheckScan(WorkloadContext context)
{
    /// <summary>Where the dependency-check image keeps its data.</summary>
    public const string DataDirectory = "/usr/share/dependency-check/data";

    /// <summary>Where the key's properties file is mounted in the container.</summary>
    public const string PropertiesFile = "/run/workload/nvd.properties";

    /// <summary>The artifacts subdirectory the reports are copied to.</summary>
    public string ReportDirectory => Path.Combine(context.ArtifactsDirectory, "dependency-check");

    /// <summary>The JSON report, once the scan has run.</summary>
    public string JsonReport => Path.Combine(ReportDirectory, "dependency-check-report.json");

    /// <summary>Scans the app; returns Dependency-Check's exit code. Throws when it wrote no JSON report.</summary>
    public int Run()
    {
        var settings = context.Settings;
        var app = settings.App ?? throw new CakeException("app: the app repository to scan is not set (--app=PATH)");
        var engine = context.ContainerEngine;
        ContainerImages.Ensure(context, engine, settings.OwaspImage, "owaspImage", ", or leave the scan out with --dependencyCheck=false");
        PrepareDataVolume(engine);

        using var scratch = ScratchDirectory.Create("workload-dependency-check");
        var reports = scratch.Shared("report");
        string? properties = null;
        if (settings.NvdApiKey is { } key)
        {
            properties = scratch.Write("nvd.properties", "nvd.api.key=" + EscapeProperty(key.Reveal()) + "\n");
        }
        else
        {
            context.Log.Warning(
                "No NVD API key (environment variable WORKLOAD_NVD_API_KEY): the first update of the NVD data in {0} can take hours " +
                "and may be throttled; later scans reuse it. A key is free: https://nvd.nist.gov/developers/request-an-api-key",
                settings.NvdDataVolume);
        }

        var run = engine.Apply(Container(settings, app, reports, properties));
        context.Log.Information("Scanning {0} with {1} ({2})", app, settings.OwaspImage, engine.Name);
        var exitCode = context.DockerRun(run, settings.OwaspImage, [.. Arguments(settings, properties is not null)]);

        Directory.CreateDirectory(ReportDirectory);
        foreach (var report in Directory.EnumerateFiles(reports))
        {
            File.Copy(report, Path.Combine(ReportDirectory, Path.GetFileName(report)), overwrite: true);
        }

        if (!File.Exists(JsonReport))
        {
            throw new CakeException($"Dependency-Check wrote no JSON report (exit code {exitCode}): see the output above.");
        }

        return exitCode;
    }

    /// <summary>Creates the named volume for the NVD data when it is missing; a path is a host directory instead.</summary>
    internal void PrepareDataVolume(ContainerEngine engine)
    {
        var volume = context.Settings.NvdDataVolume;
        if (Path.IsPathRooted(volume))
        {
            // A host directory (a CI cache, say); the image's user is not this one, so it must be writable by all.
            Directory.CreateDirectory(volume);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(volume, (UnixFileMode)0b111_111_111);
            }

            return;
        }

        if (context.DockerVolumeExists(engine.Apply(new DockerVolumeInspectSettings()), volume))
        {
            context.Log.Information("Reusing the NVD data in volume {0}", volume);
            return;
        }

        context.Log.Information("Creating volume {0} for the NVD data; the first scan fills it", volume);
        var create = new DockerVolumeCreateSettings();
        create.Label.Add("workload.data=nvd");
        context.DockerVolumeCreate(engine.Apply(create), volume);
    }

    /// <summary>The container: read-only checkout, the NVD data, the report directory, the key's file if any.</summary>
    internal static DockerRunSettings Container(Configuration.WorkloadSettings settings, string app, string reports, string? properties)
    {
        var run = new DockerRunSettings
        {
            Rm = true,
            Name = $"workload-dependency-check-{Guid.NewGuid():N}"[..38],
            HandleExitCode = _ => true,
        };
        run.Label.Add("workload.check=dependency-check");
        run.Volume.Add($"{app}:/src:ro");
        run.Volume.Add($"{settings.NvdDataVolume}:{DataDirectory}");
        run.Volume.Add($"{reports}:/report");
        if (properties is not null)
        {
            run.Volume.Add($"{properties}:{PropertiesFile}:ro");
        }

        return run;
    }

    /// <summary>Dependency-Check's arguments: what to scan, the three report formats, the key's file.</summary>
    internal static IEnumerable<string> Arguments(Configuration.WorkloadSettings settings, bool withKey)
    {
        string[] arguments =
        [
            "--scan", "/src",
            "--exclude", "**/.git/**",
            "--project", settings.Project,
            "--out", "/report",
            "--format", "XML", "--format", "HTML", "--format", "JSON",

            // The analyzers that read Python requirements are experimental; without them a Flask app shows nothing.
            "--enableExperimental",

            // As in the workload's pipeline: these two call npm's and yarn's audit services, which the app does not use.
            "--disableYarnAudit", "--disableNodeAudit",
        ];
        return withKey ? [.. arguments, "--propertyfile", PropertiesFile] : arguments;
    }

    /// <summary>A value in Java properties syntax: backslashes doubled, leading blanks and line breaks escaped.</summary>
    internal static string EscapeProperty(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\r", StringComparison.Ordinal)
        .Replace(" ", "\\ ", StringComparison.Ordinal);
}
