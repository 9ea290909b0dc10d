namespace VpsTop.Core.Hardening.Plan;

/// <summary>Block: applying would likely lock the admin out. Warn: the plan works but does less, or may surprise.</summary>
public enum GuardSeverity { Block, Warn }
