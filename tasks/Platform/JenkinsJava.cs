using System.Globalization;

namespace Workload.Platform;

/// <summary>
/// Which Java a Jenkins version runs on, as Jenkins' own Java support policy says: every release from 2.555 (LTS
/// 2.555.1, April 2026) needs Java 21; from 2.463 (LTS 2.479.1) Java 17; from 2.357 (LTS 2.361.1) Java 11.
/// </summary>
public static class JenkinsJava
{
    /// <summary>What the newest Jenkins LTS needs: assumed when the version to be installed cannot be read.</summary>
    public const int NewestRequirement = 21;

    private static readonly (int[] From, int Java)[] Requirements =
    [
        ([2, 555], 21),
        ([2, 463], 17),
        ([2, 357], 11),
    ];

    /// <summary>The smallest Java feature release the Jenkins version runs on (8 before 2.357).</summary>
    public static int RequiredJava(string jenkinsVersion)
    {
        var parts = Parts(jenkinsVersion);
        foreach (var (from, java) in Requirements)
        {
            if (Compare(parts, from) >= 0)
            {
                return java;
            }
        }

        return 8;
    }

    /// <summary>Compares two dotted versions ("2.541.1", "2.555") numerically, part by part.</summary>
    public static int CompareVersions(string left, string right) => Compare(Parts(left), Parts(right));

    private static int[] Parts(string version) =>
        version.Split('-', '+', '~')[0].Split('.')
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .ToArray();

    private static int Compare(int[] left, int[] right)
    {
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var difference = (i < left.Length ? left[i] : 0).CompareTo(i < right.Length ? right[i] : 0);
            if (difference != 0)
            {
                return difference;
            }
        }

        return 0;
    }
}
