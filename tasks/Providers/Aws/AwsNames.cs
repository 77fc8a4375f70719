using Amazon.EC2.Model;
using Workload.Configuration;

namespace Workload.Providers.Aws;

/// <summary>
/// How the tool names and tags what it makes in AWS. The tags are the only way it finds its resources again,
/// and the only ones Destroy will touch: <c>Project</c> = the project setting and <c>ManagedBy</c> = <see cref="ManagedByValue"/>.
/// </summary>
public static class AwsNames
{
    /// <summary>The value of the ManagedBy tag on everything the tool creates.</summary>
    public const string ManagedByValue = "microblog-workload";

    public const string NameTag = "Name";
    public const string ProjectTag = "Project";
    public const string ManagedByTag = "ManagedBy";
    public const string RoleTag = "Role";

    /// <summary>The role as the state file and the Role tag spell it: jenkins, monitoring.</summary>
    public static string RoleKey(HostRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Name of the role's instance and of its security group.</summary>
    public static string ResourceName(string project, HostRole role) => $"{project}-{RoleKey(role)}";

    public static string KeyPairName(string project) => $"{project}-key";

    /// <summary>The tags of a resource the tool creates: its own four (Role only for a role's resources) and the user's.</summary>
    public static List<Tag> TagsFor(string project, string name, HostRole? role, IReadOnlyDictionary<string, string> userTags)
    {
        var tags = userTags.Select(t => new Tag(t.Key, t.Value)).ToList();
        tags.Add(new Tag(NameTag, name));
        tags.Add(new Tag(ProjectTag, project));
        tags.Add(new Tag(ManagedByTag, ManagedByValue));
        if (role is { } r)
        {
            tags.Add(new Tag(RoleTag, RoleKey(r)));
        }

        return tags;
    }

    /// <summary>The tag specification for one resource type of a create call.</summary>
    public static List<TagSpecification> TagSpecification(string resourceType, List<Tag> tags) =>
        [new TagSpecification { ResourceType = resourceType, Tags = tags }];

    /// <summary>Filters that select this project's resources, and only those made by this tool.</summary>
    public static List<Filter> OwnershipFilters(string project) =>
    [
        new Filter($"tag:{ProjectTag}", [project]),
        new Filter($"tag:{ManagedByTag}", [ManagedByValue]),
    ];

    /// <summary>True when the tags say the resource is this project's and this tool's.</summary>
    public static bool IsOurs(IEnumerable<Tag>? tags, string project) =>
        TagValue(tags, ProjectTag) == project && TagValue(tags, ManagedByTag) == ManagedByValue;

    public static string? TagValue(IEnumerable<Tag>? tags, string key) =>
        tags?.FirstOrDefault(t => t.Key == key)?.Value;
}
