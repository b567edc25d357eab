using NodaTime;

namespace PartnerAccess.Sdk.Relationships;

/// <summary>What a long-running operation does.</summary>
public enum RelationshipOperationType
{
    /// <summary>A type this SDK does not know, including <c>unknownFutureValue</c>.</summary>
    Unknown = 0,

    /// <summary>Changes the roles of an access assignment.</summary>
    DelegatedAdminAccessAssignmentUpdate,

    /// <summary>Changes an active relationship, for example removing Global Administrator.</summary>
    DelegatedAdminRelationshipUpdate,
}

/// <summary>The progress of a long-running operation (Graph's <c>longRunningOperationStatus</c>).</summary>
public enum OperationStatus
{
    /// <summary>A status this SDK does not know.</summary>
    Unknown = 0,

    /// <summary>Queued.</summary>
    NotStarted,

    /// <summary>In progress.</summary>
    Running,

    /// <summary>Finished successfully.</summary>
    Succeeded,

    /// <summary>Finished with an error.</summary>
    Failed,
}

/// <summary>A long-running operation on a relationship (Graph's <c>delegatedAdminRelationshipOperation</c>).</summary>
public sealed record RelationshipOperation
{
    /// <summary>The operation id (a GUID).</summary>
    public required string Id { get; init; }

    /// <summary>The relationship it belongs to.</summary>
    public required string RelationshipId { get; init; }

    /// <summary>What it does.</summary>
    public required RelationshipOperationType OperationType { get; init; }

    /// <summary>How far it has got.</summary>
    public required OperationStatus Status { get; init; }

    /// <summary>The payload as the JSON string Graph sends, for example the resulting access assignment.</summary>
    public string? Data { get; init; }

    /// <summary>When it was created.</summary>
    public Instant CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public Instant LastModifiedAt { get; init; }

    /// <summary>The concurrency token.</summary>
    public ETag ETag { get; init; }

    /// <summary>Whether it has finished, successfully or not.</summary>
    public bool IsCompleted => Status is OperationStatus.Succeeded or OperationStatus.Failed;
}

/// <summary>
/// The result of a change that Graph may run in the background: either the changed object at once (HTTP 200),
/// or an operation to follow (HTTP 202).
/// </summary>
/// <typeparam name="T">The changed object's type.</typeparam>
public sealed record UpdateOutcome<T>
    where T : class
{
    /// <summary>The object after the change, when it took effect at once.</summary>
    public T? Value { get; init; }

    /// <summary>The operation to follow, when the service runs the change in the background.</summary>
    public RelationshipOperation? Operation { get; init; }

    /// <summary>How long the service asked the caller to wait before polling the operation.</summary>
    public Duration? RetryAfter { get; init; }

    /// <summary>Whether the change runs in the background.</summary>
    public bool IsLongRunning => Operation is not null;
}
