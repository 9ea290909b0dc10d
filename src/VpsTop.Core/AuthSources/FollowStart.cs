namespace VpsTop.Core.AuthSources;

/// <summary>Where a follower begins in the file it first opens.</summary>
public enum FollowStart
{
    /// <summary>The last <c>backlogBytes</c> of the file, from the first complete line in them.</summary>
    EndMinusBacklog,
    Beginning,
}
