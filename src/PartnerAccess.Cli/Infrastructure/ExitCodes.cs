using PartnerAccess.Sdk;

namespace PartnerAccess.Cli.Infrastructure;

/// <summary>The process exit codes of partner-access; docs/cli.md lists them. They never change meaning.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command line was wrong: unknown command or option, missing or malformed value, clashing backends.</summary>
    public const int Usage = 1;

    /// <summary>A GDAP rule was broken (validation or a change the object's status does not allow), or a template is invalid.</summary>
    public const int RuleViolation = 2;

    /// <summary>The relationship, assignment or other object does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>A clash with an existing object, or the object changed since it was read (stale ETag).</summary>
    public const int Conflict = 4;

    /// <summary>Not signed in, or missing a permission.</summary>
    public const int Unauthorized = 5;

    /// <summary>The service failed, throttled beyond the retry budget, or a wait timed out.</summary>
    public const int ServiceError = 6;

    /// <summary><c>verify</c>: nothing is wrong, but the service is still provisioning (activation, pending assignments).</summary>
    public const int Provisioning = 10;

    /// <summary><c>verify</c>: a customer has yet to approve a relationship; nothing else is wrong.</summary>
    public const int WaitingForCustomer = 11;

    /// <summary><c>verify</c>: a customer's access is broken and needs the partner (run apply, restore a group, ...).</summary>
    public const int NotReady = 12;

    /// <summary>A bug in partner-access itself; run again with --verbose and report the details.</summary>
    public const int InternalError = 70;

    /// <summary>Cancelled (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit code of <c>verify</c> for the worst readiness verdict.</summary>
    /// <param name="verdict">The worst verdict.</param>
    /// <returns>The exit code.</returns>
    public static int For(PartnerAccess.Sdk.Lifecycle.ReadinessVerdict verdict) => verdict switch
    {
        PartnerAccess.Sdk.Lifecycle.ReadinessVerdict.Ready => Success,
        PartnerAccess.Sdk.Lifecycle.ReadinessVerdict.Provisioning => Provisioning,
        PartnerAccess.Sdk.Lifecycle.ReadinessVerdict.WaitingForCustomer => WaitingForCustomer,
        _ => NotReady,
    };

    /// <summary>The exit code for an SDK failure.</summary>
    /// <param name="code">The SDK's error category.</param>
    /// <returns>The exit code.</returns>
    public static int For(PartnerAccessErrorCode code) => code switch
    {
        PartnerAccessErrorCode.Validation or PartnerAccessErrorCode.InvalidState => RuleViolation,
        PartnerAccessErrorCode.NotFound => NotFound,
        PartnerAccessErrorCode.Conflict or PartnerAccessErrorCode.Concurrency => Conflict,
        PartnerAccessErrorCode.Unauthorized => Unauthorized,
        _ => ServiceError,
    };
}
