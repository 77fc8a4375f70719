using Mono.Cecil;
using Workload.Context;

namespace Workload.Tests.Conventions;

/// <summary>
/// The layers stay layers: no two namespaces of the Tasks assembly use each other, directly or through others.
/// The context every layer reads (<see cref="WorkloadContext"/>, in <c>Workload.Context</c>) uses only the layers
/// below it; what needs the tasks themselves (a preflight check's catalog, a template check's models) lives with
/// them. Read from the compiled assembly (signatures, attributes and method bodies), so that a use the source hides
/// (an extension method, a lambda, an async state machine) counts too.
/// </summary>
public sealed class NamespaceCycleTests
{
    [Fact]
    public void No_two_namespaces_of_the_tasks_assembly_use_each_other()
    {
        var uses = NamespaceUses(typeof(WorkloadContext).Assembly.Location);

        var cycles = uses.Keys
            .Where(u => string.CompareOrdinal(u.From, u.To) < 0 && uses.ContainsKey((u.To, u.From)))
            .Select(u => $"{u.From} <-> {u.To}: {uses[u]}; {uses[(u.To, u.From)]}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(cycles.Count == 0, "Namespaces that use each other (move the shared type down a layer):\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void No_namespaces_of_the_tasks_assembly_reach_each_other_through_others()
    {
        var uses = NamespaceUses(typeof(WorkloadContext).Assembly.Location);

        // Each group of namespaces that reach one another, with the uses that tie the group together.
        var groups = StronglyConnected(uses.Keys.ToList())
            .Where(group => group.Count > 1)
            .Select(group => string.Join(", ", group.Order(StringComparer.Ordinal)) + ":\n  " + string.Join(
                "\n  ",
                uses.Where(u => group.Contains(u.Key.From) && group.Contains(u.Key.To)).Select(u => u.Value).Order(StringComparer.Ordinal)))
            .ToList();

        Assert.True(groups.Count == 0, "Namespaces that reach each other through others (a cycle of layers):\n" + string.Join("\n", groups));
    }

    [Fact]
    public void The_reader_sees_uses_in_signatures_and_method_bodies()
    {
        var uses = NamespaceUses(typeof(WorkloadContext).Assembly.Location);

        // A task's base class (a signature) and the planner a host task calls (a method body, and its plan type).
        Assert.True(uses.ContainsKey(("Workload", "Workload.TaskBases")));
        Assert.True(uses.ContainsKey(("Workload.TaskBases", "Workload.Resources")));

        // Nothing below the task bases reaches up to them or to the resources through a type of theirs.
        Assert.False(uses.ContainsKey(("Workload.Hosts", "Workload.TaskBases")));
        Assert.False(uses.ContainsKey(("Workload.Hosts", "Workload.Resources")));
    }

    /// <summary>The strongly connected groups of the graph of <paramref name="edges"/> (Tarjan's algorithm).</summary>
    private static List<HashSet<string>> StronglyConnected(IReadOnlyList<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var groups = new List<HashSet<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            foreach (var to in next.GetValueOrDefault(node, []))
            {
                if (!index.TryGetValue(to, out var visited))
                {
                    Visit(to);
                    low[node] = Math.Min(low[node], low[to]);
                }
                else if (stack.Contains(to))
                {
                    low[node] = Math.Min(low[node], visited);
                }
            }

            if (low[node] == index[node])
            {
                var group = new HashSet<string>(StringComparer.Ordinal);
                string member;
                do
                {
                    member = stack.Pop();
                    group.Add(member);
                }
                while (member != node);
                groups.Add(group);
            }
        }

        foreach (var node in edges.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return groups;
    }

    /// <summary>Each pair (user, used) of namespaces, with one example: "UserType uses UsedType".</summary>
    private static Dictionary<(string From, string To), string> NamespaceUses(string assemblyPath)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var module = assembly.MainModule;
        var uses = new Dictionary<(string From, string To), string>();
        foreach (var type in module.GetTypes())
        {
            var from = Outermost(type);
            foreach (var to in UsedTypes(type).SelectMany(t => OwnTypes(t, module)))
            {
                if (IsOurs(from) && IsOurs(to) && to.Namespace != from.Namespace)
                {
                    uses.TryAdd((from.Namespace, to.Namespace), $"{from.FullName} uses {to.FullName}");
                }
            }
        }

        return uses;
    }

    // Not the compiler's embedded attributes or the regex generator's types.
    private static bool IsOurs(TypeDefinition type) => type.Namespace == "Workload" || type.Namespace.StartsWith("Workload.", StringComparison.Ordinal);

    private static IEnumerable<TypeReference?> UsedTypes(TypeDefinition type)
    {
        yield return type.BaseType;
        foreach (var item in type.Interfaces)
        {
            yield return item.InterfaceType;
        }

        foreach (var used in Attributes(type).Concat(GenericParameters(type)))
        {
            yield return used;
        }

        foreach (var field in type.Fields)
        {
            yield return field.FieldType;
            foreach (var used in Attributes(field))
            {
                yield return used;
            }
        }

        foreach (var property in type.Properties)
        {
            yield return property.PropertyType;
            foreach (var used in Attributes(property))
            {
                yield return used;
            }
        }

        foreach (var item in type.Events)
        {
            yield return item.EventType;
        }

        foreach (var method in type.Methods)
        {
            foreach (var used in MethodUses(method))
            {
                yield return used;
            }
        }
    }

    private static IEnumerable<TypeReference?> MethodUses(MethodDefinition method)
    {
        foreach (var used in Signature(method).Concat(Attributes(method)).Concat(GenericParameters(method)))
        {
            yield return used;
        }

        foreach (var parameter in method.Parameters)
        {
            foreach (var used in Attributes(parameter))
            {
                yield return used;
            }
        }

        if (!method.HasBody)
        {
            yield break;
        }

        foreach (var variable in method.Body.Variables)
        {
            yield return variable.VariableType;
        }

        foreach (var handler in method.Body.ExceptionHandlers)
        {
            yield return handler.CatchType;
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference used:
                    yield return used;
                    break;
                case MethodReference called:
                    foreach (var used in Signature(called))
                    {
                        yield return used;
                    }

                    break;
                case FieldReference field:
                    yield return field.DeclaringType;
                    yield return field.FieldType;
                    break;
            }
        }
    }

    private static IEnumerable<TypeReference?> Signature(MethodReference method)
    {
        yield return method.DeclaringType;
        yield return method.ReturnType;
        foreach (var parameter in method.Parameters)
        {
            yield return parameter.ParameterType;
        }

        if (method is GenericInstanceMethod generic)
        {
            foreach (var argument in generic.GenericArguments)
            {
                yield return argument;
            }
        }
    }

    private static IEnumerable<TypeReference?> GenericParameters(IGenericParameterProvider provider) =>
        provider.GenericParameters.SelectMany(p => p.Constraints.Select(c => c.ConstraintType));

    private static IEnumerable<TypeReference?> Attributes(ICustomAttributeProvider provider) =>
        provider.CustomAttributes.SelectMany(a =>
            new[] { a.AttributeType }
                .Concat(a.ConstructorArguments.Select(Argument))
                .Concat(a.Properties.Select(p => Argument(p.Argument)))
                .Concat(a.Fields.Select(f => Argument(f.Argument))));

    // A typeof() in an attribute: [TaskDependency(typeof(Nginx))].
    private static TypeReference? Argument(CustomAttributeArgument argument) => argument.Value as TypeReference;

    /// <summary>The outermost types of this assembly that <paramref name="reference"/> names; none for another assembly's.</summary>
    private static IEnumerable<TypeDefinition> OwnTypes(TypeReference? reference, ModuleDefinition module) =>
        reference switch
        {
            null or GenericParameter => [],
            GenericInstanceType generic => new[] { generic.ElementType }.Concat(generic.GenericArguments).SelectMany(t => OwnTypes(t, module)),
            TypeSpecification specification => OwnTypes(specification.ElementType, module),
            TypeDefinition definition when definition.Module == module => [Outermost(definition)],
            _ when reference.Scope == module && reference.Resolve() is { } definition => [Outermost(definition)],
            _ => [],
        };

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }
}
