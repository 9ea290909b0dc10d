using VpsTop.Core.Platform;

namespace VpsTop.Core.Hardening;

/// <summary>
/// The main sshd_config and everything it Includes, read the way sshd 9.x reads it: each Include argument is
/// globbed (lexical order) and relative paths resolve under <see cref="SshDir"/> ("/etc/ssh", compiled into sshd,
/// whatever -f says); files are read in place, recursively; a glob matching nothing is skipped; a cycle or more
/// than 16 levels is an error (sshd: "Too many recursive configuration includes"). All reads go through
/// <see cref="Root"/>; paths in the model are system paths ("/etc/ssh/…"), not the mapped ones.
/// </summary>
public sealed class SshdConfigTree
{
    public const string DefaultMainPath = "/etc/ssh/sshd_config";
    public const string DefaultSshDir = "/etc/ssh";
    /// <summary>servconf.c SERVCONF_MAX_DEPTH.</summary>
    public const int MaxDepth = 16;

    private readonly Dictionary<string, SshdConfigDocument> _documents;

    private SshdConfigTree(SystemRoot root, string mainPath, string sshDir, Dictionary<string, SshdConfigDocument> documents,
        List<SshdDirective> directives, List<SshdInclude> includes, List<SshdProblem> problems, List<string> files)
    {
        Root = root;
        MainPath = mainPath;
        SshDir = sshDir;
        _documents = documents;
        Directives = directives;
        Includes = includes;
        Problems = problems;
        Files = files;
    }

    public SystemRoot Root { get; }
    public string MainPath { get; }
    public string SshDir { get; }

    /// <summary>Every file read, once each, in the order sshd first reads it (main file first).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Every directive in sshd's read order (a file included twice appears twice), with provenance.</summary>
    public IReadOnlyList<SshdDirective> Directives { get; }

    public IReadOnlyList<SshdInclude> Includes { get; }

    public IReadOnlyList<SshdProblem> Problems { get; }

    public SshdConfigDocument Main => _documents[MainPath];

    public IReadOnlyDictionary<string, SshdConfigDocument> Documents => _documents;

    public SshdConfigDocument? Document(string path) => _documents.GetValueOrDefault(path);

    /// <summary>Resolves an Include argument as sshd does: relative to the ssh dir unless it starts with '/' or '~'.</summary>
    public string ResolveInclude(string arg) => arg.StartsWith('/') || arg.StartsWith('~') ? arg : SshDir + "/" + arg;

    public static SshdConfigTree Load(SystemRoot root, string mainPath = DefaultMainPath, string sshDir = DefaultSshDir) =>
        new Loader(root, mainPath, sshDir, new Dictionary<string, SshdConfigDocument>()).Run();

    /// <summary>The config at <paramref name="mainPath"/> with relative Includes under /etc/ssh when it is the system's,
    /// under its own directory when it is another file (a rehearsal copy keeps its drop-ins beside it).</summary>
    public static SshdConfigTree LoadConfig(SystemRoot root, string mainPath) =>
        Load(root, mainPath, mainPath == DefaultMainPath ? DefaultSshDir : Path.GetDirectoryName(mainPath) ?? "/");

    /// <summary>The same tree with some files replaced or added (a plan's candidate documents): globs see added
    /// files, so a new drop-in is read where sshd would read it.</summary>
    public SshdConfigTree With(IReadOnlyDictionary<string, SshdConfigDocument> replacements) =>
        new Loader(Root, MainPath, SshDir, new Dictionary<string, SshdConfigDocument>(replacements)).Run();

    private sealed class Loader(SystemRoot root, string mainPath, string sshDir, Dictionary<string, SshdConfigDocument> overrides)
    {
        private readonly Dictionary<string, SshdConfigDocument> _documents = new(StringComparer.Ordinal);
        private readonly List<SshdDirective> _directives = [];
        private readonly List<SshdInclude> _includes = [];
        private readonly List<SshdProblem> _problems = [];
        private readonly List<string> _files = [];
        private readonly List<string> _stack = [];

        public SshdConfigTree Run()
        {
            var tree = new SshdConfigTree(root, mainPath, sshDir, _documents, _directives, _includes, _problems, _files);
            SshdConfigDocument? main = Read(mainPath, mainPath);
            if (main is null) _documents[mainPath] = SshdConfigDocument.Empty(mainPath);
            else Walk(tree, main, [], 0);
            return tree;
        }

        private SshdConfigDocument? Read(string path, string where)
        {
            if (_documents.TryGetValue(path, out var known)) return known;
            SshdConfigDocument? doc = overrides.GetValueOrDefault(path);
            if (doc is null)
            {
                try { doc = SshdConfigDocument.Parse(File.ReadAllBytes(root.Path(path)), path); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _problems.Add(new SshdProblem(where, $"cannot read {path}: {e.Message}", SshdRejects: true));
                    return null;
                }
            }
            _documents[path] = doc;
            _files.Add(path);
            return doc;
        }

        private void Walk(SshdConfigTree tree, SshdConfigDocument doc, IReadOnlyList<SshdDirective> inherited, int depth)
        {
            _stack.Add(doc.Path);
            IReadOnlyList<SshdDirective> conditions = inherited;
            for (int i = 0; i < doc.Lines.Length; i++)
            {
                SshdConfigLine line = doc.Lines[i];
                if (line.Kind == SshdLineKind.Invalid)
                    _problems.Add(new SshdProblem($"{doc.Path}:{i + 1}", line.Error ?? "invalid line", SshdRejects: true));
                if (!line.IsDirective) continue;
                if (line.IsMatch)
                {
                    // A Match opened here replaces this file's current block; the including block still applies.
                    var header = new SshdDirective(doc.Path, i, line, inherited);
                    _directives.Add(header);
                    if (SshdMatchLine.Validate(line) is string bad)
                        _problems.Add(new SshdProblem(header.Where, $"{bad} (sshd: Bad Match condition)", SshdRejects: true));
                    conditions = [.. inherited, header];
                    continue;
                }
                var directive = new SshdDirective(doc.Path, i, line, conditions);
                _directives.Add(directive);
                if (SshdKeywords.Find(line.Keyword!) is null)
                    _problems.Add(new SshdProblem(directive.Where, $"Bad configuration option: {line.Keyword}", SshdRejects: true));
                if (line.IsInclude) Include(tree, directive, depth);
            }
            _stack.RemoveAt(_stack.Count - 1);
        }

        private void Include(SshdConfigTree tree, SshdDirective directive, int depth)
        {
            foreach (string arg in directive.Args)
            {
                string resolved = tree.ResolveInclude(arg);
                List<string> files = SshdGlob.Expand(resolved, List, Exists);
                _includes.Add(new SshdInclude(directive, arg, resolved, files));
                foreach (string file in files)
                {
                    if (_stack.Contains(file, StringComparer.Ordinal))
                    {
                        _problems.Add(new SshdProblem(directive.Where,
                            $"include cycle: {string.Join(" → ", _stack.Append(file))} (sshd: Too many recursive configuration includes)",
                                SshdRejects: true));
                        continue;
                    }
                    if (depth + 1 > MaxDepth)
                    {
                        _problems.Add(new SshdProblem(directive.Where,
                            $"includes nested deeper than {MaxDepth} (sshd: Too many recursive configuration includes)",
                                SshdRejects: true));
                        continue;
                    }
                    SshdConfigDocument? doc = Read(file, directive.Where);
                    if (doc is not null) Walk(tree, doc, directive.Conditions, depth + 1);
                }
            }
        }

        private IEnumerable<string> List(string dir)
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (string entry in Directory.EnumerateFileSystemEntries(root.Path(dir)))
                    names.Add(System.IO.Path.GetFileName(entry));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            string prefix = dir == "/" ? "/" : dir + "/";
            foreach (string path in overrides.Keys)
                if (path.StartsWith(prefix, StringComparison.Ordinal) && path.IndexOf('/', prefix.Length) < 0)
                    names.Add(path[prefix.Length..]);
            return names;
        }

        private bool Exists(string path) => overrides.ContainsKey(path) || File.Exists(root.Path(path));
    }
}
