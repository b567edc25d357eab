using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Planning;

/// <summary>A relationship the matcher recognised as derived from a customer and a managed template.</summary>
/// <param name="Relationship">The relationship.</param>
/// <param name="Customer">The desired customer it belongs to.</param>
/// <param name="Template">The template it was derived from.</param>
/// <param name="Generation">1 for the first relationship of the pair, 2 and up for renewals.</param>
internal sealed record MatchedRelationship(Relationship Relationship, DesiredCustomer Customer, AccessTemplate Template, int Generation);

/// <summary>
/// Recognises the relationships derived from (customer, template) pairs of a desired state, by the tag at the end of
/// the display name and the customer's tenant id, so a renamed customer's relationships are still found.
/// </summary>
internal sealed class RelationshipMatcher
{
    private readonly Dictionary<string, List<(DesiredCustomer Customer, AccessTemplate Template)>> _byTag = new(StringComparer.OrdinalIgnoreCase);

    public RelationshipMatcher(DesiredState desired)
        : this(desired, desired.Customers)
    {
    }

    public RelationshipMatcher(DesiredState desired, IEnumerable<DesiredCustomer> customers)
    {
        foreach (var customer in customers)
        {
            foreach (var template in desired.Templates)
            {
                var tag = RelationshipNames.Tag(customer.Customer.TenantId, template.Name);
                if (!_byTag.TryGetValue(tag, out var list))
                {
                    list = [];
                    _byTag[tag] = list;
                }

                list.Add((customer, template));
            }
        }
    }

    public MatchedRelationship? Match(Relationship relationship)
    {
        if (!RelationshipNames.TryParse(relationship.DisplayName, out var tag, out var generation) ||
            !_byTag.TryGetValue(tag, out var candidates))
        {
            return null;
        }

        foreach (var (customer, template) in candidates)
        {
            var sameTenant = relationship.Customer is { } participant
                ? SameTenant(participant.TenantId, customer.Customer.TenantId)
                : string.Equals(relationship.DisplayName, RelationshipNames.Derive(customer.Customer, template.Name, generation), StringComparison.OrdinalIgnoreCase);
            if (sameTenant)
            {
                return new MatchedRelationship(relationship, customer, template, generation);
            }
        }

        return null;
    }

    public static bool SameTenant(string? left, string? right) =>
        Guid.TryParse(left, out var l) && Guid.TryParse(right, out var r) ? l == r : string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
}
