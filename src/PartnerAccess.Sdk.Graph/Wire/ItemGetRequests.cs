using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;

namespace PartnerAccess.Sdk.Graph.Wire;

/// <summary>
/// The GETs of one relationship, access assignment or operation, built as Graph's request builders build them (same
/// URL, URL template and Accept header) without the builders: a chain of builders with their path-parameter
/// dictionaries and the URL-template expansion cost more than the rest of the call. The URL is the escaped id put into
/// the fixed path, which is what the template's simple expansion does; the template itself is kept because Kiota names
/// its trace spans after it.
/// </summary>
internal sealed class ItemGetRequests
{
    private const string Placeholder = "id";
    private const string RelationshipsPath = "/tenantRelationships/delegatedAdminRelationships/";
    private readonly IRequestAdapter _adapter;
    private readonly string? _relationshipTemplate;
    private readonly string? _accessAssignmentTemplate;
    private readonly string? _operationTemplate;

    /// <summary>Reads the URL templates from <paramref name="graph"/>'s own request builders, once.</summary>
    public ItemGetRequests(GraphServiceClient graph)
    {
        _adapter = graph.RequestAdapter;
        var relationship = graph.TenantRelationships.DelegatedAdminRelationships[Placeholder];
        _relationshipTemplate = relationship.ToGetRequestInformation().UrlTemplate;
        _accessAssignmentTemplate = relationship.AccessAssignments[Placeholder].ToGetRequestInformation().UrlTemplate;
        _operationTemplate = relationship.Operations[Placeholder].ToGetRequestInformation().UrlTemplate;
    }

    /// <summary>GET <c>/tenantRelationships/delegatedAdminRelationships/{id}</c>.</summary>
    public RequestInformation Relationship(string relationshipId) =>
        Get(_relationshipTemplate, string.Concat(_adapter.BaseUrl, RelationshipsPath, Uri.EscapeDataString(relationshipId)));

    /// <summary>GET <c>/tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments/{id}</c>.</summary>
    public RequestInformation AccessAssignment(string relationshipId, string accessAssignmentId) =>
        Get(_accessAssignmentTemplate, string.Concat(_adapter.BaseUrl, RelationshipsPath, Uri.EscapeDataString(relationshipId), "/accessAssignments/", Uri.EscapeDataString(accessAssignmentId)));

    /// <summary>GET <c>/tenantRelationships/delegatedAdminRelationships/{id}/operations/{id}</c>.</summary>
    public RequestInformation Operation(string relationshipId, string operationId) =>
        Get(_operationTemplate, string.Concat(_adapter.BaseUrl, RelationshipsPath, Uri.EscapeDataString(relationshipId), "/operations/", Uri.EscapeDataString(operationId)));

    private static RequestInformation Get(string? urlTemplate, string url)
    {
        var request = new RequestInformation { HttpMethod = Method.GET, URI = new Uri(url), UrlTemplate = urlTemplate };
        request.Headers.TryAdd("Accept", "application/json");
        return request;
    }
}
