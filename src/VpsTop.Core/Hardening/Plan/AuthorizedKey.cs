namespace VpsTop.Core.Hardening.Plan;

/// <summary>One usable public key line of an authorized_keys file. <see cref="RsaBits"/>: modulus size for ssh-rsa keys.</summary>
public sealed record AuthorizedKey(string File, int LineNumber, string Type, int? RsaBits);
