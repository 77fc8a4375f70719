using Workload.Hosts;

namespace Workload.Resources;

/// <summary>Uploads content over SFTP into a directory only the login user can read, ready to be installed as root.</summary>
public static class FileStaging
{
    private const string DirectoryName = ".microblog-workload-staging";

    public static async Task<string> StageAsync(IHostShell shell, byte[] content, CancellationToken cancellationToken)
    {
        var directory = await StagingDirectoryAsync(shell, cancellationToken).ConfigureAwait(false);
        var path = $"{directory}/{Guid.NewGuid():N}";
        await shell.UploadAsync(content, path, cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IHostShell, Task<string>> Directories = new();

    private static Task<string> StagingDirectoryAsync(IHostShell shell, CancellationToken cancellationToken) =>
        Directories.GetValue(shell, s => CreateAsync(s, cancellationToken));

    private static async Task<string> CreateAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        // Uploads found here at the first upload of a run are an earlier run's, killed before it installed them
        // (the host lock keeps other runs out): they are removed.
        var script = $"umask 077 && mkdir -p \"$HOME/{DirectoryName}\" && chmod 700 \"$HOME/{DirectoryName}\" && cd \"$HOME/{DirectoryName}\" " +
            "&& find . -mindepth 1 -maxdepth 1 -type f -delete && pwd";
        var result = (await shell.RunAsync(script, new CommandOptions(AsLoginUser: true), cancellationToken).ConfigureAwait(false))
            .EnsureSuccess(shell.Name, "Creating the upload directory");
        return result.Output.Trim();
    }
}
