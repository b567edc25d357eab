using System.Runtime.CompilerServices;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Graph.Audit;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph;

public sealed partial class GraphPartnerAccessClient
{
    private async IAsyncEnumerable<AuditRecord> ListAuditRecordsCoreAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var relationships = new List<Relationship>();
        if (query.RelationshipId is { } relationshipId)
        {
            relationships.Add(await GetRelationshipCoreAsync(relationshipId, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            await foreach (var relationship in ListRelationshipsCoreAsync(new RelationshipQuery { CustomerTenantId = query.CustomerTenantId }, cancellationToken).ConfigureAwait(false))
            {
                relationships.Add(relationship);
            }
        }

        var records = new List<AuditRecord>();
        foreach (var relationship in relationships)
        {
            var requests = await ListRequestsCoreAsync(relationship.Id, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
            var operations = await ListOperationsCoreAsync(relationship.Id, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
            var assignments = await ListAccessAssignmentsCoreAsync(relationship.Id, null, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
            records.AddRange(ServiceAuditTrail.Build(relationship, requests, operations, assignments, _partnerTenantId).Where(query.Matches));
        }

        foreach (var record in records.OrderBy(r => r.OccurredAt).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            yield return record;
        }
    }
}
