using System.Diagnostics;
using Workload.Diffs;

namespace Workload.Tests.Diffs;

/// <summary>The diffs a plan shows are real patches: GNU patch applies them and gets the new content.</summary>
public sealed class UnifiedDiffTests
{
    private const string Path = "/etc/nginx/sites-available/microblog";

    public static TheoryData<string?, string?> Changes() => new()
    {
        { null, "server {\n    listen 80;\n}\n" },
        { "server {\n    listen 80;\n}\n", null },
        { "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n", "one\ntwo\nTHREE\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\n" },
        { "a\nb\n", "a\nb" },
        { "a\nb", "a\nc\n" },
        { null, "no newline at the end" },
        { "", "now there is content\n" },
        { "content\n", "" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Gnu_patch_applies_the_diff_and_gets_the_new_content(string? before, string? after)
    {
        var diff = UnifiedDiff.Create(before, after, Path);
        var directory = Directory.CreateTempSubdirectory("workload-patch-");
        try
        {
            var file = System.IO.Path.Combine(directory.FullName, Path.TrimStart('/'));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            if (before is not null)
            {
                File.WriteAllText(file, before);
            }

            var patch = Patch(directory.FullName, diff);
            Assert.True(patch.ExitCode == 0, $"patch refused the diff:\n{diff}\n{patch.Output}");

            if (after is null)
            {
                Assert.False(File.Exists(file), $"patch left the deleted file in place:\n{diff}");
            }
            else
            {
                Assert.Equal(after, File.ReadAllText(file));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_new_file_is_one_hunk_from_nothing()
    {
        var diff = UnifiedDiff.Create(null, "a\nb\n", Path);

        Assert.Equal($"--- /dev/null\n+++ b{Path}\n@@ -0,0 +1,2 @@\n+a\n+b\n", diff);
    }

    [Fact]
    public void A_deleted_file_is_one_hunk_to_nothing()
    {
        var diff = UnifiedDiff.Create("a\nb\n", null, Path);

        Assert.Equal($"--- a{Path}\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n", diff);
    }

    [Fact]
    public void Equal_contents_have_no_diff()
    {
        Assert.Equal(string.Empty, UnifiedDiff.Create("same\n", "same\n", Path));
    }

    private static (int ExitCode, string Output) Patch(string directory, string diff)
    {
        var start = new ProcessStartInfo("patch", ["-p1", "--batch", "--forward", "--no-backup-if-mismatch"])
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Write(diff);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
