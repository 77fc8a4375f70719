using System.Net;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace Workload.Tests.Aws;

/// <summary>
/// An in-memory SSM with the public parameters that name the current images of Canonical (Ubuntu 24.04) and of the
/// Debian cloud team (Debian 13), at the paths their publishers document; only GetParameter. An unknown name is
/// ParameterNotFound, as in SSM.
/// </summary>
public sealed class SsmDouble
{
    public SsmDouble()
    {
        Client = InterfaceDouble.Over<IAmazonSimpleSystemsManagement>(this);
        Parameters["/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id"] = Ec2Double.UbuntuAmd64ImageId;
        Parameters["/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id"] = Ec2Double.UbuntuArm64ImageId;
        Parameters["/aws/service/debian/release/13/latest/amd64"] = Ec2Double.DebianAmd64ImageId;
        Parameters["/aws/service/debian/release/13/latest/arm64"] = Ec2Double.DebianArm64ImageId;
    }

    public IAmazonSimpleSystemsManagement Client { get; }

    public Dictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);

    /// <summary>Answer AccessDeniedException, as for an identity without ssm:GetParameter.</summary>
    public bool DenyAccess { get; set; }

    public List<string> Calls { get; } = [];

    /// <summary>The parameter names asked for, in order.</summary>
    public List<string> ParametersRead { get; } = [];

    public Task<GetParameterResponse> GetParameterAsync(GetParameterRequest request, CancellationToken cancellationToken)
    {
        Calls.Add("GetParameter");
        ParametersRead.Add(request.Name);
        if (DenyAccess)
        {
            throw new AmazonSimpleSystemsManagementException("not authorized to perform: ssm:GetParameter", ErrorType.Sender, "AccessDeniedException", "0", HttpStatusCode.BadRequest);
        }

        return Parameters.TryGetValue(request.Name, out var value)
            ? Task.FromResult(new GetParameterResponse { Parameter = new Parameter { Name = request.Name, Value = value } })
            : throw new ParameterNotFoundException($"Parameter {request.Name} not found.");
    }
}
