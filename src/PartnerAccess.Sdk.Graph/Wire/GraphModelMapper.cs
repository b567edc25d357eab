using Microsoft.Graph.Models;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Customers;
using DomainCustomer = PartnerAccess.Sdk.Customers.DelegatedAdminCustomer;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;
using DomainOperationStatus = PartnerAccess.Sdk.Relationships.OperationStatus;
using DomainRequestAction = PartnerAccess.Sdk.Relationships.RelationshipRequestAction;
using DomainRequestStatus = PartnerAccess.Sdk.Relationships.RelationshipRequestStatus;
using RelationshipStatus = PartnerAccess.Sdk.Relationships.RelationshipStatus;

namespace PartnerAccess.Sdk.Graph.Wire;

/// <summary>
/// Converts Graph's Kiota models to the SDK's domain model and back. Reading is lenient: unknown enum values become
/// <c>Unknown</c>, role ids the catalog does not know stay as unknown grants, an empty <c>activatedDateTime</c> reads
/// as "not yet". Durations travel as <see cref="TimeSpan"/>, which Kiota writes in ISO-8601 day form (<c>P730D</c>).
/// </summary>
internal static class GraphModelMapper
{
    private const string ETagKey = "@odata.etag";

    /// <summary>Maps a relationship, including the reseller subtype.</summary>
    /// <param name="source">The Graph model.</param>
    /// <returns>The domain relationship.</returns>
    public static Relationship ToRelationship(DelegatedAdminRelationship source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var activatedAt = ToInstant(source.ActivatedDateTime);

        // Before activation the domain has no end; Graph's create example shows createdDateTime + duration there.
        var endsAt = activatedAt is null ? null : ToInstant(source.EndDateTime);
        if (activatedAt is { } start && endsAt is { } end && end < start)
        {
            endsAt = null;
        }

        var reseller = source as ResellerDelegatedAdminRelationship;
        return new Relationship
        {
            Id = source.Id ?? string.Empty,
            DisplayName = source.DisplayName ?? string.Empty,
            Customer = source.Customer is { TenantId: { } tenantId } customer ? new CustomerParticipant(tenantId, customer.DisplayName) : null,
            Roles = ToRoles(source.AccessDetails),
            Window = new AccessWindow(NonNegative(source.Duration), NonNegative(source.AutoExtendDuration), activatedAt, endsAt),
            Status = GraphNames.Parse<RelationshipStatus>(source.Status?.ToString()),
            CreatedAt = ToInstant(source.CreatedDateTime) ?? default,
            LastModifiedAt = ToInstant(source.LastModifiedDateTime) ?? default,
            ETag = ReadETag(source.AdditionalData),
            IndirectProviderTenantId = reseller?.IndirectProviderTenantId,
            IsPartnerConsentPending = reseller?.IsPartnerConsentPending,
        };
    }

    /// <summary>Maps an access assignment.</summary>
    /// <param name="source">The Graph model.</param>
    /// <param name="relationshipId">The relationship it belongs to.</param>
    /// <returns>The domain assignment.</returns>
    public static AccessAssignment ToAccessAssignment(DelegatedAdminAccessAssignment source, string relationshipId)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new AccessAssignment
        {
            Id = source.Id ?? string.Empty,
            RelationshipId = relationshipId,
            SecurityGroupId = source.AccessContainer?.AccessContainerId ?? string.Empty,
            Roles = ToRoles(source.AccessDetails),
            Status = GraphNames.Parse<AccessAssignmentStatus>(source.Status?.ToString()),
            CreatedAt = ToInstant(source.CreatedDateTime) ?? default,
            LastModifiedAt = ToInstant(source.LastModifiedDateTime) ?? default,
            ETag = ReadETag(source.AdditionalData),
        };
    }

    /// <summary>Maps a relationship request.</summary>
    /// <param name="source">The Graph model.</param>
    /// <param name="relationshipId">The relationship it acts on.</param>
    /// <returns>The domain request.</returns>
    public static RelationshipRequest ToRequest(DelegatedAdminRelationshipRequest source, string relationshipId)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new RelationshipRequest
        {
            Id = source.Id ?? string.Empty,
            RelationshipId = relationshipId,
            Action = GraphNames.Parse<DomainRequestAction>(source.Action?.ToString()),
            Status = GraphNames.Parse<DomainRequestStatus>(source.Status?.ToString()),
            CreatedAt = ToInstant(source.CreatedDateTime) ?? default,
            LastModifiedAt = ToInstant(source.LastModifiedDateTime) ?? default,
        };
    }

    /// <summary>Maps a long-running operation; <c>data</c> stays the JSON string Graph sends.</summary>
    /// <param name="source">The Graph model.</param>
    /// <param name="relationshipId">The relationship it belongs to.</param>
    /// <returns>The domain operation.</returns>
    public static RelationshipOperation ToOperation(DelegatedAdminRelationshipOperation source, string relationshipId)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new RelationshipOperation
        {
            Id = source.Id ?? string.Empty,
            RelationshipId = relationshipId,
            OperationType = GraphNames.Parse<RelationshipOperationType>(source.OperationType?.ToString()),
            Status = GraphNames.Parse<DomainOperationStatus>(source.Status?.ToString()),
            Data = source.Data,
            CreatedAt = ToInstant(source.CreatedDateTime) ?? default,
            LastModifiedAt = ToInstant(source.LastModifiedDateTime) ?? default,
            ETag = ReadETag(source.AdditionalData),
        };
    }

    /// <summary>Maps a customer.</summary>
    /// <param name="source">The Graph model.</param>
    /// <returns>The domain customer.</returns>
    public static DomainCustomer ToCustomer(Microsoft.Graph.Models.DelegatedAdminCustomer source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new DomainCustomer
        {
            Id = source.Id ?? source.TenantId ?? string.Empty,
            TenantId = source.TenantId ?? source.Id ?? string.Empty,
            DisplayName = source.DisplayName,
            ETag = ReadETag(source.AdditionalData),
        };
    }

    /// <summary>Maps a service management detail.</summary>
    /// <param name="source">The Graph model.</param>
    /// <returns>The domain detail.</returns>
    public static ServiceManagementDetail ToServiceManagementDetail(DelegatedAdminServiceManagementDetail source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ServiceManagementDetail(source.Id ?? string.Empty, source.ServiceName ?? string.Empty, source.ServiceManagementUrl ?? string.Empty);
    }

    /// <summary>The body of a relationship create.</summary>
    /// <param name="request">The validated request.</param>
    /// <returns>The Graph model to POST.</returns>
    public static DelegatedAdminRelationship ToCreateBody(CreateRelationshipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new DelegatedAdminRelationship
        {
            DisplayName = request.DisplayName,
            Duration = request.Duration.ToTimeSpan(),
            AutoExtendDuration = request.AutoExtendDuration.ToTimeSpan(),
            AccessDetails = ToAccessDetails(request.Roles),
            Customer = request.Customer is null ? null : ToCustomerParticipant(request.Customer),
        };
    }

    /// <summary>The body of a relationship PATCH: only the properties the update sets.</summary>
    /// <param name="update">The validated update.</param>
    /// <returns>The Graph model to PATCH.</returns>
    public static DelegatedAdminRelationship ToUpdateBody(RelationshipUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = new DelegatedAdminRelationship();
        if (update.DisplayName is not null)
        {
            body.DisplayName = update.DisplayName;
        }

        if (update.Duration is { } duration)
        {
            body.Duration = duration.ToTimeSpan();
        }

        if (update.AutoExtendDuration is { } autoExtend)
        {
            body.AutoExtendDuration = autoExtend.ToTimeSpan();
        }

        if (update.Roles is not null)
        {
            body.AccessDetails = ToAccessDetails(update.Roles);
        }

        if (update.Customer is not null)
        {
            body.Customer = ToCustomerParticipant(update.Customer);
        }

        return body;
    }

    /// <summary>The body of an access-assignment create.</summary>
    /// <param name="request">The validated request.</param>
    /// <returns>The Graph model to POST.</returns>
    public static DelegatedAdminAccessAssignment ToCreateBody(CreateAccessAssignmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new DelegatedAdminAccessAssignment
        {
            AccessContainer = new DelegatedAdminAccessContainer
            {
                AccessContainerId = request.SecurityGroupId,
                AccessContainerType = DelegatedAdminAccessContainerType.SecurityGroup,
            },
            AccessDetails = ToAccessDetails(request.Roles),
        };
    }

    /// <summary>The body of an access-assignment PATCH: the roles only.</summary>
    /// <param name="roles">The new roles.</param>
    /// <returns>The Graph model to PATCH.</returns>
    public static DelegatedAdminAccessAssignment ToUpdateBody(IReadOnlyList<RoleGrant> roles) => new() { AccessDetails = ToAccessDetails(roles) };

    /// <summary>Reads <c>@odata.etag</c> from a model's additional data.</summary>
    /// <param name="additionalData">The model's additional data.</param>
    /// <returns>The ETag, or a default (empty) one.</returns>
    public static ETag ReadETag(IDictionary<string, object>? additionalData) =>
        additionalData is not null && additionalData.TryGetValue(ETagKey, out var value) && value is string { Length: > 0 } text
            ? new ETag(text)
            : default;

    private static DelegatedAdminAccessDetails ToAccessDetails(IEnumerable<RoleGrant> roles) => new()
    {
        UnifiedRoles = roles.Select(r => new UnifiedRole { RoleDefinitionId = r.RoleDefinitionId.ToString("D") }).ToList(),
    };

    private static DelegatedAdminRelationshipCustomerParticipant ToCustomerParticipant(CustomerParticipant customer) => new()
    {
        TenantId = customer.TenantId,
        DisplayName = customer.DisplayName,
    };

    private static List<RoleGrant> ToRoles(DelegatedAdminAccessDetails? details) =>
        details?.UnifiedRoles?
            .Select(r => Guid.TryParse(r.RoleDefinitionId, out var id) ? new RoleGrant(id) : null)
            .OfType<RoleGrant>()
            .ToList() ?? [];

    private static Instant? ToInstant(DateTimeOffset? value) => value is { } v ? Instant.FromDateTimeOffset(v) : null;

    private static Duration NonNegative(TimeSpan? value) => value is { } v && v > TimeSpan.Zero ? Duration.FromTimeSpan(v) : Duration.Zero;
}
