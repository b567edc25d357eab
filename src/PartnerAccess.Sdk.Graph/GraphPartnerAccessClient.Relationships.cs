using System.Runtime.CompilerServices;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using NodaTime;
using PartnerAccess.Sdk.Graph.Resilience;
using PartnerAccess.Sdk.Graph.Wire;
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
            cancellationToken).ConfigureAwait(false);
        RememberCreated(created.Id);
        return created;
    }

    private Task<Relationship> GetRelationshipCoreAsync(string relationshipId, CancellationToken cancellationToken = default)
    {
        GdapRules.ThrowIfAny(_rules.ValidateRelationshipId(relationshipId));
        return WithConsistencyRetryAsync(relationshipId, async ct =>
        {
            var model = await CallAsync(HttpMethod.Get, $"reading relationship {relationshipId}",
                c => Graph.TenantRelationships.DelegatedAdminRelationships[relationshipId].GetAsync(cancellationToken: c), ct).ConfigureAwait(false);
            return model is null
                ? throw new PartnerAccessException(PartnerAccessErrorCode.NotFound, $"Relationship '{relationshipId}' was not found.")
                : GraphModelMapper.ToRelationship(model);
        }, cancellationToken);
    }

    private async IAsyncEnumerable<Relationship> ListRelationshipsCoreAsync(RelationshipQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = ODataFilter.ForRelationships(query);
        var builder = Graph.TenantRelationships.DelegatedAdminRelationships;
        var relationships = PageAsync(
            "listing relationships",
            ct => builder.GetAsync(rc =>
            {
                rc.QueryParameters.Top = _pageSize;
                rc.QueryParameters.Filter = filter;
            }, ct),
            (link, ct) => builder.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.Value,
            GraphModelMapper.ToRelationship,
            cancellationToken);
        await foreach (var relationship in relationships.ConfigureAwait(false))
        {
            // Graph filters what it can; the rest (several statuses, the expiry window) is applied here.
            if (query is null || query.Matches(relationship, Now()))
            {
                yield return relationship;
            }
        }
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
        var body = GraphModelMapper.ToUpdateBody(update);
        var inspection = InspectResponseHeaders();
        var what = $"updating relationship {id}";
        var result = await CallAsync(HttpMethod.Patch, what, ct => Graph.TenantRelationships.DelegatedAdminRelationships[id].PatchAsync(body, rc =>
        {
            rc.Headers.Add("If-Match", relationship.ETag.Value);
            rc.Options.Add(inspection);
        }, ct), cancellationToken).ConfigureAwait(false);

        if (OperationIdFromLocation(ReadHeader(inspection, "Location")) is { } operationId)
        {
            return await FollowOperationAsync<Relationship>(id, operationId, RelationshipOperationType.DelegatedAdminRelationshipUpdate, inspection, cancellationToken).ConfigureAwait(false);
        }

        var value = result?.Id is not null ? GraphModelMapper.ToRelationship(result) : await GetRelationshipCoreAsync(id, cancellationToken).ConfigureAwait(false);
        return new UpdateOutcome<Relationship> { Value = value };
    }

    private async Task DeleteRelationshipCoreAsync(Relationship relationship, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        ThrowIfAny(
            _rules.ValidateRelationshipId(relationship.Id),
            _rules.ValidateDelete(relationship),
            RequireETag(relationship.ETag, "relationship"));
        var id = relationship.Id;
        await CallAsync(HttpMethod.Delete, $"deleting relationship {id}",
            ct => Graph.TenantRelationships.DelegatedAdminRelationships[id].DeleteAsync(rc => rc.Headers.Add("If-Match", relationship.ETag.Value), ct),
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

        var actionName = GraphNames.ToGraphName(action);
        var builder = Graph.TenantRelationships.DelegatedAdminRelationships[relationshipId].Requests;
        return await CreateOnceAsync(
            $"sending {actionName} for relationship {relationshipId}",
            // A fresh body per attempt: a Kiota model serializes only changed values the second time, which is nothing.
            ct => builder.PostAsync(new DelegatedAdminRelationshipRequest
            {
                Action = action == DomainRequestAction.LockForApproval
                    ? DelegatedAdminRelationshipRequestAction.LockForApproval
                    : DelegatedAdminRelationshipRequestAction.Terminate,
            }, cancellationToken: ct),
            r => GraphModelMapper.ToRequest(r, relationshipId),
            ct => FindRequestSinceAsync(relationshipId, action, current.LastModifiedAt, ct),
            _ => true,
            _ => string.Empty,
            cancellationToken).ConfigureAwait(false);
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
}
