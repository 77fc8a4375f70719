using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;
using Workload.Tests.Conventions;

namespace Workload.Tests.CommandLine;

/// <summary>
/// ./build.sh, the bootstrap: run on a copy of it and of the real build/Build.csproj in a small project of the same
/// layout (build/, tasks/, templates/, global.json), so that each build takes seconds. It builds on the first run, runs
/// the recorded build without a build check while nothing changed, and rebuilds once after a source, project or
/// template change; the build it runs is precompiled (ReadyToRun) as build/Build.csproj asks.
/// </summary>
public sealed class BootstrapTests : IDisposable
{
    private const string Building = "build.sh: building the tool";
    private readonly string project = Directory.CreateTempSubdirectory("workload-bootstrap-").FullName;

    public BootstrapTests()
    {
        var repository = TaskConventionTests.RepositoryRoot();
        File.Copy(Path.Combine(repository, "build.sh"), Path.Combine(project, "build.sh"));
        File.Copy(Path.Combine(repository, "global.json"), Path.Combine(project, "global.json"));
        Write("Directory.Build.props", "<Project><PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup></Project>");
        Write("Directory.Build.targets", "<Project />");
        Directory.CreateDirectory(Path.Combine(project, "build"));
        // The real tool's project (publish settings, runtime options) over a small library in tasks/.
        File.Copy(Path.Combine(repository, "build/Build.csproj"), Path.Combine(project, "build/Build.csproj"));
        Write("tasks/Tasks.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><AssemblyName>Workload.Tasks</AssemblyName></PropertyGroup>
              <ItemGroup><EmbeddedResource Include="../templates/**/*" LogicalName="templates/%(Filename)%(Extension)" /></ItemGroup>
            </Project>
            """);
        Write("build/Program.cs", """
            using var template = new StreamReader(typeof(Workload.Message).Assembly.GetManifestResourceStream("templates/site.conf")!);
            Console.WriteLine($"{Workload.Message.Text} {template.ReadToEnd().Trim()} [{string.Join(' ', args)}]");
            return args.Contains("--fail") ? 3 : 0;
            """);
        WriteMessage("one");
        Write("templates/site.conf", "listen 80;");
    }

    public void Dispose() => Directory.Delete(project, recursive: true);

    [Fact]
    public void Builds_on_the_first_run_then_runs_the_recorded_build_until_a_source_changes()
    {
        var first = BuildSh("--target=Deploy", "--plan");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains(Building, first.Error, StringComparison.Ordinal);
        Assert.Equal("one listen 80; [--target=Deploy --plan]", first.Output.Trim());

        // Nothing changed: no build, the same program, its exit code passed on.
        var again = BuildSh("--fail");
        Assert.Equal(3, again.ExitCode);
        Assert.DoesNotContain(Building, again.Error, StringComparison.Ordinal);
        Assert.Equal("one listen 80; [--fail]", again.Output.Trim());

        // Touched but unchanged (a checkout, an editor's save): the contents decide, no build.
        File.SetLastWriteTimeUtc(Path.Combine(project, "tasks/Message.cs"), DateTime.UtcNow.AddMinutes(1));
        Assert.DoesNotContain(Building, BuildSh().Error, StringComparison.Ordinal);

        // A source changed: one build, then none.
        WriteMessage("two");
        var changed = BuildSh();
        Assert.Contains(Building, changed.Error, StringComparison.Ordinal);
        Assert.Equal("two listen 80; []", changed.Output.Trim());
        Assert.DoesNotContain(Building, BuildSh().Error, StringComparison.Ordinal);

        // A template (built into the tool) changed.
        Write("templates/site.conf", "listen 8080;");
        var template = BuildSh();
        Assert.Contains(Building, template.Error, StringComparison.Ordinal);
        Assert.Equal("two listen 8080; []", template.Output.Trim());

        // Back to an earlier source: the build kept for it runs, no build.
        Write("templates/site.conf", "listen 80;");
        var back = BuildSh();
        Assert.DoesNotContain(Building, back.Error, StringComparison.Ordinal);
        Assert.Equal("two listen 80; []", back.Output.Trim());
    }

    [Fact]
    public void A_failed_build_shows_its_errors_and_runs_nothing_and_the_next_run_builds_again()
    {
        Write("tasks/Broken.cs", "namespace Workload; internal static class Broken { public static int X => y; }");
        var broken = BuildSh();
        Assert.Equal(1, broken.ExitCode);
        Assert.Equal(string.Empty, broken.Output);
        Assert.Contains("Broken.cs", broken.Error, StringComparison.Ordinal);
        Assert.Contains("error CS0103", broken.Error, StringComparison.Ordinal);
        Assert.Contains("build.sh: the build failed", broken.Error, StringComparison.Ordinal);

        File.Delete(Path.Combine(project, "tasks/Broken.cs"));
        var fixedRun = BuildSh();
        Assert.Equal(0, fixedRun.ExitCode);
        Assert.Contains(Building, fixedRun.Error, StringComparison.Ordinal);
        Assert.Equal("one listen 80; []", fixedRun.Output.Trim());
    }

    [Fact]
    public async Task Concurrent_runs_after_a_change_build_once_and_both_run_the_new_build()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(() => BuildSh($"--run={i}"))));

        for (var i = 0; i < runs.Length; i++)
        {
            Assert.Equal(0, runs[i].ExitCode);
            Assert.Equal($"one listen 80; [--run={i}]", runs[i].Output.Trim());
        }

        Assert.Single(runs, r => r.Error.Contains(Building, StringComparison.Ordinal));
    }

    [Fact]
    public void The_build_it_runs_is_precompiled_for_this_machine_framework_dependent_without_dynamic_PGO_nor_spinning_threads()
    {
        Assert.Equal(0, BuildSh().ExitCode);

        var tools = Path.Combine(project, "build/bin/tool");
        var build = Path.Combine(tools, File.ReadLines(Path.Combine(tools, "stamp.sh")).First());
        foreach (var assembly in new[] { "workload.dll", "Workload.Tasks.dll" })
        {
            using var reader = new PEReader(File.OpenRead(Path.Combine(build, assembly)));
            Assert.True(reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{assembly} has no ReadyToRun header");
        }

        var options = JsonNode.Parse(File.ReadAllText(Path.Combine(build, "workload.runtimeconfig.json")))!["runtimeOptions"]!;
        Assert.Equal("Microsoft.NETCore.App", options["framework"]?["name"]?.GetValue<string>());
        Assert.False(options["configProperties"]!["System.Runtime.TieredPGO"]!.GetValue<bool>());
        Assert.Equal(0, options["configProperties"]!["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(build, OperatingSystem.IsWindows() ? "workload.exe" : "workload")), "no apphost");
    }

    private (int ExitCode, string Output, string Error) BuildSh(params string[] args) =>
        ProgramRun.Run("bash", [Path.Combine(project, "build.sh"), .. args]);

    // A property, not a constant: an assembly without a method body has no code to precompile.
    private void WriteMessage(string text) =>
        Write("tasks/Message.cs", $"namespace Workload; public static class Message {{ public static string Text => \"{text}\"; }}");

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(project, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
