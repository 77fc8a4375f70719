using System.Net;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Workload.Aws;

namespace Workload.Tests.Aws;

/// <summary>An in-memory SSM with Canonical's public parameters naming the current Ubuntu images; only GetParameter.</summary>
public sealed class SsmDouble
{
    public SsmDouble()
    {
        Client = InterfaceDouble.Over<IAmazonSimpleSystemsManagement>(this);
        Parameters[UbuntuImages.ParameterName("amd64")] = Ec2Double.UbuntuAmd64ImageId;
        Parameters[UbuntuImages.ParameterName("arm64")] = Ec2Double.UbuntuArm64ImageId;
    }

    public IAmazonSimpleSystemsManagement Client { get; }

    public Dictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);

    /// <summary>Answer AccessDeniedException, as for an identity without ssm:GetParameter.</summary>
    public bool DenyAccess { get; set; }

    public List<string> Calls { get; } = [];

    public Task<GetParameterResponse> GetParameterAsync(GetParameterRequest request, CancellationToken cancellationToken)
    {
        Calls.Add("GetParameter");
        if (DenyAccess)
        {
            throw new AmazonSimpleSystemsManagementException("not authorized to perform: ssm:GetParameter", ErrorType.Sender, "AccessDeniedException", "0", HttpStatusCode.BadRequest);
        }

        return Parameters.TryGetValue(request.Name, out var value)
            ? Task.FromResult(new GetParameterResponse { Parameter = new Parameter { Name = request.Name, Value = value } })
            : throw new ParameterNotFoundException($"Parameter {request.Name} not found.");
    }
}
