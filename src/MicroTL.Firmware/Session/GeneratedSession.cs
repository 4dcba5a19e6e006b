// A transfer session as C: the generated settings and arena layout a session firmware runs with.
namespace MicroTL.Firmware.Session;

/// <summary>
/// The C of one session (<c>session_config.h</c>, <c>session_config.c</c>): the <c>mtl_session_config</c> of the run, the
/// static arena (the plan's bytes, to the byte) and, with a log, the store's flash region.
/// </summary>
/// <param name="HeaderText">The text of <see cref="HeaderFileName"/>.</param>
/// <param name="SourceText">The text of <see cref="SourceFileName"/>.</param>
/// <param name="Plan">The plan it was generated from.</param>
public sealed record GeneratedSession(string HeaderText, string SourceText, SessionPlan Plan)
{
    /// <summary>File name of the generated header.</summary>
    public const string HeaderFileName = "session_config.h";

    /// <summary>File name of the generated source.</summary>
    public const string SourceFileName = "session_config.c";

    /// <summary>The C symbol of the arena, whose size the ELF's symbol table gives.</summary>
    public const string ArenaSymbol = "mtl_session_arena";

    /// <summary>The C symbol of the store's flash region (a run with a log).</summary>
    public const string FlashSymbol = "mtl_session_flash_region";

    /// <summary>Writes both files into <paramref name="directory"/> (created if needed); returns the source's path.</summary>
    public string WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, HeaderFileName), HeaderText);
        string source = Path.Combine(directory, SourceFileName);
        File.WriteAllText(source, SourceText);
        return Path.GetFullPath(source);
    }
}
