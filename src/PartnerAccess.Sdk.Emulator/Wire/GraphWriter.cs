using System.Text.Json.Nodes;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Emulator.Wire;

/// <summary>Writes domain objects in Graph's v1.0 JSON shapes (wire spec §6).</summary>
internal sealed class GraphWriter
{
    public const string RelationshipType = "#microsoft.graph.delegatedAdminRelationship";
    public const string ResellerRelationshipType = "#microsoft.graph.resellerDelegatedAdminRelationship";

    public static readonly IReadOnlySet<string> RelationshipProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "id", "displayName", "duration", "customer", "accessDetails", "status", "autoExtendDuration", "createdDateTime",
        "lastModifiedDateTime", "activatedDateTime", "endDateTime", "isPartnerConsentPending", "indirectProviderTenantId",
    };

    public static readonly IReadOnlySet<string> RequestProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "id", "action", "status", "createdDateTime", "lastModifiedDateTime",
    };

    public static readonly IReadOnlySet<string> AssignmentProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "id", "status", "createdDateTime", "lastModifiedDateTime", "accessContainer", "accessDetails",
    };

    public static readonly IReadOnlySet<string> OperationProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "id", "operationType", "data", "status", "createdDateTime", "lastModifiedDateTime",
    };

    public static readonly IReadOnlySet<string> CustomerProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "id", "tenantId", "displayName",
    };

    private readonly bool _includeUnknownEnumMembers;
    private readonly Func<string, Duration, string?> _autoExtendText;

    /// <param name="includeUnknownEnumMembers">Whether the caller sent <c>Prefer: include-unknown-enum-members</c>.</param>
    /// <param name="autoExtendText">The <c>autoExtendDuration</c> text last sent for a relationship, to echo it as sent.</param>
    public GraphWriter(bool includeUnknownEnumMembers, Func<string, Duration, string?> autoExtendText)
    {
        _includeUnknownEnumMembers = includeUnknownEnumMembers;
        _autoExtendText = autoExtendText;
    }

    public JsonObject Relationship(Relationship relationship)
    {
        ArgumentNullException.ThrowIfNull(relationship);
        var window = relationship.Window;
        var json = new JsonObject
        {
            ["@odata.type"] = relationship.IsResellerRelationship ? ResellerRelationshipType : RelationshipType,
            ["@odata.etag"] = relationship.ETag.Value,
            ["id"] = relationship.Id,
            ["displayName"] = relationship.DisplayName,
            ["duration"] = GdapDurations.Format(window.Length),
            ["customer"] = relationship.Customer is { } customer
                ? new JsonObject { ["tenantId"] = customer.TenantId, ["displayName"] = customer.DisplayName }
                : null,
            ["accessDetails"] = AccessDetails(relationship.Roles),
            ["status"] = GraphNames.ToGraphName(relationship.Status),
            ["autoExtendDuration"] = _autoExtendText(relationship.Id, window.AutoExtendDuration) ?? GdapDurations.Format(window.AutoExtendDuration),
            ["createdDateTime"] = GraphResponses.FormatInstant(relationship.CreatedAt),
            ["lastModifiedDateTime"] = GraphResponses.FormatInstant(relationship.LastModifiedAt),
            ["activatedDateTime"] = window.ActivatedAt is { } activated ? GraphResponses.FormatInstant(activated) : null,
            ["endDateTime"] = window.EndsAt is { } ends ? GraphResponses.FormatInstant(ends) : null,
        };
        if (relationship.IsResellerRelationship)
        {
            json["isPartnerConsentPending"] = relationship.IsPartnerConsentPending ?? false;
            json["indirectProviderTenantId"] = relationship.IndirectProviderTenantId;
        }

        return json;
    }

    public JsonObject Request(RelationshipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var action = request.Action == RelationshipRequestAction.Reject && !_includeUnknownEnumMembers
            ? "unknownFutureValue"
            : GraphNames.ToGraphName(request.Action);
        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.delegatedAdminRelationshipRequest",
            ["id"] = request.Id,
            ["action"] = action,
            ["status"] = GraphNames.ToGraphName(request.Status),
            ["createdDateTime"] = GraphResponses.FormatInstant(request.CreatedAt),
            ["lastModifiedDateTime"] = GraphResponses.FormatInstant(request.LastModifiedAt),
        };
    }

    public static JsonObject Assignment(AccessAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.delegatedAdminAccessAssignment",
            ["@odata.etag"] = assignment.ETag.Value,
            ["id"] = assignment.Id,
            ["status"] = GraphNames.ToGraphName(assignment.Status),
            ["createdDateTime"] = GraphResponses.FormatInstant(assignment.CreatedAt),
            ["lastModifiedDateTime"] = GraphResponses.FormatInstant(assignment.LastModifiedAt),
            ["accessContainer"] = new JsonObject
            {
                ["accessContainerId"] = assignment.SecurityGroupId,
                ["accessContainerType"] = "securityGroup",
            },
            ["accessDetails"] = AccessDetails(assignment.Roles),
        };
    }

    public JsonObject Operation(RelationshipOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var type = operation.OperationType == RelationshipOperationType.DelegatedAdminRelationshipUpdate && !_includeUnknownEnumMembers
            ? "unknownFutureValue"
            : GraphNames.ToGraphName(operation.OperationType);
        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.delegatedAdminRelationshipOperation",
            ["@odata.etag"] = operation.ETag.Value,
            ["id"] = operation.Id,
            ["operationType"] = type,
            ["data"] = operation.Data,
            ["status"] = GraphNames.ToGraphName(operation.Status),
            ["createdDateTime"] = GraphResponses.FormatInstant(operation.CreatedAt),
            ["lastModifiedDateTime"] = GraphResponses.FormatInstant(operation.LastModifiedAt),
        };
    }

    public static JsonObject Customer(DelegatedAdminCustomer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.delegatedAdminCustomer",
            ["@odata.etag"] = customer.ETag.Value,
            ["id"] = customer.Id,
            ["tenantId"] = customer.TenantId,
            ["displayName"] = customer.DisplayName,
        };
    }

    public static JsonObject ServiceManagementDetail(ServiceManagementDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.delegatedAdminServiceManagementDetail",
            ["id"] = detail.Id,
            ["serviceManagementUrl"] = detail.ServiceManagementUrl,
            ["serviceName"] = detail.ServiceName,
        };
    }

    private static JsonObject AccessDetails(IEnumerable<RoleGrant> roles) => new()
    {
        ["unifiedRoles"] = new JsonArray(roles
            .Select(r => (JsonNode?)new JsonObject { ["roleDefinitionId"] = r.RoleDefinitionId.ToString("D") })
            .ToArray()),
    };
}
