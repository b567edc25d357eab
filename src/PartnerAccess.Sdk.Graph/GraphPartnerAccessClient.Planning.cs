using System.Net;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions.Serialization;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using DomainRequestAction = PartnerAccess.Sdk.Relationships.RelationshipRequestAction;

namespace PartnerAccess.Sdk.Graph;

// What the access planner (PartnerAccess.Sdk.Planning) can use when it is there: writes that trust the state the
// planner read, and batched reads of access assignments.
public sealed partial class GraphPartnerAccessClient : IStateAwareWriteCapability, IAssignmentBatchReadCapability
{
    /// <summary>Graph's limit on requests per <c>$batch</c>: 20.</summary>
    public int MaxBatchSize => 20;

    /// <inheritdoc />
    public Task<RelationshipRequest> LockForApprovalAsync(Relationship relationship, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("LockForApproval", relationship?.Id, relationship?.Customer?.TenantId, () => LockForApprovalCoreAsync(relationship!, cancellationToken));

    /// <inheritdoc />
    public Task<AccessAssignment> CreateAccessAssignmentAsync(Relationship relationship, CreateAccessAssignmentRequest request, IReadOnlyList<AccessAssignment> existing, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("CreateAccessAssignment", relationship?.Id, relationship?.Customer?.TenantId, () => CreateAccessAssignmentCoreAsync(relationship!, request, existing, cancellationToken));

    /// <inheritdoc />
    public Task<AccessAssignmentBatch> ListAccessAssignmentsAsync(IReadOnlyList<string> relationshipIds, CancellationToken cancellationToken = default) =>
        Telemetry.RunAsync("ListAccessAssignmentsBatch", null, null, () => ListAccessAssignmentsCoreAsync(relationshipIds, cancellationToken));

    private async Task<RelationshipRequest> LockForApprovalCoreAsync(Relationship relationship, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        GdapRules.ThrowIfAny(_rules.ValidateRelationshipId(relationship.Id));
        GdapRules.ThrowIfAny(_rules.ValidateLockForApproval(relationship));
        // A 404 right after the create is replication lag.
        return await WithConsistencyRetryAsync(relationship.Id, ct => SendActionOnceAsync(relationship, DomainRequestAction.LockForApproval, ct), cancellationToken).ConfigureAwait(false);
    }

    private async Task<AccessAssignment> CreateAccessAssignmentCoreAsync(Relationship relationship, CreateAccessAssignmentRequest request, IReadOnlyList<AccessAssignment> existing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(existing);
        var relationshipId = relationship.Id;
        GdapRules.ThrowIfAny(_rules.ValidateRelationshipId(relationshipId));
        GdapRules.ThrowIfAny(_rules.ValidateCreateAssignment(relationship, request, existing));

        var builder = Graph.TenantRelationships.DelegatedAdminRelationships[relationshipId].AccessAssignments;
        var created = await CreateOnceAsync(
            $"creating the access assignment of group {request.SecurityGroupId} in relationship {relationshipId}",
            ct => builder.PostAsync(GraphModelMapper.ToCreateBody(request), cancellationToken: ct),
            a => GraphModelMapper.ToAccessAssignment(a, relationshipId),
            async ct => (await FindAssignmentsOfGroupAsync(relationshipId, request.SecurityGroupId, ct).ConfigureAwait(false)).FirstOrDefault(a => a.IsLive),
            found => GdapRules.SameRoles(found.Roles, request.Roles),
            found => $"The resource already exists: group {request.SecurityGroupId} already has access assignment {found.Id} in relationship {relationshipId}, with other roles.",
            async ct =>
            {
                var fresh = await GetRelationshipCoreAsync(relationshipId, ct).ConfigureAwait(false);
                var sameGroup = await FindAssignmentsOfGroupAsync(relationshipId, request.SecurityGroupId, ct).ConfigureAwait(false);
                return _rules.ValidateCreateAssignment(fresh, request, sameGroup);
            },
            cancellationToken).ConfigureAwait(false);
        RememberCreated(created.Id);
        return created;
    }

    private async Task<AccessAssignmentBatch> ListAccessAssignmentsCoreAsync(IReadOnlyList<string> relationshipIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relationshipIds);
        if (relationshipIds.Count > MaxBatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(relationshipIds), relationshipIds.Count, $"A batch holds at most {MaxBatchSize} requests.");
        }

        GdapRules.ThrowIfAny(relationshipIds.SelectMany(_rules.ValidateRelationshipId).ToList());
        var read = new Dictionary<string, IReadOnlyList<AccessAssignment>>(StringComparer.OrdinalIgnoreCase);
        var throttled = new List<string>();
        var unavailable = new List<string>();
        TimeSpan? retryAfter = null;
        if (relationshipIds.Count == 0)
        {
            return new AccessAssignmentBatch(read, throttled);
        }

        var batch = new BatchRequestContentCollection(Graph);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var relationshipId in relationshipIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var information = Graph.TenantRelationships.DelegatedAdminRelationships[relationshipId].AccessAssignments
                .ToGetRequestInformation(rc => rc.QueryParameters.Top = _pageSize);
            ids[await batch.AddBatchRequestStepAsync(information).ConfigureAwait(false)] = relationshipId;
        }

        var responses = await PostBatchAsync(batch, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (stepId, response) in responses)
            {
                if (!ids.TryGetValue(stepId, out var relationshipId))
                {
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // A 429 inside a 200 envelope: no retry layer saw it, so it goes back to the caller to pace and resend.
                    throttled.Add(relationshipId);
                    var wait = RetryAfterOf(response);
                    retryAfter = wait is { } w && (retryAfter is null || w > retryAfter) ? w : retryAfter;
                    continue;
                }

                if ((int)response.StatusCode >= 500)
                {
                    unavailable.Add(relationshipId);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new PartnerAccessException(ErrorCodeOf(response.StatusCode),
                        $"Graph answered {(int)response.StatusCode} for the batched read of relationship {relationshipId}'s access assignments.")
                    {
                        Status = (int)response.StatusCode,
                    };
                }

                read[relationshipId] = await ReadAssignmentsAsync(relationshipId, response, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var response in responses.Values)
            {
                response.Dispose();
            }
        }

        // An item the envelope did not answer is read again too.
        unavailable.AddRange(ids.Values.Where(id => !read.ContainsKey(id) && !throttled.Contains(id, StringComparer.OrdinalIgnoreCase) && !unavailable.Contains(id, StringComparer.OrdinalIgnoreCase)));
        return new AccessAssignmentBatch(read, throttled, retryAfter) { Unavailable = unavailable };
    }

    private static PartnerAccessErrorCode ErrorCodeOf(HttpStatusCode status) => (int)status switch
    {
        404 => PartnerAccessErrorCode.NotFound,
        401 or 403 => PartnerAccessErrorCode.Unauthorized,
        >= 500 => PartnerAccessErrorCode.ServiceError,
        _ => PartnerAccessErrorCode.Unknown,
    };

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - TimeProvider.GetUtcNow() : null;
    }

    // The envelope only reads, so the retry layer resends it like a GET; no second retry loop here.
    private async Task<Dictionary<string, HttpResponseMessage>> PostBatchAsync(BatchRequestContentCollection batch, CancellationToken cancellationToken)
    {
        var response = await CallAsync(HttpMethod.Post, "reading access assignments in a batch", ct => Graph.Batch.PostAsync(batch, ct), cancellationToken).ConfigureAwait(false);
        var responses = new Dictionary<string, HttpResponseMessage>(StringComparer.Ordinal);
        foreach (var stepId in (await response.GetResponsesStatusCodesAsync().ConfigureAwait(false)).Keys)
        {
            responses[stepId] = await response.GetResponseByIdAsync(stepId).ConfigureAwait(false);
        }

        return responses;
    }

    private async Task<IReadOnlyList<AccessAssignment>> ReadAssignmentsAsync(string relationshipId, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var page = await KiotaJsonSerializer.DeserializeAsync(stream, DelegatedAdminAccessAssignmentCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            var assignments = (page?.Value ?? []).Where(a => a is not null).Select(a => GraphModelMapper.ToAccessAssignment(a, relationshipId)).ToList();
            if (string.IsNullOrEmpty(page?.OdataNextLink))
            {
                return assignments;
            }
        }

        // More than one page (over 300 assignments): rare enough to read the ordinary way.
        var all = new List<AccessAssignment>();
        await foreach (var assignment in PageAssignmentsAsync(relationshipId, null, cancellationToken).ConfigureAwait(false))
        {
            all.Add(assignment);
        }

        return all;
    }
}
