namespace Workload.Resources;

/// <summary>An apt repository: its checked signing key and its source entry, signed-by that key only.</summary>
public static class AptRepository
{
    /// <summary>
    /// The keyring and the source list file for a repository; a change to either makes the packages that refresh
    /// after them (<see cref="AptPackages"/>' <c>refreshAfter</c>) update the lists first, in this run or, when it
    /// failed in between, the next (<see cref="AptPackages.UpdateMarker"/>, declared by the packages).
    /// </summary>
    public static IReadOnlyList<Resource> Create(string name, string keyUrl, string fingerprint, string repositoryUrl, string suiteAndComponents)
    {
        var keyring = new AptKeyring(name, keyUrl, fingerprint);
        var source = new ManagedFile(
            $"/etc/apt/sources.list.d/{name}.list",
            $"deb [signed-by={keyring.Path}] {repositoryUrl} {suiteAndComponents}\n");
        return [keyring, source];
    }
}
