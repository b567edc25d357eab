using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using NodaTime;
using PartnerAccess.Sdk.Graph.Resilience;
using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.Graph.Wire.Json;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using DomainRequestAction = PartnerAccess.Sdk.Relationships.RelationshipRequestAction;
using DomainRequestStatus = PartnerAccess.Sdk.Relationships.RelationshipRequestStatus;

namespace PartnerAccess.Sdk.Graph;

public sealed partial class GraphPartnerAccessClient
{
    private async Task<Relationship> CreateRelationshipCoreAsync(CreateRelationshipRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        GdapRules.ThrowIfAny(_rules.ValidateCreate(request));
        var what = $"creating relationship '{request.DisplayName}'";
        var created = await CreateOnceAsync(
            what,
            // A fresh body per attempt: a Kiota model serializes only changed values the second time, which is nothing.
            ct => Graph.TenantRelationships.DelegatedAdminRelationships.PostAsync(GraphModelMapper.ToCreateBody(request), cancellationToken: ct),
            GraphModelMapper.ToRelationship,
            ct => FindRelationshipByDisplayNameAsync(request.DisplayName, ct),
            existing => IsSameRelationship(existing, request),
            existing => $"A relationship named '{request.DisplayName}' already exists ({existing.Id}) with different settings; it was not created again.",
            async ct => _rules.ValidateDisplayNameUnique(request.DisplayName, await SameNameAsync(request.DisplayName, ct).ConfigureAwait(false)),
            cancellationToken).ConfigureAwait(false);
        RememberCreated(created.Id);
        return created;
    }

    private Task<Relationship> GetRelationshipCoreAsync(string relationshipId, CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(_rules.ValidateRelationshipId(relationshipId));
        return WithConsistencyRetryAsync(relationshipId, async ct =>
        {
            var request = _itemGets.Relationship(relationshipId);
            return await GetJsonAsync("reading relationship", relationshipId, request, GraphJsonReader.ReadRelationship, ct).ConfigureAwait(false)
                ?? throw new PartnerAccessException(PartnerAccessErrorCode.NotFound, $"Relationship '{relationshipId}' was not found.");
        }, cancellationToken);
    }

    private async IAsyncEnumerable<Relationship> ListRelationshipsCoreAsync(RelationshipQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var byCustomer = query?.CustomerTenantId is { Length: > 0 } && !_customerFilterUnsupported;
        var relationships = PageRelationshipsAsync(ODataFilter.ForRelationships(query, byCustomer), cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool more;
        try
        {
            more = await relationships.MoveNextAsync().ConfigureAwait(false);
        }
        catch (PartnerAccessException exception) when (byCustomer && exception.Status == 400)
        {
            // Graph does not document a filter on customer/tenantId; once refused, this client filters on its side.
            await relationships.DisposeAsync().ConfigureAwait(false);
            _customerFilterUnsupported = true;
            LogCustomerFilterUnsupported(_logger, exception.Message);
            relationships = PageRelationshipsAsync(ODataFilter.ForRelationships(query, includeCustomer: false), cancellationToken).GetAsyncEnumerator(cancellationToken);
            more = await relationships.MoveNextAsync().ConfigureAwait(false);
        }

        try
        {
            for (; more; more = await relationships.MoveNextAsync().ConfigureAwait(false))
            {
                // Graph filters what it can; the rest (several statuses, the expiry window, perhaps the customer) is applied here.
                if (query is null || query.Matches(relationships.Current, Now()))
                {
                    yield return relationships.Current;
                }
            }
        }
        finally
        {
            await relationships.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IAsyncEnumerable<Relationship> PageRelationshipsAsync(string? filter, CancellationToken cancellationToken)
    {
        var builder = Graph.TenantRelationships.DelegatedAdminRelationships;
        return StreamPagesAsync(
            "listing relationships",
            builder.ToGetRequestInformation(rc =>
            {
                rc.QueryParameters.Top = _pageSize;
                rc.QueryParameters.Filter = filter;
            }),
            link => builder.WithUrl(link).ToGetRequestInformation(),
            GraphJsonReader.ReadRelationship,
            cancellationToken);
    }

    private async Task<UpdateOutcome<Relationship>> UpdateRelationshipCoreAsync(Relationship relationship, RelationshipUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        ArgumentNullException.ThrowIfNull(update);
        ThrowIfAny(
            _rules.ValidateRelationshipId(relationship.Id),
            _rules.ValidateUpdate(relationship, update),
            RequireETag(relationship.ETag, "relationship"));
        var id = relationship.Id;
        var what = $"updating relationship {id}";
        return await ChangeOnceAsync(
            what,
            async ct =>
            {
                // A fresh body per attempt: a Kiota model serializes only changed values the second time, which is nothing.
                var body = GraphModelMapper.ToUpdateBody(update);
                var inspection = InspectResponseHeaders();
                var result = await CallAsync(HttpMethod.Patch, what, c => Graph.TenantRelationships.DelegatedAdminRelationships[id].PatchAsync(body, rc =>
                {
                    rc.Headers.Add("If-Match", relationship.ETag.Value);
                    rc.Options.Add(inspection);
                }, c), ct).ConfigureAwait(false);

                if (OperationIdFromLocation(ReadHeader(inspection, "Location")) is { } operationId)
                {
                    return await FollowOperationAsync<Relationship>(id, operationId, RelationshipOperationType.DelegatedAdminRelationshipUpdate, inspection, ct).ConfigureAwait(false);
                }

                var value = result?.Id is not null ? GraphModelMapper.ToRelationship(result) : await GetRelationshipCoreAsync(id, ct).ConfigureAwait(false);
                return new UpdateOutcome<Relationship> { Value = value };
            },
            async ct =>
            {
                var fresh = await GetRelationshipCoreAsync(id, ct).ConfigureAwait(false);
                if (IsApplied(fresh, update))
                {
                    return (ChangeState.Applied, new UpdateOutcome<Relationship> { Value = fresh });
                }

                // Removing Global Administrator from an active relationship runs in the background.
                if (relationship.Status == Relationships.RelationshipStatus.Active && update.Roles is not null &&
                    await RunningOperationAsync(id, RelationshipOperationType.DelegatedAdminRelationshipUpdate, relationship.LastModifiedAt, ct).ConfigureAwait(false) is { } running)
                {
                    return (ChangeState.Applied, new UpdateOutcome<Relationship> { Operation = running });
                }

                return (fresh.ETag == relationship.ETag ? ChangeState.NotApplied : ChangeState.Moved, null);
            },
            async ct =>
            {
                var fresh = await GetRelationshipCoreAsync(id, ct).ConfigureAwait(false);
                var violations = new List<RuleViolation>(_rules.ValidateETag(fresh.ETag, relationship.ETag));
                violations.AddRange(_rules.ValidateUpdate(fresh, update));
                if (update.DisplayName is { } name && !GdapRules.DisplayNameComparer.Equals(name, fresh.DisplayName))
                {
                    violations.AddRange(_rules.ValidateDisplayNameUnique(name, await SameNameAsync(name, ct).ConfigureAwait(false), id));
                }

                return violations;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteRelationshipCoreAsync(Relationship relationship, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        ThrowIfAny(
            _rules.ValidateRelationshipId(relationship.Id),
            _rules.ValidateDelete(relationship),
            RequireETag(relationship.ETag, "relationship"));
        var id = relationship.Id;
        var what = $"deleting relationship {id}";
        await ChangeOnceAsync(
            what,
            async ct =>
            {
                await CallAsync(HttpMethod.Delete, what,
                    c => Graph.TenantRelationships.DelegatedAdminRelationships[id].DeleteAsync(rc => rc.Headers.Add("If-Match", relationship.ETag.Value), c), ct).ConfigureAwait(false);
                return true;
            },
            async ct =>
            {
                // A 404 now means it is gone, not replication lag.
                ForgetCreated(id);
                try
                {
                    var fresh = await GetRelationshipCoreAsync(id, ct).ConfigureAwait(false);
                    return (fresh.ETag == relationship.ETag ? ChangeState.NotApplied : ChangeState.Moved, false);
                }
                catch (PartnerAccessException exception) when (exception.ErrorCode == PartnerAccessErrorCode.NotFound)
                {
                    return (ChangeState.Applied, true);
                }
            },
            async ct =>
            {
                var fresh = await GetRelationshipCoreAsync(id, ct).ConfigureAwait(false);
                var violations = new List<RuleViolation>(_rules.ValidateETag(fresh.ETag, relationship.ETag));
                violations.AddRange(_rules.ValidateDelete(fresh));
                return violations;
            },
            cancellationToken).ConfigureAwait(false);
        ForgetCreated(id);
    }

    private Task<RelationshipRequest> LockForApprovalCoreAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(relationshipId, DomainRequestAction.LockForApproval, cancellationToken);

    private Task<RelationshipRequest> TerminateRelationshipCoreAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        SendRequestAsync(relationshipId, DomainRequestAction.Terminate, cancellationToken);

    private async IAsyncEnumerable<RelationshipRequest> ListRequestsCoreAsync(string relationshipId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(_rules.ValidateRelationshipId(relationshipId));

        // Requests are few per relationship; they are gathered to hand them out oldest first, as documented.
        var requests = new List<RelationshipRequest>();
        await foreach (var request in PageRequestsAsync(relationshipId, cancellationToken).ConfigureAwait(false))
        {
            requests.Add(request);
        }

        foreach (var request in requests.OrderBy(r => r.CreatedAt))
        {
            yield return request;
        }
    }

    // Whether a relationship shows every field a PATCH set.
    private static bool IsApplied(Relationship fresh, RelationshipUpdate update) =>
        (update.DisplayName is null || GdapRules.DisplayNameComparer.Equals(fresh.DisplayName, update.DisplayName)) &&
        (update.Duration is null || fresh.Window.Length == update.Duration) &&
        (update.AutoExtendDuration is null || fresh.Window.AutoExtendDuration == update.AutoExtendDuration) &&
        (update.Roles is null || GdapRules.SameRoles(fresh.Roles, update.Roles)) &&
        (update.Customer is null || string.Equals(fresh.Customer?.TenantId, update.Customer.TenantId, StringComparison.OrdinalIgnoreCase));

    // Only to explain a refusal: a failed look-up explains nothing rather than hiding Graph's own error.
    private async Task<IReadOnlyList<Relationship>> SameNameAsync(string displayName, CancellationToken cancellationToken) =>
        await TryReadAsync(() => FindRelationshipByDisplayNameAsync(displayName, cancellationToken)).ConfigureAwait(false) is { } found ? [found] : [];

    /// <summary>A background operation of a kind that has not finished, started no earlier than <paramref name="since"/>.</summary>
    private async Task<RelationshipOperation?> RunningOperationAsync(string relationshipId, RelationshipOperationType type, Instant since, CancellationToken cancellationToken)
    {
        RelationshipOperation? latest = null;
        await foreach (var operation in ListOperationsCoreAsync(relationshipId, cancellationToken).ConfigureAwait(false))
        {
            if (operation.OperationType == type && operation.Status is Relationships.OperationStatus.NotStarted or Relationships.OperationStatus.Running &&
                operation.CreatedAt >= since && (latest is null || operation.CreatedAt > latest.CreatedAt))
            {
                latest = operation;
            }
        }

        return latest;
    }

    private static bool IsSameRelationship(Relationship existing, CreateRelationshipRequest request) =>
        GdapRules.DisplayNameComparer.Equals(existing.DisplayName, request.DisplayName) &&
        GdapRules.SameRoles(existing.Roles, request.Roles) &&
        existing.Window.Length == request.Duration &&
        existing.Window.AutoExtendDuration == request.AutoExtendDuration &&
        (request.Customer is null || string.Equals(existing.Customer?.TenantId, request.Customer.TenantId, StringComparison.OrdinalIgnoreCase));

    private IAsyncEnumerable<RelationshipRequest> PageRequestsAsync(string relationshipId, CancellationToken cancellationToken)
    {
        var builder = Graph.TenantRelationships.DelegatedAdminRelationships[relationshipId].Requests;
        return PageAsync(
            $"listing requests of relationship {relationshipId}",
            ct => builder.GetAsync(rc => rc.QueryParameters.Top = _pageSize, ct),
            (link, ct) => builder.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.Value,
            r => GraphModelMapper.ToRequest(r, relationshipId),
            cancellationToken);
    }

    private async Task<Relationship?> FindRelationshipByDisplayNameAsync(string displayName, CancellationToken cancellationToken)
    {
        var builder = Graph.TenantRelationships.DelegatedAdminRelationships;
        var filter = ODataFilter.ForDisplayName(displayName);
        var what = $"looking for relationship '{displayName}'";
        try
        {
            var filtered = PageAsync(what, ct => builder.GetAsync(rc =>
                {
                    rc.QueryParameters.Top = _pageSize;
                    rc.QueryParameters.Filter = filter;
                }, ct),
                (link, ct) => builder.WithUrl(link).GetAsync(cancellationToken: ct),
                page => page.Value,
                GraphModelMapper.ToRelationship,
                cancellationToken);
            return await FirstNamedAsync(filtered, displayName, cancellationToken).ConfigureAwait(false);
        }
        catch (PartnerAccessException exception) when (exception.ErrorCode == PartnerAccessErrorCode.Validation)
        {
            // A service that cannot filter on displayName: scan the whole list instead.
            return await FirstNamedAsync(ListRelationshipsCoreAsync(null, cancellationToken), displayName, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Relationship?> FirstNamedAsync(IAsyncEnumerable<Relationship> relationships, string displayName, CancellationToken cancellationToken)
    {
        await foreach (var relationship in relationships.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (GdapRules.DisplayNameComparer.Equals(relationship.DisplayName, displayName))
            {
                return relationship;
            }
        }

        return null;
    }

    private async Task<RelationshipRequest> SendRequestAsync(string relationshipId, DomainRequestAction action, CancellationToken cancellationToken)
    {
        // Given only an id, the rules need the relationship's state: the one read this path makes.
        var current = await GetRelationshipCoreAsync(relationshipId, cancellationToken).ConfigureAwait(false);
        GdapRules.ThrowIfAny(action == DomainRequestAction.LockForApproval ? _rules.ValidateLockForApproval(current) : _rules.ValidateTerminate(current));

        return await SendActionOnceAsync(current, action, cancellationToken).ConfigureAwait(false);
    }

    // A request the service accepted after the relationship was last read is the one an ambiguous attempt sent.
    private async Task<RelationshipRequest?> FindRequestSinceAsync(string relationshipId, DomainRequestAction action, Instant since, CancellationToken cancellationToken)
    {
        RelationshipRequest? latest = null;
        await foreach (var request in PageRequestsAsync(relationshipId, cancellationToken).ConfigureAwait(false))
        {
            if (request.Action == action && request.Status != DomainRequestStatus.Failed && request.CreatedAt >= since &&
                (latest is null || request.CreatedAt > latest.CreatedAt))
            {
                latest = request;
            }
        }

        return latest;
    }

    private async Task<UpdateOutcome<T>> FollowOperationAsync<T>(string relationshipId, string operationId, RelationshipOperationType type, HeadersInspectionHandlerOption inspection, CancellationToken cancellationToken)
        where T : class
    {
        RememberCreated(operationId);
        var retryAfter = RetryAfter.Read(inspection.ResponseHeaders, TimeProvider.GetUtcNow());
        LogOperationAccepted(_logger, relationshipId, operationId, retryAfter);
        RelationshipOperation operation;
        try
        {
            operation = await GetOperationCoreAsync(relationshipId, operationId, cancellationToken).ConfigureAwait(false);
        }
        catch (PartnerAccessException exception) when (exception.ErrorCode == PartnerAccessErrorCode.NotFound)
        {
            // Accepted but not readable yet: hand out what the 202 said, so the caller can wait for it.
            operation = new RelationshipOperation
            {
                Id = operationId,
                RelationshipId = relationshipId,
                OperationType = type,
                Status = Relationships.OperationStatus.NotStarted,
                CreatedAt = Now(),
                LastModifiedAt = Now(),
            };
        }

        return new UpdateOutcome<T>
        {
            Operation = operation,
            RetryAfter = retryAfter is { } wait ? Duration.FromTimeSpan(wait) : null,
        };
    }

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Graph refused the filter on customer/tenantId ({Reason}); this client now filters relationships by customer on its side.")]
    private static partial void LogCustomerFilterUnsupported(ILogger logger, string reason);
}
