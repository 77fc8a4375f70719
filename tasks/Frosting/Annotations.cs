namespace Workload.Frosting;

/// <summary>Names a task; without it the class name is the task name.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TaskNameAttribute(string name) : Attribute
{
    /// <summary>The name the engine and the command line know the task by.</summary>
    public string Name { get; } = name;
}

/// <summary>The one-line description shown by <c>--description</c> and <c>--help</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TaskDescriptionAttribute(string description) : Attribute
{
    /// <summary>The description.</summary>
    public string Description { get; } = description;
}

/// <summary>The task runs after <see cref="Task"/> (which runs first).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class IsDependentOnAttribute(Type task) : Attribute
{
    /// <summary>The task this one depends on.</summary>
    public Type Task { get; } = task;
}

/// <summary>The task runs before <see cref="Task"/>, which depends on it.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class IsDependeeOfAttribute(Type task) : Attribute
{
    /// <summary>The task that depends on this one.</summary>
    public Type Task { get; } = task;
}
