using System.Text.Json;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Emulator.Wire;

/// <summary>
/// Writes domain objects in Graph's v1.0 JSON shapes (wire spec §6), property by property straight into a
/// <see cref="Utf8JsonWriter"/>: the caller opens and closes the object, so a response can put <c>@odata.context</c> first.
/// </summary>
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

    public void Relationship(Utf8JsonWriter json, Relationship relationship, PropertySelection select)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(relationship);
        ArgumentNullException.ThrowIfNull(select);
        var window = relationship.Window;
        Text(json, select, "@odata.type", relationship.IsResellerRelationship ? ResellerRelationshipType : RelationshipType);
        Text(json, select, "@odata.etag", relationship.ETag.Value);
        Text(json, select, "id", relationship.Id);
        Text(json, select, "displayName", relationship.DisplayName);
        Text(json, select, "duration", GdapDurations.Format(window.Length));
        if (select.Keeps("customer"))
        {
            if (relationship.Customer is { } customer)
            {
                json.WriteStartObject("customer");
                Text(json, PropertySelection.All, "tenantId", customer.TenantId);
                Text(json, PropertySelection.All, "displayName", customer.DisplayName);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("customer");
            }
        }

        AccessDetails(json, select, relationship.Roles);
        Text(json, select, "status", GraphNames.ToGraphName(relationship.Status));
        if (select.Keeps("autoExtendDuration"))
        {
            json.WriteString("autoExtendDuration", _autoExtendText(relationship.Id, window.AutoExtendDuration) ?? GdapDurations.Format(window.AutoExtendDuration));
        }

        Time(json, select, "createdDateTime", relationship.CreatedAt);
        Time(json, select, "lastModifiedDateTime", relationship.LastModifiedAt);
        Time(json, select, "activatedDateTime", window.ActivatedAt);
        Time(json, select, "endDateTime", window.EndsAt);
        if (relationship.IsResellerRelationship)
        {
            if (select.Keeps("isPartnerConsentPending"))
            {
                json.WriteBoolean("isPartnerConsentPending", relationship.IsPartnerConsentPending ?? false);
            }

            Text(json, select, "indirectProviderTenantId", relationship.IndirectProviderTenantId);
        }
    }

    public void Request(Utf8JsonWriter json, RelationshipRequest request, PropertySelection select)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(select);
        var action = request.Action == RelationshipRequestAction.Reject && !_includeUnknownEnumMembers
            ? "unknownFutureValue"
            : GraphNames.ToGraphName(request.Action);
        Text(json, select, "@odata.type", "#microsoft.graph.delegatedAdminRelationshipRequest");
        Text(json, select, "id", request.Id);
        Text(json, select, "action", action);
        Text(json, select, "status", GraphNames.ToGraphName(request.Status));
        Time(json, select, "createdDateTime", request.CreatedAt);
        Time(json, select, "lastModifiedDateTime", request.LastModifiedAt);
    }

    public static void Assignment(Utf8JsonWriter json, AccessAssignment assignment, PropertySelection select)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(select);
        Text(json, select, "@odata.type", "#microsoft.graph.delegatedAdminAccessAssignment");
        Text(json, select, "@odata.etag", assignment.ETag.Value);
        Text(json, select, "id", assignment.Id);
        Text(json, select, "status", GraphNames.ToGraphName(assignment.Status));
        Time(json, select, "createdDateTime", assignment.CreatedAt);
        Time(json, select, "lastModifiedDateTime", assignment.LastModifiedAt);
        if (select.Keeps("accessContainer"))
        {
            json.WriteStartObject("accessContainer");
            Text(json, PropertySelection.All, "accessContainerId", assignment.SecurityGroupId);
            json.WriteString("accessContainerType", "securityGroup");
            json.WriteEndObject();
        }

        AccessDetails(json, select, assignment.Roles);
    }

    public void Operation(Utf8JsonWriter json, RelationshipOperation operation, PropertySelection select)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(select);
        var type = operation.OperationType == RelationshipOperationType.DelegatedAdminRelationshipUpdate && !_includeUnknownEnumMembers
            ? "unknownFutureValue"
            : GraphNames.ToGraphName(operation.OperationType);
        Text(json, select, "@odata.type", "#microsoft.graph.delegatedAdminRelationshipOperation");
        Text(json, select, "@odata.etag", operation.ETag.Value);
        Text(json, select, "id", operation.Id);
        Text(json, select, "operationType", type);
        Text(json, select, "data", operation.Data);
        Text(json, select, "status", GraphNames.ToGraphName(operation.Status));
        Time(json, select, "createdDateTime", operation.CreatedAt);
        Time(json, select, "lastModifiedDateTime", operation.LastModifiedAt);
    }

    public static void Customer(Utf8JsonWriter json, DelegatedAdminCustomer customer, PropertySelection select)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(select);
        Text(json, select, "@odata.type", "#microsoft.graph.delegatedAdminCustomer");
        Text(json, select, "@odata.etag", customer.ETag.Value);
        Text(json, select, "id", customer.Id);
        Text(json, select, "tenantId", customer.TenantId);
        Text(json, select, "displayName", customer.DisplayName);
    }

    public static void ServiceManagementDetail(Utf8JsonWriter json, ServiceManagementDetail detail, PropertySelection select)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(select);
        Text(json, select, "@odata.type", "#microsoft.graph.delegatedAdminServiceManagementDetail");
        Text(json, select, "id", detail.Id);
        Text(json, select, "serviceManagementUrl", detail.ServiceManagementUrl);
        Text(json, select, "serviceName", detail.ServiceName);
    }

    private static void Text(Utf8JsonWriter json, PropertySelection select, string name, string? value)
    {
        if (!select.Keeps(name))
        {
            return;
        }

        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void Time(Utf8JsonWriter json, PropertySelection select, string name, Instant? value) =>
        Text(json, select, name, value is { } instant ? GraphResponses.FormatInstant(instant) : null);

    private static void AccessDetails(Utf8JsonWriter json, PropertySelection select, IEnumerable<RoleGrant> roles)
    {
        if (!select.Keeps("accessDetails"))
        {
            return;
        }

        json.WriteStartObject("accessDetails");
        json.WriteStartArray("unifiedRoles");
        foreach (var role in roles)
        {
            json.WriteStartObject();
            json.WriteString("roleDefinitionId", role.RoleDefinitionId.ToString("D"));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
