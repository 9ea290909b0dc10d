using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using VpsTop.Core.Platform;

namespace VpsTop.Core.Settings;

/// <summary>
/// Layers settings the usual Unix way, later wins: /etc/vpstop/vpstop.json, ~/.config/vpstop/vpstop.json
/// (XDG_CONFIG_HOME honoured), VPSTOP_* environment variables, then command-line switches. Values are
/// parsed by hand rather than with the reflection binder so a bad one is reported with the file (or
/// variable, or switch) that supplied it and the key, and so the NativeAOT build needs no binder code.
/// </summary>
public static class SettingsLoader
{
    public const string EnvironmentPrefix = "VPSTOP_";

    public static IReadOnlyList<string> DefaultFiles(SystemRoot root)
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        string home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        string user = !string.IsNullOrEmpty(xdg) ? Path.Combine(xdg, "vpstop", "vpstop.json") : Path.Combine(home, ".config", "vpstop",
            "vpstop.json");
        return [root.Path("/etc/vpstop/vpstop.json"), user];
    }

    /// <param name="files">Files in increasing priority; missing ones are skipped.</param>
    /// <param name="switches">Values given on the command line (key → text), highest priority.</param>
    /// <param name="environment">Environment to read NO_COLOR and VPSTOP_* from (null: the process's).</param>
    public static VpsTopSettings Load(IEnumerable<string> files, IReadOnlyDictionary<string, string?>? switches = null,
        IDictionary<string, string?>? environment = null)
    {
        var builder = new ConfigurationBuilder();
        foreach (string file in files)
        {
            string full = Path.GetFullPath(file);
            if (!File.Exists(full))
            {
                if (Directory.Exists(full)) throw new SettingsException($"{full}: is a directory, expected a JSON settings file");
                continue;
            }
            try { using (File.OpenRead(full)) { } }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                throw new SettingsException($"{full}: cannot read settings file: {e.Message}");
            }
            var provider = new PhysicalFileProvider(Path.GetDirectoryName(full)!);
            builder.Add(new JsonConfigurationSource
            {
                FileProvider = provider, Path = Path.GetFileName(full), Optional = true,
                ReloadOnChange = false
            });
        }
        var env = environment ?? ReadEnvironment();
        var fromEnv = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in env)
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                fromEnv[name[EnvironmentPrefix.Length..]] = value;
        builder.Add(new NamedMemorySource("environment variable " + EnvironmentPrefix, fromEnv, upper: true));
        if (switches is { Count: > 0 }) builder.Add(new NamedMemorySource("command-line switch --", switches));

        IConfigurationRoot config;
        try { config = builder.Build(); }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
        {
            // The JSON provider's message already names the file and the line.
            throw new SettingsException(e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message);
        }

        var defaults = new VpsTopSettings();
        bool noColorEnv = env.TryGetValue("NO_COLOR", out var nc) && !string.IsNullOrEmpty(nc);
        var settings = new VpsTopSettings
        {
            RefreshSeconds = ReadDouble(config, "refreshSeconds", defaults.RefreshSeconds, VpsTopSettings.MinRefreshSeconds,
                VpsTopSettings.MaxRefreshSeconds),
            NoColor = ReadBool(config, "noColor", defaults.NoColor) || noColorEnv,
            Colors16 = ReadBool(config, "colors16", defaults.Colors16),
            Interfaces = ReadInterfaces(config, "interfaces"),
            AuthSource = TryFind(config, "authSource", out string? auth,
                out _) && !string.IsNullOrWhiteSpace(auth) ? auth.Trim() : defaults.AuthSource,
            SshdConfig = ReadAbsolutePath(config, "sshdConfig", defaults.SshdConfig),
            AlarmWindowHours = ReadDouble(config, "alarmWindowHours", defaults.AlarmWindowHours, 0.01, 24 * 366),
        };
        RejectUnknownKeys(config);
        return settings;
    }

    public static VpsTopSettings LoadDefault(SystemRoot root, IReadOnlyDictionary<string, string?>? switches = null) =>
        Load(DefaultFiles(root), switches);

    private static readonly string[] KnownKeys = ["refreshSeconds", "noColor", "colors16", "interfaces", "authSource", "sshdConfig",
        "alarmWindowHours"];

    /// <summary>A misspelt key in a file would otherwise be silently ignored: say so instead.</summary>
    private static void RejectUnknownKeys(IConfigurationRoot config)
    {
        foreach (var provider in config.Providers)
        {
            if (provider is not JsonConfigurationProvider) continue;
            foreach (string key in provider.GetChildKeys([], null).Distinct(StringComparer.OrdinalIgnoreCase))
                if (!KnownKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
                    throw new SettingsException($"{Describe(provider, key)}: unknown key '{key}' (known: {string.Join(", ", KnownKeys)})");
        }
    }

    private static double ReadDouble(IConfigurationRoot config, string key, double fallback, double min, double max)
    {
        if (!TryFind(config, key, out string? text, out var provider)) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= min && value <= max)
            return value;
        throw new
            SettingsException($"{Describe(provider!, key)}: key '{key}' = '{text}' is not a number of seconds between "
                + $"{min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>"eth0,wg0": interface names as the kernel allows them (1–15 bytes, no '/', no spaces).</summary>
    private static IReadOnlyList<string> ReadInterfaces(IConfigurationRoot config, string key)
    {
        if (!TryFind(config, key, out string? text, out var provider) || string.IsNullOrWhiteSpace(text)) return [];
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (string name in names)
            if (name.Length > 15 || name is "." or ".." || name.Any(c => c <= ' ' || c == '/' || c == ':' || c > '~'))
                throw new
                    SettingsException($"{Describe(provider!, key)}: key '{key}' = '{text}': '{name}' is not an interface name "
                        + $"(comma-separated names, e.g. eth0,wg0)");
        return names;
    }

    private static string ReadAbsolutePath(IConfigurationRoot config, string key, string fallback)
    {
        if (!TryFind(config, key, out string? text, out var provider) || string.IsNullOrWhiteSpace(text)) return fallback;
        if (!text.StartsWith('/') || text.Any(char.IsControl))
            throw new SettingsException($"{Describe(provider!, key)}: key '{key}' = '{text}' is not an absolute path");
        return text;
    }

    private static bool ReadBool(IConfigurationRoot config, string key, bool fallback)
    {
        if (!TryFind(config, key, out string? text, out var provider)) return fallback;
        if (bool.TryParse(text, out bool value)) return value;
        if (text is "1" or "yes" or "on") return true;
        if (text is "0" or "no" or "off") return false;
        throw new SettingsException($"{Describe(provider!, key)}: key '{key}' = '{text}' is not true or false");
    }

    /// <summary>The value of <paramref name="key"/> and the provider that won (the last one that has it).</summary>
    private static bool TryFind(IConfigurationRoot config, string key, out string? value, out IConfigurationProvider? provider)
    {
        foreach (var p in config.Providers.Reverse())
        {
            if (p.TryGet(key, out value)) { provider = p; return true; }
        }
        value = null;
        provider = null;
        return false;
    }

    private static string Describe(IConfigurationProvider provider, string key) => provider switch
    {
        JsonConfigurationProvider json when json.Source.FileProvider is PhysicalFileProvider files
            => Path.Combine(files.Root, json.Source.Path ?? ""),
        NamedMemoryProvider named => named.Name(key),
        _ => provider.ToString() ?? "settings",
    };

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            env[(string)e.Key] = e.Value as string;
        return env;
    }

    /// <summary>An in-memory layer that remembers where its values came from, for error messages.</summary>
    private sealed class NamedMemorySource(string origin, IEnumerable<KeyValuePair<string, string?>> values,
        bool upper = false) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new NamedMemoryProvider(origin, values, upper);
    }

    private sealed class NamedMemoryProvider : ConfigurationProvider
    {
        private readonly bool _upper;

        public NamedMemoryProvider(string origin, IEnumerable<KeyValuePair<string, string?>> values, bool upper)
        {
            Origin = origin;
            _upper = upper;
            foreach (var (k, v) in values) Data[k] = v;
        }

        public string Origin { get; }

        /// <summary>"environment variable VPSTOP_REFRESHSECONDS" / "command-line switch --refreshSeconds".</summary>
        public string Name(string key) => Origin + (_upper ? key.ToUpperInvariant() : key);
    }
}
