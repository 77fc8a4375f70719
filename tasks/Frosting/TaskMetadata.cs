using Cake.Core.Graph;
using System.Reflection;

namespace Workload.Frosting;

/// <summary>What the attributes of a task class say about it.</summary>
public static class TaskMetadata
{
    /// <summary>The task's name: its <see cref="TaskNameAttribute"/>, else the class name.</summary>
    public static string NameOf(Type taskType) =>
        taskType.GetCustomAttribute<TaskNameAttribute>()?.Name ?? taskType.Name;

    /// <summary>The task's description, or an empty string.</summary>
    public static string DescriptionOf(Type taskType) =>
        taskType.GetCustomAttribute<TaskDescriptionAttribute>()?.Description ?? string.Empty;

    /// <summary>The tasks this one depends on, in declaration order.</summary>
    public static IEnumerable<Type> DependenciesOf(Type taskType) =>
        taskType.GetCustomAttributes<IsDependentOnAttribute>().Select(a => a.Task);

    /// <summary>The tasks that depend on this one.</summary>
    public static IEnumerable<Type> DependeesOf(Type taskType) =>
        taskType.GetCustomAttributes<IsDependeeOfAttribute>().Select(a => a.Task);

    /// <summary>
    /// The names of the tasks a run of <paramref name="targets"/> executes: each target after its dependencies, or the
    /// targets alone when <paramref name="exclusive"/>. (Cake tells a setup action only about the first target's.)
    /// </summary>
    public static IReadOnlySet<string> TasksToRun(IReadOnlyList<Type> tasks, IEnumerable<string> targets, bool exclusive)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var graph = Graph(tasks);
        foreach (var target in targets.Where(t => graph.Exist(t)))
        {
            names.UnionWith(exclusive ? [target] : graph.Traverse(target));
        }

        return names;
    }

    /// <summary>
    /// Every concrete task class in the assemblies, each after the tasks it depends on (as Cake.Core's own
    /// graph walks them), otherwise in the order the assemblies declare the classes.
    /// </summary>
    public static IReadOnlyList<Type> FindTasks(IEnumerable<Assembly> assemblies)
    {
        var found = assemblies.Distinct()
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFrostingTask).IsAssignableFrom(t))
            .OrderBy(t => t.MetadataToken)
            .ToList();
        var byName = found.ToDictionary(NameOf, StringComparer.OrdinalIgnoreCase);
        var graph = Graph(found);
        var ordered = new List<Type>();
        foreach (var task in found)
        {
            ordered.AddRange(graph.Traverse(NameOf(task)).Select(name => byName[name]).Where(t => !ordered.Contains(t)));
        }

        return ordered;
    }

    /// <summary>The dependency graph of the task classes (an edge from each task to those that depend on it).</summary>
    private static CakeGraph Graph(IReadOnlyList<Type> tasks)
    {
        var known = tasks.ToHashSet();
        var graph = new CakeGraph();
        foreach (var task in tasks)
        {
            graph.Add(NameOf(task));
        }

        foreach (var task in tasks)
        {
            foreach (var dependency in DependenciesOf(task).Where(known.Contains))
            {
                graph.Connect(NameOf(dependency), NameOf(task));
            }

            foreach (var dependee in DependeesOf(task).Where(known.Contains))
            {
                graph.Connect(NameOf(task), NameOf(dependee));
            }
        }

        return graph;
    }
}
