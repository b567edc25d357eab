using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.TestSupport;

/// <summary>Relationships, assignments and a small fake client shared by the notification, audit and report tests.</summary>
public static class Fixtures
{
    public const string PartnerTenantId = "8777b240-c6f0-4469-9e98-a3205431b836";
    public const string ContosoTenantId = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";
    public const string FabrikamTenantId = "0f9c5e2a-1d34-4e7b-9a51-6c2d8e0f4a17";
    public const string HelpdeskGroupId = "869713c9-0b28-4d08-8949-ae07ae1bf528";
    public const string ExchangeGroupId = "2b7f1a55-6a8e-4a0c-8d3e-1f2a3b4c5d6e";

    public static readonly Instant T0 = Instant.FromUtc(2025, 1, 1, 9, 0);

    public static CustomerParticipant Contoso { get; } = new(ContosoTenantId, "Contoso Ltd");

    public static CustomerParticipant Fabrikam { get; } = new(FabrikamTenantId, "Fabrikam Inc");

    public static string RelationshipId(int n) => $"{new Guid(n, 0x1111, 0x2222, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa):D}-{PartnerTenantId}";

    public static Relationship Active(
        int n,
        Instant activatedAt,
        int days,
        IReadOnlyList<RoleGrant>? roles = null,
        bool autoExtend = false,
        CustomerParticipant? customer = null,
        string? name = null,
        Instant? endsAt = null) => new()
    {
        Id = RelationshipId(n),
        DisplayName = name ?? $"Contoso support {n}",
        Customer = customer ?? Contoso,
        Roles = roles ?? [WellKnownRoles.HelpdeskAdministrator, WellKnownRoles.ExchangeAdministrator],
        Window = new AccessWindow(Duration.FromDays(days), autoExtend ? GdapDurations.AutoExtendPeriod : Duration.Zero, activatedAt, endsAt ?? activatedAt + Duration.FromDays(days)),
        Status = RelationshipStatus.Active,
        CreatedAt = activatedAt - Duration.FromDays(2),
        LastModifiedAt = activatedAt,
    };

    public static Relationship Pending(int n, Instant lockedAt, CustomerParticipant? customer = null) => new()
    {
        Id = RelationshipId(n),
        DisplayName = $"Pending {n}",
        Customer = customer,
        Roles = [WellKnownRoles.UserAdministrator],
        Window = new AccessWindow(Duration.FromDays(180), Duration.Zero),
        Status = RelationshipStatus.ApprovalPending,
        CreatedAt = lockedAt - Duration.FromHours(1),
        LastModifiedAt = lockedAt,
    };

    public static AccessAssignment Assignment(Relationship relationship, string groupId, AccessAssignmentStatus status, params RoleGrant[] roles) => new()
    {
        Id = $"{groupId[..8]}-aaaa-4bbb-8ccc-{relationship.Id[..12]}",
        RelationshipId = relationship.Id,
        SecurityGroupId = groupId,
        Roles = roles,
        Status = status,
        CreatedAt = relationship.ActivatedAt ?? relationship.CreatedAt,
        LastModifiedAt = relationship.ActivatedAt ?? relationship.CreatedAt,
    };

    /// <summary>The folder of the calling test source file, for golden files checked in beside the tests.</summary>
    public static string SourceFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}

/// <summary>An <see cref="IPartnerAccessClient"/> over fixed data: enough for the readers under test, nothing more.</summary>
public sealed class FixedPartnerAccessClient(TimeProvider timeProvider) : IPartnerAccessClient
{
    public List<Relationship> Relationships { get; } = [];

    public Dictionary<string, List<AccessAssignment>> Assignments { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<AuditRecord> AuditRecords { get; } = [];

    public int ListRelationshipCalls { get; private set; }

    public TimeProvider TimeProvider { get; } = timeProvider;

    public Task<Relationship> GetRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Relationships.FirstOrDefault(r => r.Id == relationshipId) is { } found
            ? Task.FromResult(found)
            : throw new PartnerAccessException(PartnerAccessErrorCode.NotFound, "not found");

    public async IAsyncEnumerable<Relationship> ListRelationshipsAsync(RelationshipQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ListRelationshipCalls++;
        var now = NodaTime.Extensions.TimeProviderExtensions.GetCurrentInstant(TimeProvider);
        foreach (var relationship in Relationships.ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (query is null || query.Matches(relationship, now))
            {
                yield return relationship;
            }
        }

        await Task.CompletedTask;
    }

    public IAsyncEnumerable<AccessAssignment> ListAccessAssignmentsAsync(string relationshipId, AccessAssignmentQuery? query = null, CancellationToken cancellationToken = default) =>
        Yield(Assignments.GetValueOrDefault(relationshipId) ?? []);

    public IAsyncEnumerable<RelationshipRequest> ListRequestsAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Yield(Array.Empty<RelationshipRequest>());

    public IAsyncEnumerable<RelationshipOperation> ListOperationsAsync(string relationshipId, CancellationToken cancellationToken = default) =>
        Yield(Array.Empty<RelationshipOperation>());

    public IAsyncEnumerable<AuditRecord> ListAuditRecordsAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        Yield(AuditRecords.Where(query.Matches).ToList());

    public Task<Relationship> CreateRelationshipAsync(CreateRelationshipRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<UpdateOutcome<Relationship>> UpdateRelationshipAsync(Relationship relationship, RelationshipUpdate update, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteRelationshipAsync(Relationship relationship, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RelationshipRequest> LockForApprovalAsync(string relationshipId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RelationshipRequest> TerminateRelationshipAsync(string relationshipId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AccessAssignment> CreateAccessAssignmentAsync(string relationshipId, CreateAccessAssignmentRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AccessAssignment> GetAccessAssignmentAsync(string relationshipId, string accessAssignmentId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<UpdateOutcome<AccessAssignment>> UpdateAccessAssignmentAsync(AccessAssignment accessAssignment, IReadOnlyList<RoleGrant> roles, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteAccessAssignmentAsync(AccessAssignment accessAssignment, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RelationshipOperation> GetOperationAsync(string relationshipId, string operationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<DelegatedAdminCustomer> ListCustomersAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<ServiceManagementDetail> ListServiceManagementDetailsAsync(string customerId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    private static async IAsyncEnumerable<T> Yield<T>(IEnumerable<T> items)
    {
        foreach (var item in items.ToList())
        {
            yield return item;
        }

        await Task.CompletedTask;
    }
}

/// <summary>Collects log entries in memory.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, formatter(state, exception), exception));
        }
    }
}
