namespace VpsTop.Core.Hardening;

/// <summary>
/// Writes a candidate tree into a private directory so the real sshd can judge it before anything live changes
/// (research §6 phase B): every file of the tree goes to <c>dir + its system path</c>, and each Include argument
/// in the copies is rewritten to the staged absolute pattern, because sshd resolves relative Includes under the
/// compiled-in /etc/ssh whatever -f says. HostKey and other paths are left alone: sshd reads the real keys.
/// </summary>
public static class SshdStaging
{
    /// <summary>Stages <paramref name="tree"/> with <paramref name="replacements"/> (changed or new files) under
    /// <paramref name="directory"/> and returns the staged main file's path for sshd -t/-T -f.</summary>
    public static string Stage(SshdConfigTree tree, IReadOnlyDictionary<string, SshdConfigDocument>? replacements, string directory)
    {
        SshdConfigTree candidate = replacements is null || replacements.Count == 0 ? tree : tree.With(replacements);
        string root = directory.TrimEnd('/');
        foreach (string path in candidate.Files)
        {
            SshdConfigDocument doc = candidate.Document(path)!;
            for (int i = 0; i < doc.Lines.Length; i++)
            {
                SshdConfigLine line = doc.Lines[i];
                if (!line.IsDirective || !line.IsInclude) continue;
                var staged = line.Args.Select(a => a.StartsWith('~') ? a : root + candidate.ResolveInclude(a)).ToArray();
                doc = doc.WithValue(i, staged);
            }
            string target = root + path;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, doc.ToBytes());
        }
        return root + candidate.MainPath;
    }
}
