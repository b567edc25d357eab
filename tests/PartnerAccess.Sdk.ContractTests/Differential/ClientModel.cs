using System.Globalization;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.ContractTests.Differential;

/// <summary>
/// Runs steps against one implementation and describes, in text, everything a caller can observe: each step's outcome
/// (success, or the error code and rule codes) and, at the end, every relationship and access assignment.
/// </summary>
public sealed class ClientModel(IPartnerAccessClient client, Func<string, CustomerParticipant, Task<bool>> approve, Func<Duration, Task> advance)
{
    public static readonly CustomerParticipant Customer = new("4b827261-d21f-4aa9-b7db-7fa1f56fb163", "Contoso");

    private readonly List<string> _relationships = [];
    private readonly Dictionary<string, List<string>> _assignments = [];

    /// <summary>Whether rule codes are part of what is compared (the Graph client derives them from plain 400s by re-reading).</summary>
    public bool IncludeRuleCodes { get; init; } = true;

    public async Task<string> RunAsync(Step step)
    {
        try
        {
            return await ExecuteAsync(step);
        }
        catch (PartnerAccessException error)
        {
            var rules = IncludeRuleCodes ? string.Join(",", error.Violations.Select(v => v.Code).Distinct().Order(StringComparer.Ordinal)) : "-";
            return $"{error.ErrorCode}[{rules}]";
        }
    }

    public async Task<string> DescribeAsync()
    {
        var lines = new List<string>();
        for (var i = 0; i < _relationships.Count; i++)
        {
            Relationship relationship;
            try
            {
                relationship = await client.GetRelationshipAsync(_relationships[i]);
            }
            catch (PartnerAccessException error) when (error.ErrorCode == PartnerAccessErrorCode.NotFound)
            {
                lines.Add($"r{i}: gone");
                continue;
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"r{i}: {relationship.Status} '{relationship.DisplayName}' {GdapDurations.Format(relationship.Window.Length)} auto={GdapDurations.Format(relationship.Window.AutoExtendDuration)} roles={Roles(relationship.Roles)} customer={relationship.Customer?.TenantId ?? "-"} ends={relationship.EndsAt?.ToString() ?? "-"}"));
            if (_assignments.TryGetValue(relationship.Id, out var assignments))
            {
                var listed = await client.ListAccessAssignmentsAsync(relationship.Id).ToListAsync();
                for (var a = 0; a < assignments.Count; a++)
                {
                    var assignment = listed.Find(x => x.Id == assignments[a]);
                    lines.Add(assignment is null ? $"  a{a}: not listed" : $"  a{a}: {assignment.Status} {Roles(assignment.Roles)}");
                }
            }
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Roles(IEnumerable<RoleGrant> roles) => string.Join("+", roles.Select(r => r.Name).Order(StringComparer.Ordinal));

    private async Task<string> ExecuteAsync(Step step)
    {
        switch (step)
        {
            case Step.Create create:
                var created = await client.CreateRelationshipAsync(new CreateRelationshipRequest
                {
                    DisplayName = $"Contoso {create.Name}",
                    Duration = Duration.FromDays(Step.Days[create.DaysIndex]),
                    Roles = Step.RoleSets[create.RoleSet],
                    Customer = create.WithCustomer ? Customer : null,
                    AutoExtendDuration = create.AutoExtend ? GdapDurations.AutoExtendPeriod : Duration.Zero,
                });
                _relationships.Add(created.Id);
                return $"created {created.Status}";

            case Step.Update update when Pick(update.Relationship) is { } id:
                var current = await client.GetRelationshipAsync(id);
                var outcome = await client.UpdateRelationshipAsync(current, update.Kind switch
                {
                    UpdateKind.DisplayName => new RelationshipUpdate { DisplayName = $"Contoso {update.Value}" },
                    UpdateKind.Duration => new RelationshipUpdate { Duration = Duration.FromDays(Step.Days[update.Value % Step.Days.Length]) },
                    UpdateKind.AutoExtend => new RelationshipUpdate { AutoExtendDuration = update.Value % 2 == 0 ? GdapDurations.AutoExtendPeriod : Duration.Zero },
                    _ => new RelationshipUpdate { Roles = Step.RoleSets[update.Value % Step.RoleSets.Length] },
                });
                return outcome.Operation is null ? "updated" : "update accepted";

            case Step.Lock lockStep when Pick(lockStep.Relationship) is { } id:
                return $"lock {(await client.LockForApprovalAsync(id)).Action}";

            case Step.Approve approveStep when Pick(approveStep.Relationship) is { } id:
                // The customer's side answers in its own way on each implementation, so only whether it worked counts.
                return await approve(id, Customer) ? "approved" : "approval refused";

            case Step.Onboard onboard when Pick(onboard.Relationship) is { } id:
                var locked = await RunAsync(new Step.Lock(onboard.Relationship));
                return $"{locked}; {(await approve(id, Customer) ? "approved" : "approval refused")}";

            case Step.Assign assign when Pick(assign.Relationship) is { } id:
                var assignment = await client.CreateAccessAssignmentAsync(id, new CreateAccessAssignmentRequest
                {
                    SecurityGroupId = Step.Groups[assign.Group],
                    Roles = Step.RoleSets[assign.RoleSet],
                });
                Assignments(id).Add(assignment.Id);
                return $"assigned {assignment.Status}";

            case Step.UpdateAssignment change when PickAssignment(change.Relationship, change.Assignment) is { } ids:
                var before = await client.GetAccessAssignmentAsync(ids.Relationship, ids.Assignment);
                var changed = await client.UpdateAccessAssignmentAsync(before, Step.RoleSets[change.RoleSet]);
                return changed.Operation is null ? "assignment updated" : "assignment update accepted";

            case Step.DeleteAssignment remove when PickAssignment(remove.Relationship, remove.Assignment) is { } ids:
                await client.DeleteAccessAssignmentAsync(await client.GetAccessAssignmentAsync(ids.Relationship, ids.Assignment));
                return "assignment deleted";

            case Step.Delete delete when Pick(delete.Relationship) is { } id:
                await client.DeleteRelationshipAsync(await client.GetRelationshipAsync(id));
                return "deleted";

            case Step.Terminate terminate when Pick(terminate.Relationship) is { } id:
                return $"terminate {(await client.TerminateRelationshipAsync(id)).Action}";

            case Step.Advance by:
                await advance(Step.Advances[by.By]);
                return "advanced";

            default:
                return "nothing to act on";
        }
    }

    private string? Pick(int index) => _relationships.Count == 0 ? null : _relationships[index % _relationships.Count];

    private (string Relationship, string Assignment)? PickAssignment(int relationship, int assignment) =>
        Pick(relationship) is { } id && _assignments.TryGetValue(id, out var list) && list.Count > 0
            ? (id, list[assignment % list.Count])
            : null;

    private List<string> Assignments(string relationshipId)
    {
        if (!_assignments.TryGetValue(relationshipId, out var list))
        {
            _assignments[relationshipId] = list = [];
        }

        return list;
    }
}
