using System.Reflection;
using Workload.Context;
using Workload.Frosting;

namespace Workload.Tests.Conventions;

public sealed class TaskConventionTests
{
    private static readonly Assembly TasksAssembly = typeof(WorkloadContext).Assembly;

    /// <summary>Destroy deletes the AWS resources; Jenkinsfile writes into the app's repository.</summary>
    private static readonly HashSet<string> StandaloneTargets = ["Destroy", "Jenkinsfile"];

    public static TheoryData<string> TaskNames()
    {
        var data = new TheoryData<string>();
        foreach (var task in TaskMetadata.FindTasks([TasksAssembly]))
        {
            data.Add(task.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Every_task_is_named_after_its_class_and_described(string className)
    {
        var task = TasksAssembly.GetExportedTypes().Single(t => t.Name == className);

        Assert.Equal(className, task.GetCustomAttribute<TaskNameAttribute>()?.Name);
        Assert.False(string.IsNullOrWhiteSpace(TaskMetadata.DescriptionOf(task)), $"{className} has no [TaskDescription]");
        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "tasks", className + ".cs")), $"tasks/{className}.cs should hold the task {className}");
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Every_task_is_reachable_from_Deploy_or_Validate(string className)
    {
        // Targets a user runs on purpose, never as part of a deployment or a check.
        if (StandaloneTargets.Contains(className))
        {
            return;
        }

        var reachable = Reachable(typeof(Deploy)).Concat(Reachable(typeof(Validate))).Select(t => t.Name);

        Assert.Contains(className, reachable);
    }

    [Fact]
    public void Tasks_are_registered_in_the_order_of_the_workload()
    {
        var names = TaskMetadata.FindTasks([TasksAssembly]).Select(TaskMetadata.NameOf).ToList();

        string[] chain =
        [
            "ProvisionJenkins", "InstallJenkins", "ConfigurePython", "App", "Nginx", "GunicornService", "Sudoers",
            "NodeExporter", "JenkinsPipeline", "ProvisionMonitoring", "Monitoring", "GrafanaDashboard", "Deploy",
        ];
        Assert.Equal(chain, names.Take(chain.Length));
        Assert.Contains("Validate", names.Skip(chain.Length));
    }

    private static HashSet<Type> Reachable(Type root)
    {
        var all = TaskMetadata.FindTasks([TasksAssembly]);
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([root]);
        while (pending.TryPop(out var task))
        {
            if (!seen.Add(task))
            {
                continue;
            }

            foreach (var dependency in TaskMetadata.DependenciesOf(task))
            {
                pending.Push(dependency);
            }

            // A task that declares itself a dependee of a reachable task is reachable too.
            foreach (var dependee in all.Where(t => TaskMetadata.DependeesOf(t).Contains(task)))
            {
                pending.Push(dependee);
            }
        }

        return seen;
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Workload.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
    }
}
