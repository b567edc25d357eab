using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PartnerAccess.Sdk.Graph.Tests.Support;

/// <summary>Graph-shaped JSON objects for stub answers.</summary>
public static class GraphJson
{
    public const string PartnerTenant = "8777b240-c6f0-4469-9e98-a3205431b836";
    public const string CustomerTenant = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
    public const string ExchangeAdministrator = "29232cdf-9323-42fd-ade2-1d097af3e4de";
    public const string IntuneAdministrator = "3a2c62db-5318-420d-8d74-23affee5d9d5";
    public const string GlobalReader = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    public const string Group = "869713c9-0b28-4d08-8949-ae07ae1bf528";

    public static string RelationshipId(int n) => $"{n:00000000}-d21f-4aa9-b7db-7fa1f56fb163-{PartnerTenant}";

    public static JsonObject Relationship(
        string id,
        string displayName = "Contoso admin relationship",
        string status = "created",
        string etag = "W/\"etag-1\"",
        string duration = "P730D",
        string autoExtendDuration = "PT0S",
        string[]? roles = null,
        string? activated = null,
        string? end = null,
        string created = "2025-03-01T09:00:00Z")
    {
        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.delegatedAdminRelationship",
            ["@odata.etag"] = etag,
            ["id"] = id,
            ["displayName"] = displayName,
            ["duration"] = duration,
            ["customer"] = new JsonObject { ["tenantId"] = CustomerTenant, ["displayName"] = "Contoso subsidiary Inc" },
            ["accessDetails"] = AccessDetails(roles ?? [ExchangeAdministrator, IntuneAdministrator]),
            ["status"] = status,
            ["autoExtendDuration"] = autoExtendDuration,
            ["createdDateTime"] = created,
            ["lastModifiedDateTime"] = created,
            ["activatedDateTime"] = activated,
            ["endDateTime"] = end,
        };
    }

    public static JsonObject Active(string id, string[]? roles = null, string etag = "W/\"etag-active\"") =>
        Relationship(id, status: "active", roles: roles, etag: etag, activated: "2025-03-01T09:30:00Z", end: "2027-03-01T09:30:00Z");

    public static JsonObject Assignment(string id, string status = "active", string group = Group, string[]? roles = null, string etag = "W/\"aa-1\"") => new()
    {
        ["@odata.type"] = "#microsoft.graph.delegatedAdminAccessAssignment",
        ["@odata.etag"] = etag,
        ["id"] = id,
        ["status"] = status,
        ["createdDateTime"] = "2025-03-01T09:40:00Z",
        ["lastModifiedDateTime"] = "2025-03-01T09:45:00Z",
        ["accessContainer"] = new JsonObject { ["accessContainerId"] = group, ["accessContainerType"] = "securityGroup" },
        ["accessDetails"] = AccessDetails(roles ?? [ExchangeAdministrator]),
    };

    public static JsonObject Request(string id, string action, string status = "succeeded", string created = "2025-03-01T09:10:00Z") => new()
    {
        ["@odata.type"] = "#microsoft.graph.delegatedAdminRelationshipRequest",
        ["id"] = id,
        ["action"] = action,
        ["status"] = status,
        ["createdDateTime"] = created,
        ["lastModifiedDateTime"] = created,
    };

    public static JsonObject Operation(string id, string status = "running", string type = "delegatedAdminAccessAssignmentUpdate", string? data = null) => new()
    {
        ["@odata.type"] = "#microsoft.graph.delegatedAdminRelationshipOperation",
        ["@odata.etag"] = "W/\"op-1\"",
        ["id"] = id,
        ["operationType"] = type,
        ["data"] = data ?? "{\"id\":\"a9d6cf90-083a-47dc-ace2-1da98be3f344\"}",
        ["status"] = status,
        ["createdDateTime"] = "2025-03-01T09:50:00Z",
        ["lastModifiedDateTime"] = "2025-03-01T09:50:00Z",
    };

    public static JsonObject AccessDetails(IEnumerable<string> roles) => new()
    {
        ["unifiedRoles"] = new JsonArray(roles.Select(r => (JsonNode)new JsonObject { ["roleDefinitionId"] = r }).ToArray()),
    };
}

/// <summary>Path patterns of the GDAP endpoints.</summary>
public static class Paths
{
    public const string Relationships = "^/v1.0/tenantRelationships/delegatedAdminRelationships$";
    public const string Relationship = "^/v1.0/tenantRelationships/delegatedAdminRelationships/[^/]+$";
    public const string Requests = "^/v1.0/tenantRelationships/delegatedAdminRelationships/[^/]+/requests$";
    public const string Assignments = "^/v1.0/tenantRelationships/delegatedAdminRelationships/[^/]+/accessAssignments$";
    public const string Assignment = "^/v1.0/tenantRelationships/delegatedAdminRelationships/[^/]+/accessAssignments/[^/]+$";
    public const string Operations = "^/v1.0/tenantRelationships/delegatedAdminRelationships/[^/]+/operations$";
    public const string Operation = "^/v1.0/tenantRelationships/delegatedAdminRelationships/[^/]+/operations/[^/]+$";
    public const string Customers = "^/v1.0/tenantRelationships/delegatedAdminCustomers$";
    public const string ServiceManagementDetails = "^/v1.0/tenantRelationships/delegatedAdminCustomers/[^/]+/serviceManagementDetails$";

    /// <summary>The path of one relationship, for tests that answer two ids differently.</summary>
    public static string RelationshipOf(string id) => "^/v1.0/tenantRelationships/delegatedAdminRelationships/" + Regex.Escape(id) + "$";
}
