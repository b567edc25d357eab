using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Groups;
using PartnerAccess.Sdk.Lifecycle;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Groups;

/// <summary>What a <see cref="GroupHealthFinding"/> is about.</summary>
public enum GroupHealthFindingKind
{
    /// <summary>An access assignment gives roles to a security group that no longer exists ("access container does not exist").</summary>
    AccessContainerMissing = 0,

    /// <summary>A security group that receives roles, or that a template slot names, has no members.</summary>
    GroupEmpty,

    /// <summary>A template slot's group receives other roles than the slot gives it.</summary>
    RolesDiffer,
}

/// <summary>One problem with the partner's security groups.</summary>
public sealed record GroupHealthFinding
{
    /// <summary>What the problem is.</summary>
    public required GroupHealthFindingKind Kind { get; init; }

    /// <summary>The security group.</summary>
    public required string SecurityGroupId { get; init; }

    /// <summary>The group's display name, when it exists.</summary>
    public string? GroupName { get; init; }

    /// <summary>The relationship of the assignment concerned, if any.</summary>
    public Relationship? Relationship { get; init; }

    /// <summary>The access assignment concerned, if any.</summary>
    public AccessAssignment? Assignment { get; init; }

    /// <summary>The template whose slot names the group, for <see cref="GroupHealthFindingKind.RolesDiffer"/>.</summary>
    public string? TemplateName { get; init; }

    /// <summary>The roles the slot gives, for <see cref="GroupHealthFindingKind.RolesDiffer"/>.</summary>
    public IReadOnlyList<RoleGrant>? ExpectedRoles { get; init; }

    /// <summary>A sentence for people.</summary>
    public required string Message { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Message}";
}

/// <summary>
/// Checks the partner's security groups against the access that uses them: assignments whose group was deleted (the
/// access reaches nobody, and the service reports "access container does not exist"), groups with no members, and
/// template slots whose group receives other roles than the slot says. Reads only.
/// </summary>
public sealed class GroupHealthCheck
{
    private readonly IPartnerAccessClient _client;
    private readonly IPartnerGroups _groups;

    /// <summary>Creates a check.</summary>
    /// <param name="client">The GDAP client.</param>
    /// <param name="groups">The partner's groups.</param>
    public GroupHealthCheck(IPartnerAccessClient client, IPartnerGroups groups)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(groups);
        _client = client;
        _groups = groups;
    }

    /// <summary>Checks every active relationship's assignments and, when given, every bound slot of the desired state's templates.</summary>
    /// <param name="desired">The templates and customers to compare roles against; only the assignment and member checks run when <see langword="null"/>.</param>
    /// <param name="customerTenantId">Only this customer's relationships; all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>Every finding, grouped by kind.</returns>
    public async Task<IReadOnlyList<GroupHealthFinding>> CheckAsync(DesiredState? desired = null, string? customerTenantId = null, CancellationToken cancellationToken = default)
    {
        var facts = new GroupFacts(_groups);
        var missing = new List<GroupHealthFinding>();
        var differ = new List<GroupHealthFinding>();
        var inUse = new Dictionary<string, Relationship?>(StringComparer.OrdinalIgnoreCase);
        var matcher = desired is null ? null : new RelationshipMatcher(desired);
        var query = customerTenantId is null ? null : new RelationshipQuery { CustomerTenantId = customerTenantId };
        var active = new List<Relationship>();
        await foreach (var relationship in _client.ListRelationshipsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (relationship.Status == RelationshipStatus.Active)
            {
                active.Add(relationship);
            }
        }

        foreach (var relationship in active)
        {
            var assignments = new List<AccessAssignment>();
            await foreach (var assignment in _client.ListAccessAssignmentsAsync(relationship.Id, null, cancellationToken).ConfigureAwait(false))
            {
                if (assignment.Status is not (AccessAssignmentStatus.Deleted or AccessAssignmentStatus.Deleting))
                {
                    assignments.Add(assignment);
                }
            }

            foreach (var assignment in assignments)
            {
                inUse.TryAdd(assignment.SecurityGroupId, relationship);
                var fact = await facts.ReadAsync(assignment.SecurityGroupId, cancellationToken).ConfigureAwait(false);
                if (fact is { Exists: false })
                {
                    missing.Add(new GroupHealthFinding
                    {
                        Kind = GroupHealthFindingKind.AccessContainerMissing,
                        SecurityGroupId = assignment.SecurityGroupId,
                        Relationship = relationship,
                        Assignment = assignment,
                        Message = $"'{relationship.DisplayName}' gives {string.Join(", ", assignment.Roles.Select(r => r.Name))} to security group {assignment.SecurityGroupId}, which no longer exists.",
                    });
                }
            }

            if (matcher?.Match(relationship) is { } match)
            {
                foreach (var slot in match.Template.Groups.Where(g => g.SecurityGroupId is not null))
                {
                    var current = assignments.FirstOrDefault(a => string.Equals(a.SecurityGroupId, slot.SecurityGroupId, StringComparison.OrdinalIgnoreCase));
                    if (current is not null && !current.Roles.Select(r => r.RoleDefinitionId).ToHashSet().SetEquals(slot.Roles.Select(r => r.RoleDefinitionId)))
                    {
                        var name = (await facts.ReadAsync(slot.SecurityGroupId!, cancellationToken).ConfigureAwait(false))?.Name;
                        differ.Add(new GroupHealthFinding
                        {
                            Kind = GroupHealthFindingKind.RolesDiffer,
                            SecurityGroupId = slot.SecurityGroupId!,
                            GroupName = name,
                            Relationship = relationship,
                            Assignment = current,
                            TemplateName = match.Template.Name,
                            ExpectedRoles = slot.Roles,
                            Message = $"'{relationship.DisplayName}': group '{name ?? slot.Label ?? slot.SecurityGroupId}' receives {string.Join(", ", current.Roles.Select(r => r.Name))}; template '{match.Template.Name}' gives it {string.Join(", ", slot.Roles.Select(r => r.Name))}.",
                        });
                    }
                }
            }
        }

        foreach (var slotGroup in desired?.Templates.SelectMany(t => t.Groups).Select(g => g.SecurityGroupId).OfType<string>() ?? [])
        {
            inUse.TryAdd(slotGroup, null);
        }

        var empty = new List<GroupHealthFinding>();
        foreach (var groupId in inUse.Keys.Order(StringComparer.OrdinalIgnoreCase))
        {
            if (await facts.ReadAsync(groupId, cancellationToken).ConfigureAwait(false) is { Exists: true, Members: 0 } fact)
            {
                empty.Add(new GroupHealthFinding
                {
                    Kind = GroupHealthFindingKind.GroupEmpty,
                    SecurityGroupId = groupId,
                    GroupName = fact.Name,
                    Relationship = inUse[groupId],
                    Message = $"Security group '{fact.Name}' ({groupId}) has no members, so the roles it receives reach nobody.",
                });
            }
        }

        return [.. missing, .. empty, .. differ];
    }
}
