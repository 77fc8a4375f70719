using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement.Model;

namespace Workload.Providers.Aws;

/// <summary>An AMI as the launch needs it.</summary>
public sealed record MachineImage(string ImageId, string Name, string Architecture, string RootDeviceName)
{
    public override string ToString() => $"{ImageId} ({Name})";
}

/// <summary>
/// Finds the region's current image of an <see cref="ImageFamily"/>: its publisher's public SSM parameter first,
/// and where that cannot be read (no ssm:GetParameter permission), the newest image of the publisher's account
/// with the family's name. An explicit AMI id replaces both.
/// </summary>
public sealed class MachineImages(AwsClients clients, ImageFamily family)
{
    /// <summary>The image for an EC2 architecture (x86_64, arm64): <paramref name="amiId"/> when given, else the family's current one.</summary>
    public async Task<MachineImage> FindAsync(string? amiId, string architecture, CancellationToken cancellationToken)
    {
        var imageId = amiId ?? await FromParameterAsync(architecture, cancellationToken).ConfigureAwait(false);
        var image = imageId is null
            ? await NewestByNameAsync(architecture, cancellationToken).ConfigureAwait(false)
            : await DescribeAsync(imageId, cancellationToken).ConfigureAwait(false);
        if (image is null)
        {
            throw new AwsProvisioningException(
                amiId is null
                    ? $"No {family.Name} image for {architecture} was found in {clients.Region}; set amiId to an image of your choice."
                    : $"amiId: the image {amiId} does not exist in {clients.Region}, or this account may not use it.");
        }

        if (image.State != ImageState.Available)
        {
            throw new AwsProvisioningException($"The image {image.ImageId} is {image.State}, not available; set amiId to another image.");
        }

        return new MachineImage(image.ImageId, image.Name ?? image.ImageId, image.Architecture.Value, image.RootDeviceName ?? "/dev/sda1");
    }

    private async Task<string?> FromParameterAsync(string architecture, CancellationToken cancellationToken)
    {
        try
        {
            var response = await clients.Ssm.GetParameterAsync(
                new GetParameterRequest { Name = family.Parameter(architecture) }, cancellationToken).ConfigureAwait(false);
            return response.Parameter?.Value;
        }
        catch (AmazonServiceException exception) when (AwsFailures.IsPermissionError(exception) || exception is ParameterNotFoundException)
        {
            // The fallback below needs only ec2:DescribeImages, which the tool needs anyway.
            return null;
        }
    }

    private async Task<Image?> DescribeAsync(string imageId, CancellationToken cancellationToken)
    {
        try
        {
            var response = await clients.Ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [imageId] }, cancellationToken).ConfigureAwait(false);
            return response.Images?.FirstOrDefault();
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode is "InvalidAMIID.NotFound" or "InvalidAMIID.Malformed" or "InvalidAMIID.Unavailable")
        {
            return null;
        }
    }

    private async Task<Image?> NewestByNameAsync(string architecture, CancellationToken cancellationToken)
    {
        var response = await clients.Ec2.DescribeImagesAsync(
            new DescribeImagesRequest
            {
                Owners = [family.OwnerId],
                Filters =
                [
                    new Amazon.EC2.Model.Filter("name", [family.NamePattern(architecture)]),
                    new Amazon.EC2.Model.Filter("architecture", [architecture]),
                    new Amazon.EC2.Model.Filter("state", ["available"]),
                ],
            },
            cancellationToken).ConfigureAwait(false);
        return response.Images?.OrderByDescending(i => i.CreationDate, StringComparer.Ordinal).FirstOrDefault();
    }
}
