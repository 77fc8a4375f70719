using Cake.Core;

namespace Workload.Frosting;

/// <summary>The context every task receives; derive from it for a typed context of your own.</summary>
public class FrostingContext(ICakeContext context) : CakeContextAdapter(context)
{
}
