namespace VpsTop.Core.Suspicion;

/// <summary>What the package databases say about one path.</summary>
public enum PackageOwnership
{
    /// <summary>No database could answer (none found, rpm unreadable, or the path is in another mount namespace).</summary>
    Unknown = 0,

    /// <summary>An installed package lists this file.</summary>
    Owned,

    /// <summary>The database was read and no installed package lists this file.</summary>
    NotOwned,

    /// <summary>Under /usr/local or /opt: package managers never install there, so it was put there by hand.</summary>
    OutsidePackageManager,
}
