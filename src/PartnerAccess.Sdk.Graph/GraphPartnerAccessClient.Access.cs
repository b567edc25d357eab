using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.Graph.Wire.Json;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Graph;

public sealed partial class GraphPartnerAccessClient
{
    private async Task<AccessAssignment> CreateAccessAssignmentCoreAsync(string relationshipId, CreateAccessAssignmentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        GdapRules.ThrowIfAny(_rules.ValidateRelationshipId(relationshipId));

        // The rules need the relationship (status, roles) and the group's current assignment.
        var relationship = await GetRelationshipCoreAsync(relationshipId, cancellationToken).ConfigureAwait(false);
        var sameGroup = Guid.TryParse(request.SecurityGroupId, out _)
            ? await FindAssignmentsOfGroupAsync(relationshipId, request.SecurityGroupId, cancellationToken).ConfigureAwait(false)
            : [];
        // The state-aware path owns the rule check and the create-once logic.
        return await CreateAccessAssignmentCoreAsync(relationship, request, sameGroup, cancellationToken).ConfigureAwait(false);
    }

    private Task<AccessAssignment> GetAccessAssignmentCoreAsync(string relationshipId, string accessAssignmentId, CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(_rules.ValidateRelationshipId(relationshipId));
        ArgumentException.ThrowIfNullOrWhiteSpace(accessAssignmentId);
        return WithConsistencyRetryAsync(accessAssignmentId, async ct =>
        {
            var request = _itemGets.AccessAssignment(relationshipId, accessAssignmentId);
            return await GetJsonAsync("reading access assignment", accessAssignmentId, request, GraphJsonReader.AccessAssignmentReader(relationshipId), ct).ConfigureAwait(false)
                ?? throw new PartnerAccessException(PartnerAccessErrorCode.NotFound, $"Access assignment '{accessAssignmentId}' was not found.");
        }, cancellationToken);
    }

    private async IAsyncEnumerable<AccessAssignment> ListAccessAssignmentsCoreAsync(string relationshipId, AccessAssignmentQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(_rules.ValidateRelationshipId(relationshipId));
        await foreach (var assignment in QueryAssignmentsAsync(relationshipId, query, cancellationToken).ConfigureAwait(false))
        {
            yield return assignment;
        }
    }

    /// <summary>
    /// The assignments that match a query. Graph filters what it can; the rest is applied here. Graph does not document
    /// a filter on accessContainer/accessContainerId: once it refuses one, this client filters by group on its side.
    /// </summary>
    private async IAsyncEnumerable<AccessAssignment> QueryAssignmentsAsync(string relationshipId, AccessAssignmentQuery? query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var byGroup = query?.SecurityGroupId is { Length: > 0 } && !_groupFilterUnsupported;
        var assignments = PageAssignmentsAsync(relationshipId, ODataFilter.ForAccessAssignments(query, byGroup), cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool more;
        try
        {
            more = await assignments.MoveNextAsync().ConfigureAwait(false);
        }
        catch (PartnerAccessException exception) when (byGroup && exception.Status == 400)
        {
            await assignments.DisposeAsync().ConfigureAwait(false);
            _groupFilterUnsupported = true;
            LogGroupFilterUnsupported(_logger, exception.Message);
            assignments = PageAssignmentsAsync(relationshipId, ODataFilter.ForAccessAssignments(query, includeGroup: false), cancellationToken).GetAsyncEnumerator(cancellationToken);
            more = await assignments.MoveNextAsync().ConfigureAwait(false);
        }

        try
        {
            for (; more; more = await assignments.MoveNextAsync().ConfigureAwait(false))
            {
                if (query is null || query.Matches(assignments.Current))
                {
                    yield return assignments.Current;
                }
            }
        }
        finally
        {
            await assignments.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<UpdateOutcome<AccessAssignment>> UpdateAccessAssignmentCoreAsync(AccessAssignment accessAssignment, IReadOnlyList<RoleGrant> roles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accessAssignment);
        ArgumentNullException.ThrowIfNull(roles);
        var relationshipId = accessAssignment.RelationshipId;
        ThrowIfAny(_rules.ValidateRelationshipId(relationshipId), RequireETag(accessAssignment.ETag, "access assignment"));
        // The assignment was given as last read; its relationship's status and roles were not, so they are read once.
        var relationship = await GetRelationshipCoreAsync(relationshipId, cancellationToken).ConfigureAwait(false);
        GdapRules.ThrowIfAny(_rules.ValidateUpdateAssignment(relationship, accessAssignment, roles));

        var id = accessAssignment.Id;
        var what = $"updating access assignment {id}";
        return await ChangeOnceAsync(
            what,
            async ct =>
            {
                var body = GraphModelMapper.ToUpdateBody(roles);
                var inspection = InspectResponseHeaders();
                var result = await CallAsync(HttpMethod.Patch, what,
                    c => Graph.TenantRelationships.DelegatedAdminRelationships[relationshipId].AccessAssignments[id].PatchAsync(body, rc =>
                    {
                        rc.Headers.Add("If-Match", accessAssignment.ETag.Value);
                        rc.Options.Add(inspection);
                    }, c),
                    ct).ConfigureAwait(false);

                if (OperationIdFromLocation(ReadHeader(inspection, "Location")) is { } operationId)
                {
                    return await FollowOperationAsync<AccessAssignment>(relationshipId, operationId, RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate, inspection, ct).ConfigureAwait(false);
                }

                var value = result?.Id is not null
                    ? GraphModelMapper.ToAccessAssignment(result, relationshipId)
                    : await GetAccessAssignmentCoreAsync(relationshipId, id, ct).ConfigureAwait(false);
                return new UpdateOutcome<AccessAssignment> { Value = value };
            },
            async ct =>
            {
                var fresh = await GetAccessAssignmentCoreAsync(relationshipId, id, ct).ConfigureAwait(false);
                if (GdapRules.SameRoles(fresh.Roles, roles))
                {
                    return (ChangeState.Applied, new UpdateOutcome<AccessAssignment> { Value = fresh });
                }

                // A role change runs in the background: the assignment keeps its old roles until the operation ends.
                if (await RunningOperationAsync(relationshipId, RelationshipOperationType.DelegatedAdminAccessAssignmentUpdate, accessAssignment.LastModifiedAt, ct).ConfigureAwait(false) is { } running)
                {
                    return (ChangeState.Applied, new UpdateOutcome<AccessAssignment> { Operation = running });
                }

                return (fresh.ETag == accessAssignment.ETag ? ChangeState.NotApplied : ChangeState.Moved, null);
            },
            async ct =>
            {
                var freshRelationship = await GetRelationshipCoreAsync(relationshipId, ct).ConfigureAwait(false);
                var fresh = await GetAccessAssignmentCoreAsync(relationshipId, id, ct).ConfigureAwait(false);
                var violations = new List<RuleViolation>(_rules.ValidateETag(fresh.ETag, accessAssignment.ETag));
                violations.AddRange(_rules.ValidateUpdateAssignment(freshRelationship, fresh, roles));
                return violations;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAccessAssignmentCoreAsync(AccessAssignment accessAssignment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accessAssignment);
        var relationshipId = accessAssignment.RelationshipId;
        ThrowIfAny(
            _rules.ValidateRelationshipId(relationshipId),
            _rules.ValidateDeleteAssignment(accessAssignment),
            RequireETag(accessAssignment.ETag, "access assignment"));
        var id = accessAssignment.Id;
        var what = $"deleting access assignment {id}";
        await ChangeOnceAsync(
            what,
            async ct =>
            {
                await CallAsync(HttpMethod.Delete, what,
                    c => Graph.TenantRelationships.DelegatedAdminRelationships[relationshipId].AccessAssignments[id].DeleteAsync(rc => rc.Headers.Add("If-Match", accessAssignment.ETag.Value), c), ct).ConfigureAwait(false);
                return true;
            },
            async ct =>
            {
                try
                {
                    var fresh = await GetAccessAssignmentCoreAsync(relationshipId, id, ct).ConfigureAwait(false);
                    return fresh.Status is AccessAssignmentStatus.Deleting or AccessAssignmentStatus.Deleted
                        ? (ChangeState.Applied, true)
                        : (fresh.ETag == accessAssignment.ETag ? ChangeState.NotApplied : ChangeState.Moved, false);
                }
                catch (PartnerAccessException exception) when (exception.ErrorCode == PartnerAccessErrorCode.NotFound)
                {
                    return (ChangeState.Applied, true);
                }
            },
            async ct =>
            {
                var fresh = await GetAccessAssignmentCoreAsync(relationshipId, id, ct).ConfigureAwait(false);
                var violations = new List<RuleViolation>(_rules.ValidateETag(fresh.ETag, accessAssignment.ETag));
                violations.AddRange(_rules.ValidateDeleteAssignment(fresh));
                return violations;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private Task<RelationshipOperation> GetOperationCoreAsync(string relationshipId, string operationId, CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(_rules.ValidateRelationshipId(relationshipId));
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        return WithConsistencyRetryAsync(operationId, async ct =>
        {
            var request = _itemGets.Operation(relationshipId, operationId);
            return await GetJsonAsync("reading operation", operationId, request, GraphJsonReader.OperationReader(relationshipId), ct).ConfigureAwait(false)
                ?? throw new PartnerAccessException(PartnerAccessErrorCode.NotFound, $"Operation '{operationId}' was not found.");
        }, cancellationToken);
    }

    private async IAsyncEnumerable<RelationshipOperation> ListOperationsCoreAsync(string relationshipId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(_rules.ValidateRelationshipId(relationshipId));
        var builder = Graph.TenantRelationships.DelegatedAdminRelationships[relationshipId].Operations;
        var operations = new List<RelationshipOperation>();
        var pages = StreamPagesAsync(
            $"listing operations of relationship {relationshipId}",
            builder.ToGetRequestInformation(rc => rc.QueryParameters.Top = _pageSize),
            link => builder.WithUrl(link).ToGetRequestInformation(),
            GraphJsonReader.OperationReader(relationshipId),
            cancellationToken);

        // Operations are few per relationship; they are gathered to hand them out oldest first, as documented.
        await foreach (var operation in pages.ConfigureAwait(false))
        {
            operations.Add(operation);
        }

        foreach (var operation in operations.OrderBy(o => o.CreatedAt))
        {
            yield return operation;
        }
    }

    private IAsyncEnumerable<DelegatedAdminCustomer> ListCustomersCoreAsync(CancellationToken cancellationToken = default)
    {
        var builder = Graph.TenantRelationships.DelegatedAdminCustomers;
        return PageAsync(
            "listing customers",
            ct => builder.GetAsync(rc => rc.QueryParameters.Top = _pageSize, ct),
            (link, ct) => builder.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.Value,
            GraphModelMapper.ToCustomer,
            cancellationToken);
    }

    // An iterator, so a bad argument surfaces on enumeration like every other list's, never at the call.
    private async IAsyncEnumerable<ServiceManagementDetail> ListServiceManagementDetailsCoreAsync(string customerId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);

        // This endpoint takes no OData query options, so no $top.
        var builder = Graph.TenantRelationships.DelegatedAdminCustomers[customerId].ServiceManagementDetails;
        var pages = PageAsync(
            $"listing service management details of customer {customerId}",
            ct => builder.GetAsync(cancellationToken: ct),
            (link, ct) => builder.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.Value,
            GraphModelMapper.ToServiceManagementDetail,
            cancellationToken);
        await foreach (var detail in pages.ConfigureAwait(false))
        {
            yield return detail;
        }
    }

    private IAsyncEnumerable<AccessAssignment> PageAssignmentsAsync(string relationshipId, string? filter, CancellationToken cancellationToken)
    {
        var builder = Graph.TenantRelationships.DelegatedAdminRelationships[relationshipId].AccessAssignments;
        return StreamPagesAsync(
            $"listing access assignments of relationship {relationshipId}",
            builder.ToGetRequestInformation(rc =>
            {
                rc.QueryParameters.Top = _pageSize;
                rc.QueryParameters.Filter = filter;
            }),
            link => builder.WithUrl(link).ToGetRequestInformation(),
            GraphJsonReader.AccessAssignmentReader(relationshipId),
            cancellationToken);
    }

    private async Task<IReadOnlyList<AccessAssignment>> FindAssignmentsOfGroupAsync(string relationshipId, string securityGroupId, CancellationToken cancellationToken)
    {
        var query = new AccessAssignmentQuery { SecurityGroupId = securityGroupId };
        var found = new List<AccessAssignment>();
        await foreach (var assignment in QueryAssignmentsAsync(relationshipId, query, cancellationToken).ConfigureAwait(false))
        {
            found.Add(assignment);
        }

        return found;
    }

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Graph refused the filter on accessContainer/accessContainerId ({Reason}); this client now filters access assignments by group on its side.")]
    private static partial void LogGroupFilterUnsupported(ILogger logger, string reason);
}
