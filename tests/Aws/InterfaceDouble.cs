using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Workload.Tests.Aws;

/// <summary>
/// Turns an object that implements a few methods of a huge SDK interface (IAmazonEC2 has over 800) into that
/// interface: a call goes to the object's public method of the same name and parameter types; a call the object
/// does not implement fails with <see cref="NotSupportedException"/> naming it, so a test never passes by accident.
/// </summary>
public class InterfaceDouble<TInterface> : DispatchProxy
    where TInterface : class
{
    private object _implementation = null!;
    private Action? _beforeCall;

    internal void Bind(object implementation, Action? beforeCall)
    {
        _implementation = implementation;
        _beforeCall = beforeCall;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var parameterTypes = targetMethod.GetParameters().Select(p => p.ParameterType).ToArray();
        var method = _implementation.GetType().GetMethod(targetMethod.Name, parameterTypes);
        if (method is null)
        {
            if (targetMethod.Name == nameof(IDisposable.Dispose))
            {
                return null;
            }

            throw new NotSupportedException(
                $"{_implementation.GetType().Name} does not implement {typeof(TInterface).Name}.{targetMethod.Name}: the tool is not expected to call it.");
        }

        try
        {
            _beforeCall?.Invoke();
            return method.Invoke(_implementation, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }
}

/// <summary>Makes <see cref="InterfaceDouble{TInterface}"/> proxies.</summary>
public static class InterfaceDouble
{
    /// <summary>
    /// The <typeparamref name="TInterface"/> whose calls go to <paramref name="implementation"/>'s methods of the same
    /// signature, each after <paramref name="beforeCall"/> (which can tell the implementation who calls, such as a
    /// client's region).
    /// </summary>
    public static TInterface Over<TInterface>(object implementation, Action? beforeCall = null)
        where TInterface : class
    {
        var proxy = DispatchProxy.Create<TInterface, InterfaceDouble<TInterface>>();
        ((InterfaceDouble<TInterface>)(object)proxy).Bind(implementation, beforeCall);
        return proxy;
    }
}
