namespace Workload.Resources;

/// <summary>How a file is checked before it goes live; a file that fails never stays in place.</summary>
public abstract record FileValidation(string Description)
{
    /// <summary>
    /// A checker that reads the new file on its own, before it is moved into place: <c>{path}</c> in the command
    /// is the temporary file (<c>visudo -cf {path}</c>, <c>promtool check config {path}</c>).
    /// </summary>
    public sealed record Standalone(string Command, string What) : FileValidation(What);

    /// <summary>
    /// A checker of the whole configuration the file belongs to (<c>nginx -t</c>): the new file is put in place,
    /// checked, and the previous file put back when the check fails, before anything reloads.
    /// </summary>
    public sealed record InPlace(string Command, string What) : FileValidation(What);
}
