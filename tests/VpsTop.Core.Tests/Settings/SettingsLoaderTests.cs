using VpsTop.Core.Settings;

namespace VpsTop.Core.Tests.Settings;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vpstop-settings-").FullName;
    private static readonly Dictionary<string, string?> NoEnvironment = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string json)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void No_files_gives_the_defaults()
    {
        var s = SettingsLoader.Load([Path.Combine(_dir, "absent.json")], environment: NoEnvironment);
        Assert.Equal(1.0, s.RefreshSeconds);
        Assert.False(s.NoColor);
        Assert.False(s.Colors16);
    }

    [Fact]
    public void Later_layers_win_system_then_user_then_environment_then_switches()
    {
        string system = Write("system.json", """{ "refreshSeconds": 5, "colors16": true }""");
        string user = Write("user.json", """{ "refreshSeconds": 3 }""");
        var s = SettingsLoader.Load([system, user], environment: NoEnvironment);
        Assert.Equal(3, s.RefreshSeconds);
        Assert.True(s.Colors16);

        var env = new Dictionary<string, string?> { ["VPSTOP_REFRESHSECONDS"] = "2.5" };
        Assert.Equal(2.5, SettingsLoader.Load([system, user], environment: env).RefreshSeconds);

        var switches = new Dictionary<string, string?> { ["refreshSeconds"] = "0.5" };
        Assert.Equal(0.5, SettingsLoader.Load([system, user], switches, env).RefreshSeconds);
    }

    [Fact]
    public void NO_COLOR_with_any_value_turns_colour_off()
    {
        var env = new Dictionary<string, string?> { ["NO_COLOR"] = "1" };
        Assert.True(SettingsLoader.Load([], environment: env).NoColor);
        Assert.False(SettingsLoader.Load([], environment: new Dictionary<string, string?> { ["NO_COLOR"] = "" }).NoColor);
    }

    [Fact]
    public void Capture_interfaces_come_as_a_comma_separated_list_and_a_switch_overrides_the_file()
    {
        string file = Write("ifaces.json", """{ "interfaces": "eth0, wg0" }""");
        Assert.Equal(["eth0", "wg0"], SettingsLoader.Load([file], environment: NoEnvironment).Interfaces);
        var switches = new Dictionary<string, string?> { ["interfaces"] = "tun0" };
        Assert.Equal(["tun0"], SettingsLoader.Load([file], switches, NoEnvironment).Interfaces);
        Assert.Empty(SettingsLoader.Load([], environment: NoEnvironment).Interfaces);
    }

    [Fact]
    public void The_auth_source_defaults_to_auto_and_a_switch_overrides_the_file()
    {
        Assert.Equal("auto", SettingsLoader.Load([], environment: NoEnvironment).AuthSource);
        string file = Write("auth.json", """{ "authSource": "journal" }""");
        Assert.Equal("journal", SettingsLoader.Load([file], environment: NoEnvironment).AuthSource);
        var switches = new Dictionary<string, string?> { ["authSource"] = "/srv/copy/auth.log" };
        Assert.Equal("/srv/copy/auth.log", SettingsLoader.Load([file], switches, NoEnvironment).AuthSource);
    }

    [Fact]
    public void The_alarm_window_and_the_sshd_config_are_read_and_checked()
    {
        string file = Write("window.json", """{ "alarmWindowHours": 6, "sshdConfig": "/srv/rehearsal/sshd_config" }""");
        var settings = SettingsLoader.Load([file], environment: NoEnvironment);
        Assert.Equal(6, settings.AlarmWindowHours);
        Assert.Equal("/srv/rehearsal/sshd_config", settings.SshdConfig);
        Assert.Equal(24, SettingsLoader.Load([], environment: NoEnvironment).AlarmWindowHours);
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load([Write("rel.json", """{ "sshdConfig": "sshd_config" }""")],
            environment: NoEnvironment));
        Assert.Contains("not an absolute path", e.Message);
    }

    [Fact]
    public void An_interface_name_the_kernel_would_not_allow_is_refused_with_the_key()
    {
        string file = Write("bad-iface.json", """{ "interfaces": "eth0,../../x" }""");
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load([file], environment: NoEnvironment));
        Assert.Contains(file, e.Message);
        Assert.Contains("interfaces", e.Message);
        Assert.Contains("../../x", e.Message);
    }

    [Fact]
    public void A_bad_value_names_the_file_and_the_key()
    {
        string file = Write("bad.json", """{ "refreshSeconds": "soon" }""");
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load([file], environment: NoEnvironment));
        Assert.Contains(file, e.Message);
        Assert.Contains("refreshSeconds", e.Message);
        Assert.Contains("soon", e.Message);
    }

    [Fact]
    public void An_out_of_range_value_is_refused()
    {
        string file = Write("zero.json", """{ "refreshSeconds": 0 }""");
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load([file], environment: NoEnvironment));
        Assert.Contains("between 0.2 and 3600", e.Message);
    }

    [Fact]
    public void A_bad_environment_variable_is_named()
    {
        var env = new Dictionary<string, string?> { ["VPSTOP_NOCOLOR"] = "maybe" };
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load([], environment: env));
        Assert.Contains("VPSTOP_NOCOLOR", e.Message);
    }

    [Fact]
    public void A_bad_switch_is_named()
    {
        var switches = new Dictionary<string, string?> { ["refreshSeconds"] = "-1" };
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load([], switches, NoEnvironment));
        Assert.Contains("--refreshSeconds", e.Message);
    }

    [Fact]
    public void Broken_json_names_the_file()
    {
        string file = Write("broken.json", """{ "refreshSeconds": 2, """);
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load([file], environment: NoEnvironment));
        Assert.Contains("broken.json", e.Message);
    }

    [Fact]
    public void A_misspelt_key_is_reported_not_ignored()
    {
        string file = Write("typo.json", """{ "refreshSecond": 2 }""");
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load([file], environment: NoEnvironment));
        Assert.Contains("refreshSecond", e.Message);
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void A_directory_where_the_file_should_be_is_reported()
    {
        string dir = Path.Combine(_dir, "vpstop.json");
        Directory.CreateDirectory(dir);
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load([dir], environment: NoEnvironment));
        Assert.Contains("is a directory", e.Message);
    }
}
