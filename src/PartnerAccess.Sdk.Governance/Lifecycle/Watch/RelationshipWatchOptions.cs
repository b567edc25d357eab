using PartnerAccess.Sdk.Planning;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>Settings of the relationship watch registered by <c>AddRelationshipWatch</c>.</summary>
public sealed class RelationshipWatchOptions
{
    /// <summary>Whether the hosted service watches; off by default, so registering it changes nothing until asked.</summary>
    public bool RunInBackground { get; set; }

    /// <summary>A JSON file for the checkpoint, so a restart resumes; in memory when <see langword="null"/>.</summary>
    public string? CheckpointFilePath { get; set; }

    /// <summary>Intervals and the expiring window.</summary>
    public RelationshipWatcherOptions Watcher { get; set; } = new();

    /// <summary>
    /// Whether to run apply for a customer as soon as one of its relationships becomes active, so its access
    /// assignments are created within minutes of the approval. Needs <see cref="LoadDesiredState"/>.
    /// </summary>
    public bool ApplyOnActivation { get; set; }

    /// <summary>Reads the desired state for <see cref="ApplyOnActivation"/>; called for each activation, so edits are picked up.</summary>
    public Func<CancellationToken, Task<DesiredState>>? LoadDesiredState { get; set; }

    /// <summary>The planner's options for <see cref="ApplyOnActivation"/>; defaults when <see langword="null"/>.</summary>
    public AccessPlannerOptions? Planner { get; set; }
}

/// <summary>What the hosted service did with one event.</summary>
/// <param name="Event">The event.</param>
/// <param name="Applied">The apply it ran for the event's customer; <see langword="null"/> when it ran none or the apply failed.</param>
public sealed record RelationshipEventHandled(RelationshipEvent Event, ApplyResult? Applied);
