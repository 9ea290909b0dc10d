namespace VpsTop.Core.Hardening.Plan;

public enum DiffLineKind { Context, Added, Removed }
