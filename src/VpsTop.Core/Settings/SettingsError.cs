namespace VpsTop.Core.Settings;

/// <summary>A setting that cannot be used, with where it came from, so the message can name the file and key.</summary>
public sealed class SettingsException(string message) : Exception(message);
