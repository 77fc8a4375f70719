using Cake.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Workload.Frosting;

/// <summary>
/// Hands out the run's typed context, created on first use, so that <c>--tree</c> and
/// <c>--description</c> never build a context (and never read configuration) they do not need.
/// </summary>
public sealed class ContextAccessor(IServiceProvider services, CakeHostOptions options)
{
    private ICakeContext? _context;

    public bool IsCreated => _context is not null;

    public ICakeContext Context => _context ??= (ICakeContext)services.GetRequiredService(options.ContextType);
}
