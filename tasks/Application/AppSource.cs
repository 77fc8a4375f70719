using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Workload.Application;

/// <summary>Where the app's code comes from: a git repository at a ref, or a local checkout uploaded as it is.</summary>
public abstract record AppSource
{
    /// <summary>A git repository the host clones itself.</summary>
    public sealed record Git(string Repository, string Ref) : AppSource
    {
        public override string Describe() => $"{Ref} of {Repository}";
    }

    /// <summary>A directory on this machine; its revision is the hash of its files.</summary>
    public sealed record LocalDirectory(string Path) : AppSource
    {
        private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { ".git", "venv", ".venv", "__pycache__", "node_modules", "test-reports", "artifacts" };

        public override string Describe() => $"the local checkout {Path}";

        /// <summary>The files that make the app, relative, sorted: no VCS data, venvs, caches, databases or compiled files.</summary>
        public IReadOnlyList<string> Files() =>
            Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
                .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/'))
                .Where(f => !f.Split('/').Any(Skipped.Contains) && !f.EndsWith(".pyc", StringComparison.Ordinal)
                    && !f.EndsWith(".db", StringComparison.Ordinal) && !f.EndsWith(".mo", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();

        /// <summary>"local:" and the SHA-256 over every file's name and content.</summary>
        public string Revision()
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var file in Files())
            {
                hash.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
                hash.AppendData(File.ReadAllBytes(System.IO.Path.Combine(Path, file)));
                hash.AppendData([0]);
            }

            return "local:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        /// <summary>The files as a gzipped tarball, for upload.</summary>
        public byte[] Archive()
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (var file in Files())
                {
                    tar.WriteEntry(System.IO.Path.Combine(Path, file), file);
                }
            }

            return buffer.ToArray();
        }
    }

    public abstract string Describe();
}
