using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>Whether a customer's delegated access is usable, from best to worst.</summary>
public enum ReadinessVerdict
{
    /// <summary>Every template's relationship is active with its roles, every slot's assignment is active with its roles, every group exists and has members.</summary>
    Ready = 0,

    /// <summary>Nothing is wrong, but the service is still working: a relationship is being approved or activated, or an assignment is pending.</summary>
    Provisioning,

    /// <summary>A relationship awaits the customer's approval (send them the approval link).</summary>
    WaitingForCustomer,

    /// <summary>Something needs the partner: a missing or ended relationship, missing roles, a missing assignment, a deleted or empty group.</summary>
    Broken,
}

/// <summary>Why a customer is not ready, one finding per fact.</summary>
/// <param name="Code">A stable code, for example <c>group.missing</c> (see <see cref="ReadinessCodes"/>).</param>
/// <param name="Verdict">The verdict this finding alone would give.</param>
/// <param name="Message">A sentence for people.</param>
/// <param name="TemplateName">The template concerned.</param>
/// <param name="RelationshipId">The relationship concerned, when there is one.</param>
/// <param name="SecurityGroupId">The security group concerned, when there is one.</param>
public sealed record ReadinessReason(string Code, ReadinessVerdict Verdict, string Message, string? TemplateName = null, string? RelationshipId = null, string? SecurityGroupId = null)
{
    /// <inheritdoc />
    public override string ToString() => $"[{Code}] {Message}";
}

/// <summary>One customer's verdict and every reason behind it.</summary>
/// <param name="Customer">The customer.</param>
/// <param name="Verdict">The worst verdict among the reasons; <see cref="ReadinessVerdict.Ready"/> when there are none.</param>
/// <param name="Reasons">What is not ready, template by template.</param>
/// <param name="ApprovalLinks">Links the customer still has to open, when waiting for them.</param>
public sealed record CustomerReadiness(CustomerParticipant Customer, ReadinessVerdict Verdict, IReadOnlyList<ReadinessReason> Reasons, IReadOnlyList<Uri> ApprovalLinks)
{
    /// <inheritdoc />
    public override string ToString() => $"{Customer.DisplayName ?? Customer.TenantId}: {Verdict}" +
        (Reasons.Count == 0 ? string.Empty : " (" + string.Join("; ", Reasons.Select(r => r.Message)) + ")");
}

/// <summary>The stable codes of <see cref="ReadinessReason"/>.</summary>
public static class ReadinessCodes
{
    /// <summary>No relationship of the template exists for the customer: run apply.</summary>
    public const string RelationshipMissing = "relationship.missing";

    /// <summary>The relationship is created but not yet sent for approval: run apply.</summary>
    public const string RelationshipNotLocked = "relationship.created";

    /// <summary>The relationship awaits the customer's approval.</summary>
    public const string RelationshipAwaitingApproval = "relationship.approvalPending";

    /// <summary>The customer approved; the service is activating the relationship.</summary>
    public const string RelationshipActivating = "relationship.activating";

    /// <summary>The template's relationships have all ended (expired or terminated).</summary>
    public const string RelationshipEnded = "relationship.ended";

    /// <summary>The active relationship lacks some of the template's roles.</summary>
    public const string RelationshipRolesMissing = "relationship.rolesMissing";

    /// <summary>A slot's group has no access assignment in the active relationship: run apply.</summary>
    public const string AssignmentMissing = "assignment.missing";

    /// <summary>A slot's assignment is still being provisioned.</summary>
    public const string AssignmentPending = "assignment.pending";

    /// <summary>A slot's assignment failed to provision.</summary>
    public const string AssignmentFailed = "assignment.error";

    /// <summary>A slot's assignment gives roles other than the slot's.</summary>
    public const string AssignmentRolesDiffer = "assignment.rolesDiffer";

    /// <summary>A slot's security group does not exist (deleted): the assignment gives access to nobody.</summary>
    public const string GroupMissing = "group.missing";

    /// <summary>A slot's security group has no members.</summary>
    public const string GroupEmpty = "group.empty";
}
