using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Workload.Providers.Local;

/// <summary>The one libc call .NET has no managed API for: sending a signal other than SIGKILL to any process.</summary>
[SupportedOSPlatform("linux")]
internal static class NativeMethods
{
    // DllImport rather than LibraryImport: the generated stub needs unsafe code, and kill(2) takes and returns plain ints.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int Kill(int pid, int signal);
}
