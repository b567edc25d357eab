namespace PartnerAccess.Sdk.Relationships;

/// <summary>The lifecycle status of a GDAP relationship, as Graph reports it.</summary>
public enum RelationshipStatus
{
    /// <summary>A value this SDK does not know yet, including Graph's <c>unknownFutureValue</c>.</summary>
    Unknown = 0,

    /// <summary>The partner created it and can still change it.</summary>
    Created,

    /// <summary>The partner locked it for approval; waiting for the customer.</summary>
    ApprovalPending,

    /// <summary>The customer approved it.</summary>
    Approved,

    /// <summary>The service is provisioning access.</summary>
    Activating,

    /// <summary>Access is in force.</summary>
    Active,

    /// <summary>The end date passed; access is being removed.</summary>
    Expiring,

    /// <summary>Access was removed after the end date.</summary>
    Expired,

    /// <summary>The partner or the customer asked for termination.</summary>
    TerminationRequested,

    /// <summary>The service is removing access after termination.</summary>
    Terminating,

    /// <summary>Access was removed after termination.</summary>
    Terminated,
}

/// <summary>Questions about a <see cref="RelationshipStatus"/>.</summary>
public static class RelationshipStatusExtensions
{
    /// <summary>Whether the relationship has ended or is ending for good.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for expiring, expired, termination requested, terminating and terminated.</returns>
    public static bool IsEnded(this RelationshipStatus status) => status is RelationshipStatus.Expiring or RelationshipStatus.Expired
        or RelationshipStatus.TerminationRequested or RelationshipStatus.Terminating or RelationshipStatus.Terminated;

    /// <summary>Whether the relationship still waits for, or is going through, approval.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for approval pending, approved and activating.</returns>
    public static bool IsAwaitingActivation(this RelationshipStatus status) => status is RelationshipStatus.ApprovalPending
        or RelationshipStatus.Approved or RelationshipStatus.Activating;
}
