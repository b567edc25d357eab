using NodaTime;

namespace PartnerAccess.Sdk.Relationships;

/// <summary>What a relationship request asks for (Graph's <c>delegatedAdminRelationshipRequestAction</c>).</summary>
public enum RelationshipRequestAction
{
    /// <summary>An action this SDK does not know, including <c>unknownFutureValue</c>.</summary>
    Unknown = 0,

    /// <summary>The partner finalises the relationship and sends it for approval.</summary>
    LockForApproval,

    /// <summary>An indirect reseller approves a relationship its provider created.</summary>
    Approve,

    /// <summary>The partner ends an active relationship.</summary>
    Terminate,

    /// <summary>An indirect reseller rejects a relationship its provider created.</summary>
    Reject,
}

/// <summary>The progress of a relationship request.</summary>
public enum RelationshipRequestStatus
{
    /// <summary>A status this SDK does not know.</summary>
    Unknown = 0,

    /// <summary>Accepted, not yet processed.</summary>
    Created,

    /// <summary>Being processed.</summary>
    Pending,

    /// <summary>Done.</summary>
    Succeeded,

    /// <summary>Failed.</summary>
    Failed,
}

/// <summary>A request against a relationship (Graph's <c>delegatedAdminRelationshipRequest</c>): lock, terminate, approve or reject.</summary>
public sealed record RelationshipRequest
{
    /// <summary>
    /// The request id (a GUID). Empty only in one case: a lock or terminate whose answer was lost took effect (the
    /// relationship's status says so), but the service had not listed the request yet after the client looked again.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The relationship it acts on.</summary>
    public required string RelationshipId { get; init; }

    /// <summary>What it asks for.</summary>
    public required RelationshipRequestAction Action { get; init; }

    /// <summary>How far it has got.</summary>
    public required RelationshipRequestStatus Status { get; init; }

    /// <summary>When it was created.</summary>
    public Instant CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public Instant LastModifiedAt { get; init; }
}
