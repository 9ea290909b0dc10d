namespace VpsTop.Core.Hardening.Plan;

/// <summary>How likely a baseline setting is to lock the admin out (research §4 "Lockout risk").</summary>
public enum BaselineRisk { None, Low, Medium, High }
