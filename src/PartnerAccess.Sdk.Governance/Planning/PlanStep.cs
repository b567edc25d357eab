using System.Globalization;
using System.Text;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Planning;

/// <summary>What a plan step does. Steps that change nothing report what the planner saw.</summary>
public enum PlanStepKind
{
    /// <summary>Create a relationship, lock it for approval, and report the approval link (2 writes).</summary>
    CreateRelationship = 1,

    /// <summary>Create the next generation of a relationship that expires soon, and lock it for approval (2 writes).</summary>
    RenewRelationship,

    /// <summary>Change a relationship still in status created so it matches the template (1 write).</summary>
    UpdateRelationship,

    /// <summary>Lock a created relationship for approval (1 write).</summary>
    LockForApproval,

    /// <summary>Remove Global Administrator from an active relationship; runs in the background (1 write).</summary>
    RemoveGlobalAdministrator,

    /// <summary>Switch auto-extend on or off (1 write).</summary>
    SetAutoExtend,

    /// <summary>Give a security group its roles (1 write).</summary>
    CreateAssignment,

    /// <summary>Change a security group's roles; runs in the background (1 write).</summary>
    UpdateAssignment,

    /// <summary>Remove a security group's assignment (1 write).</summary>
    DeleteAssignment,

    /// <summary>End an active relationship that is no longer wanted (1 write).</summary>
    TerminateRelationship,

    /// <summary>Delete a relationship that is no longer wanted and was never locked (1 write).</summary>
    DeleteRelationship,

    /// <summary>No write: the customer has yet to approve; the step carries the approval link.</summary>
    AwaitApproval,

    /// <summary>No write: the service is still working (activation, a pending assignment, a running operation).</summary>
    AwaitService,

    /// <summary>No write: something differs from the template that the planner cannot or may not change.</summary>
    Note,

    /// <summary>
    /// Create a replacement for an active relationship that lacks some of the template's roles (roles of an active
    /// relationship cannot grow), and lock it for approval (2 writes). The old relationship keeps serving meanwhile.
    /// </summary>
    ReplaceRelationship,

    /// <summary>End a relationship whose replacement is active and serves every group of the template (1 write).</summary>
    TerminateReplacedRelationship,
}

/// <summary>
/// One thing the plan will do, or report, for one customer and template. Steps that write carry the objects as the
/// planner read them, so the change is sent with the ETag the planner saw.
/// </summary>
public sealed record PlanStep
{
    /// <summary>What the step does.</summary>
    public required PlanStepKind Kind { get; init; }

    /// <summary>The template the step serves.</summary>
    public required string TemplateName { get; init; }

    /// <summary>The relationship's display name (derived, for a create).</summary>
    public required string RelationshipName { get; init; }

    /// <summary>The relationship as read, for steps on an existing relationship.</summary>
    public Relationship? Relationship { get; init; }

    /// <summary>What to create, for <see cref="PlanStepKind.CreateRelationship"/>, <see cref="PlanStepKind.RenewRelationship"/> and <see cref="PlanStepKind.ReplaceRelationship"/>.</summary>
    public CreateRelationshipRequest? Create { get; init; }

    /// <summary>The change, for <see cref="PlanStepKind.UpdateRelationship"/> and <see cref="PlanStepKind.SetAutoExtend"/>.</summary>
    public RelationshipUpdate? Update { get; init; }

    /// <summary>The security group, for assignment steps.</summary>
    public string? SecurityGroupId { get; init; }

    /// <summary>The assignment as read, for update and delete.</summary>
    public AccessAssignment? Assignment { get; init; }

    /// <summary>The roles to give, for create and update of an assignment.</summary>
    public IReadOnlyList<RoleGrant>? Roles { get; init; }

    /// <summary>
    /// The relationship being replaced: for <see cref="PlanStepKind.ReplaceRelationship"/>, and for the approval step of
    /// a replacement that awaits the customer.
    /// </summary>
    public Relationship? Replaces { get; init; }

    /// <summary>The active replacement, for <see cref="PlanStepKind.TerminateReplacedRelationship"/>.</summary>
    public Relationship? ReplacedBy { get; init; }

    /// <summary>The slots the replacement must serve before the old relationship ends; checked again just before terminating.</summary>
    internal IReadOnlyList<ReplacementSlot>? ReplacementSlots { get; init; }

    /// <summary>Why the step is there, in a sentence.</summary>
    public string? Reason { get; init; }

    /// <summary>How many service writes the step makes.</summary>
    public int Writes => Kind switch
    {
        PlanStepKind.CreateRelationship or PlanStepKind.RenewRelationship or PlanStepKind.ReplaceRelationship => 2,
        PlanStepKind.AwaitApproval or PlanStepKind.AwaitService or PlanStepKind.Note => 0,
        _ => 1,
    };

    /// <summary>Whether the step changes anything.</summary>
    public bool IsWrite => Writes > 0;

    /// <summary>The approval link of the relationship, once it has an id.</summary>
    public Uri? ApprovalLink => Relationship is { } r ? r.ApprovalLink : null;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Symbol(Kind)).Append(' ');
        text.Append(Kind switch
        {
            PlanStepKind.CreateRelationship => $"create relationship \"{RelationshipName}\" ({DescribeRequest()}), lock it for approval and report the approval link",
            PlanStepKind.RenewRelationship => $"renew: create relationship \"{RelationshipName}\" ({DescribeRequest()}) and lock it for approval",
            PlanStepKind.UpdateRelationship => $"update relationship \"{RelationshipName}\" to match the template",
            PlanStepKind.LockForApproval => $"lock relationship \"{RelationshipName}\" for approval and report the approval link",
            PlanStepKind.RemoveGlobalAdministrator => $"remove Global Administrator from \"{RelationshipName}\"",
            PlanStepKind.SetAutoExtend => $"turn auto-extend {(Update?.AutoExtendDuration > NodaTime.Duration.Zero ? "on" : "off")} for \"{RelationshipName}\"",
            PlanStepKind.CreateAssignment => $"give group {SecurityGroupId} {DescribeRoles(Roles)} in \"{RelationshipName}\"",
            PlanStepKind.UpdateAssignment => $"change group {SecurityGroupId} from {DescribeRoles(Assignment?.Roles)} to {DescribeRoles(Roles)} in \"{RelationshipName}\"",
            PlanStepKind.DeleteAssignment => $"remove group {SecurityGroupId}'s assignment from \"{RelationshipName}\"",
            PlanStepKind.TerminateRelationship => $"terminate relationship \"{RelationshipName}\"",
            PlanStepKind.DeleteRelationship => $"delete relationship \"{RelationshipName}\" (never locked)",
            PlanStepKind.AwaitApproval => $"\"{RelationshipName}\" awaits the customer's approval: {ApprovalLink}",
            PlanStepKind.AwaitService => $"\"{RelationshipName}\": waiting for the service",
            PlanStepKind.Note => $"\"{RelationshipName}\": note",
            PlanStepKind.ReplaceRelationship => $"replace \"{Replaces?.DisplayName}\": create relationship \"{RelationshipName}\" ({DescribeRequest()}) and lock it for approval",
            PlanStepKind.TerminateReplacedRelationship => $"terminate relationship \"{RelationshipName}\", replaced by \"{ReplacedBy?.DisplayName}\"",
            _ => Kind.ToString(),
        });
        if (Reason is not null)
        {
            text.Append(" (").Append(Reason).Append(')');
        }

        return text.ToString();
    }

    private static char Symbol(PlanStepKind kind) => kind switch
    {
        PlanStepKind.CreateRelationship or PlanStepKind.RenewRelationship or PlanStepKind.ReplaceRelationship or PlanStepKind.CreateAssignment => '+',
        PlanStepKind.TerminateRelationship or PlanStepKind.TerminateReplacedRelationship or PlanStepKind.DeleteRelationship or PlanStepKind.DeleteAssignment or PlanStepKind.RemoveGlobalAdministrator => '-',
        PlanStepKind.AwaitApproval or PlanStepKind.AwaitService => '…',
        PlanStepKind.Note => 'i',
        _ => '~',
    };

    private string DescribeRequest() => Create is { } c
        ? string.Create(CultureInfo.InvariantCulture, $"{c.Roles.Count} role(s), {GdapDurations.Format(c.Duration)}, auto-extend {(c.AutoExtendDuration > NodaTime.Duration.Zero ? "on" : "off")}")
        : string.Empty;

    private static string DescribeRoles(IReadOnlyList<RoleGrant>? roles) =>
        roles is null ? "no roles" : "[" + string.Join(", ", roles.Select(r => r.Name)) + "]";
}
