using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Graph.Wire;

/// <summary>
/// Builds the <c>$filter</c> expressions Graph (and the emulator) accept: <c>eq</c> comparisons joined by
/// <c>and</c>. Anything else, such as several statuses or an expiry window, is filtered on the client.
/// </summary>
internal static class ODataFilter
{
    /// <summary>A string literal with embedded quotes doubled, as OData requires.</summary>
    /// <param name="value">The value.</param>
    /// <returns>For example <c>'O''Brien'</c>.</returns>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The server-side part of a relationship query: one status and the customer tenant.</summary>
    /// <param name="query">The query; <see langword="null"/> for none.</param>
    /// <param name="includeCustomer">Whether the customer tenant goes to the server; off once it refused that filter.</param>
    /// <returns>The filter, or <see langword="null"/> when nothing can go to the server.</returns>
    public static string? ForRelationships(RelationshipQuery? query, bool includeCustomer = true)
    {
        if (query is null)
        {
            return null;
        }

        var terms = new List<string>();
        if (query.Statuses is { Count: 1 } statuses && statuses.Single() != RelationshipStatus.Unknown)
        {
            terms.Add("status eq " + Literal(GraphNames.ToGraphName(statuses.Single())));
        }

        if (includeCustomer && query.CustomerTenantId is { Length: > 0 } tenantId)
        {
            terms.Add("customer/tenantId eq " + Literal(tenantId));
        }

        return Join(terms);
    }

    /// <summary>The filter that finds relationships by display name, used to check for a create that already happened.</summary>
    /// <param name="displayName">The display name.</param>
    /// <returns>The filter.</returns>
    public static string ForDisplayName(string displayName) => "displayName eq " + Literal(displayName);

    /// <summary>The server-side part of an access-assignment query: one status and the security group.</summary>
    /// <param name="query">The query; <see langword="null"/> for none.</param>
    /// <param name="includeGroup">Whether the group goes to the server; off once Graph has refused that filter.</param>
    /// <returns>The filter, or <see langword="null"/> when nothing can go to the server.</returns>
    public static string? ForAccessAssignments(AccessAssignmentQuery? query, bool includeGroup = true)
    {
        if (query is null)
        {
            return null;
        }

        var terms = new List<string>();
        if (query.Statuses is { Count: 1 } statuses && statuses.Single() != AccessAssignmentStatus.Unknown)
        {
            terms.Add("status eq " + Literal(GraphNames.ToGraphName(statuses.Single())));
        }

        if (includeGroup && query.SecurityGroupId is { Length: > 0 } groupId)
        {
            terms.Add("accessContainer/accessContainerId eq " + Literal(groupId));
        }

        return Join(terms);
    }

    private static string? Join(List<string> terms) => terms.Count == 0 ? null : string.Join(" and ", terms);
}
