using Workload.Providers.Local;

namespace Workload.Tests.Testbed;

/// <summary>
/// Which test run created which hosts, so that a later run can clean up after one that was killed (Ctrl+C, a CI
/// timeout) before its fixture could. A run holds a lock file for its lifetime and lists its hosts beside it; the
/// kernel releases the lock when the run's process dies, so a lock that can be taken marks a dead run.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class TestRunClaim : IDisposable
{
    private readonly FileLock claim;
    private readonly string lockFile;

    private TestRunClaim(FileLock claim, string lockFile)
    {
        this.claim = claim;
        this.lockFile = lockFile;
    }

    private string HostList => Path.ChangeExtension(lockFile, ".hosts");

    /// <summary>Destroys the hosts of dead runs, then claims a place for this run.</summary>
    public static async Task<TestRunClaim> ClaimAsync(LocalTestbed testbed, Action<string> log)
    {
        var directory = Path.Combine(testbed.Options.StateDirectory, "test-runs");
        Directory.CreateDirectory(directory);
        foreach (var other in Directory.GetFiles(directory, "*.lock"))
        {
            using var dead = FileLock.TryAcquire(other);
            if (dead is null)
            {
                continue;
            }

            var hosts = Path.ChangeExtension(other, ".hosts");
            foreach (var name in File.Exists(hosts) ? File.ReadAllLines(hosts).Where(line => line.Length > 0).Distinct() : [])
            {
                log($"Destroying {name}, left behind by a test run that did not finish");
                await testbed.DestroyHostAsync(name, CancellationToken.None);
            }

            File.Delete(hosts);
            File.Delete(other);
        }

        var lockFile = Path.Combine(directory, $"{Guid.NewGuid():N}.lock");
        return new TestRunClaim(FileLock.TryAcquire(lockFile) ?? throw new InvalidOperationException($"Cannot lock the new file {lockFile}."), lockFile);
    }

    /// <summary>Records a host as this run's, before it is created.</summary>
    public void Add(string hostName) => File.AppendAllText(HostList, hostName + "\n");

    /// <summary>Gives the claim up; call after this run's hosts are destroyed.</summary>
    public void Dispose()
    {
        File.Delete(HostList);
        File.Delete(lockFile);
        claim.Dispose();
    }
}
