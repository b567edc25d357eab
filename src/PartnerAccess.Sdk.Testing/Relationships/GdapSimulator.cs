using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Extensions;
using NodaTime.Text;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Testing;

/// <summary>
/// The one implementation of GDAP service behaviour: the relationship and access-assignment state machines, the
/// service's own timed steps (activation, expiry, auto-extension, clean-up, long-running operations) and an audit trail.
/// <see cref="InMemoryPartnerAccessClient"/> wraps it; the emulator serves it over HTTP. Every request is checked with
/// <see cref="GdapRules"/>.
/// </summary>
/// <remarks>
/// <para>
/// Time comes only from <see cref="TimeProvider"/>. Nothing runs in the background: every public member first brings
/// the state up to "now", running each transition that has come due in time order and stamping it (and its audit
/// record) with the instant it was due, then acts. Advancing a fake clock by a year therefore yields every
/// auto-extension, expiry and clean-up of that year, each at its own instant.
/// </para>
/// <para>
/// Every public member is thread-safe (one lock). Failures throw <see cref="PartnerAccessException"/>: rule violations
/// (all of them at once) from <see cref="PartnerAccessException.FromViolations"/>, and
/// <see cref="PartnerAccessErrorCode.NotFound"/> for ids that do not exist or were cleaned up. A failed call changes nothing.
/// </para>
/// </remarks>
public sealed partial class GdapSimulator
{
    private static readonly IReadOnlyDictionary<string, string> NoDetails = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());
    private static readonly InstantPattern DetailPattern = InstantPattern.ExtendedIso;
    private static readonly InstantPattern SummaryPattern = InstantPattern.CreateWithInvariantCulture("uuuu-MM-dd HH:mm 'UTC'");

    private readonly object _gate = new();
    private readonly Dictionary<string, RelationshipEntry> _relationships = new(StringComparer.OrdinalIgnoreCase);
    private readonly SortedSet<RelationshipEntry> _relationshipsInOrder = new(Comparer<RelationshipEntry>.Create(CompareByCreation));
    private readonly Dictionary<string, List<RelationshipEntry>> _relationshipsByName = new(GdapRules.DisplayNameComparer);
    private readonly Dictionary<string, CustomerEntry> _customers = new(StringComparer.OrdinalIgnoreCase);
    private List<DelegatedAdminCustomer>? _customersInOrder;
    private readonly SortedSet<ScheduledTransition> _timeline = new(ScheduledTransitionComparer.Instance);
    private readonly List<AuditRecord> _audit = [];
    private readonly List<AuditRecord> _unannounced = [];
    private readonly AuditActor _partner;
    private readonly AuditActor _reseller;
    private long _sequence;
    private Duration? _assignmentActivationDelay;
    private Duration? _operationDelay;

    /// <summary>Creates a simulator with no relationships.</summary>
    /// <param name="timeProvider">The only source of "now"; use a fake one in tests and move it forward.</param>
    /// <param name="options">Partner tenant, rule settings and delays; defaults (everything immediate) when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The partner tenant id is not a GUID, or a delay is negative.</exception>
    public GdapSimulator(TimeProvider timeProvider, GdapSimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new GdapSimulatorOptions();
        options.Validate();
        TimeProvider = timeProvider;
        Options = options;
        Rules = new GdapRules(options.Rules);
        _partner = new AuditActor(AuditActorKind.Partner, options.PartnerTenantId, "Partner");
        _reseller = new AuditActor(AuditActorKind.Reseller, options.PartnerTenantId, "Indirect reseller");
    }

    /// <summary>Raised after every state change, outside the lock, with the audit record that describes it.</summary>
    /// <remarks>Handlers run on the calling thread and should not throw.</remarks>
    public event EventHandler<AuditRecord>? Changed;

    /// <summary>The simulator's clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The settings in force.</summary>
    public GdapSimulatorOptions Options { get; }

    /// <summary>The rule engine every request is checked with.</summary>
    public GdapRules Rules { get; }

    /// <summary>
    /// Replaces <see cref="GdapSimulatorOptions.AssignmentActivationDelay"/> and <see cref="GdapSimulatorOptions.OperationDelay"/>
    /// for what is scheduled from now on; <see langword="null"/> goes back to the option. The emulator's fault profiles use it.
    /// </summary>
    internal void SetServiceDelays(Duration? assignmentActivation, Duration? operation)
    {
        lock (_gate)
        {
            _assignmentActivationDelay = assignmentActivation;
            _operationDelay = operation;
        }
    }

    /// <summary>Forgets every relationship, customer and audit record, as if the service were new.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _relationships.Clear();
            _relationshipsInOrder.Clear();
            _relationshipsByName.Clear();
            _customers.Clear();
            _customersInOrder = null;
            _timeline.Clear();
            _audit.Clear();
            _unannounced.Clear();
        }
    }

    private static int CompareByCreation(RelationshipEntry? x, RelationshipEntry? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byTime = x.Value.CreatedAt.CompareTo(y.Value.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.Value.Id, y.Value.Id);
    }

    private static PartnerAccessException NotFound(string what, string? id) =>
        new(PartnerAccessErrorCode.NotFound, $"{what} '{id}' was not found.");

    private static string FormatRoleIds(IEnumerable<RoleGrant> roles) =>
        string.Join(",", roles.Select(r => r.RoleDefinitionId.ToString("D", CultureInfo.InvariantCulture)));

    private static string FormatRoleNames(IEnumerable<RoleGrant> roles) => string.Join(", ", roles.Select(r => r.Name));

    private static string FormatDays(Duration duration) => GdapDurations.Format(duration);

    private static string Detail(Instant? instant) => instant is { } value ? DetailPattern.Format(value) : string.Empty;

    private static string Human(Instant? instant) => instant is { } value ? SummaryPattern.Format(value) : "(not set)";

    private static IReadOnlyDictionary<string, string> Details(params (string Key, string? Value)[] pairs)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            if (value is not null)
            {
                details[key] = value;
            }
        }

        return new ReadOnlyDictionary<string, string>(details);
    }

    /// <summary>Runs one public call: catch up with the clock, act, catch up again, then announce the changes.</summary>
    private T Run<T>(Func<Instant, T> action)
    {
        List<AuditRecord>? changes = null;
        try
        {
            lock (_gate)
            {
                try
                {
                    var now = TimeProvider.GetCurrentInstant();
                    CatchUp(now);
                    var result = action(now);

                    // Zero delays mean "at once": the answer shows the state as accepted, a read right after shows the next one.
                    CatchUp(now);
                    return result;
                }
                finally
                {
                    changes = [.. _unannounced];
                    _unannounced.Clear();
                }
            }
        }
        finally
        {
            Announce(changes);
        }
    }

    private void Run(Action<Instant> action) => Run(now =>
    {
        action(now);
        return true;
    });

    private void Announce(List<AuditRecord>? changes)
    {
        var handler = Changed;
        if (handler is null || changes is null)
        {
            return;
        }

        foreach (var change in changes)
        {
            handler(this, change);
        }
    }

    private RelationshipEntry FindRelationship(string relationshipId)
    {
        GdapRules.ThrowIfAny(Rules.ValidateRelationshipId(relationshipId));
        return _relationships.TryGetValue(relationshipId, out var entry) ? entry : throw NotFound("Relationship", relationshipId);
    }

    private static AssignmentEntry FindAssignment(RelationshipEntry relationship, string accessAssignmentId) =>
        relationship.Assignments.Find(a => string.Equals(a.Value.Id, accessAssignmentId, StringComparison.OrdinalIgnoreCase))
        ?? throw NotFound("Access assignment", accessAssignmentId);

    private ETag NewETag() =>
        new($"W/\"{Convert.ToBase64String(Encoding.UTF8.GetBytes($"\"{NextGuid():D}\""))}\"");

    private string NewId() => NextGuid().ToString("D");

    private Guid NextGuid() => Options.IdGenerator?.Invoke() ?? Guid.NewGuid();

    private IEnumerable<RelationshipEntry> SameName(string? displayName) =>
        displayName is not null && _relationshipsByName.TryGetValue(displayName, out var entries) ? entries : [];

    private IEnumerable<Relationship> SameNameRelationships(string? displayName) => SameName(displayName).Select(e => e.Value);

    private void AddRelationship(RelationshipEntry entry)
    {
        _relationships.Add(entry.Value.Id, entry);
        _relationshipsInOrder.Add(entry);
        IndexName(entry);
        Reschedule(entry);
    }

    private void RemoveRelationship(RelationshipEntry entry)
    {
        _relationships.Remove(entry.Value.Id);
        _relationshipsInOrder.Remove(entry);
        UnindexName(entry, entry.Value.DisplayName);
        Unschedule(entry);
        foreach (var child in entry.Assignments.Cast<TimedEntry>().Concat(entry.Operations).Concat(entry.Requests))
        {
            Unschedule(child);
        }
    }

    private void IndexName(RelationshipEntry entry)
    {
        if (!_relationshipsByName.TryGetValue(entry.Value.DisplayName, out var entries))
        {
            entries = [];
            _relationshipsByName.Add(entry.Value.DisplayName, entries);
        }

        entries.Add(entry);
    }

    private void UnindexName(RelationshipEntry entry, string displayName)
    {
        if (_relationshipsByName.TryGetValue(displayName, out var entries))
        {
            entries.Remove(entry);
            if (entries.Count == 0)
            {
                _relationshipsByName.Remove(displayName);
            }
        }
    }

    /// <summary>Replaces a relationship's state, stamping the change, and keeps every index and timer in step.</summary>
    private Relationship ChangeRelationship(RelationshipEntry entry, Instant at, Func<Relationship, Relationship> change)
    {
        var before = entry.Value;
        var after = change(before) with { LastModifiedAt = at, ETag = NewETag() };
        entry.Value = after;
        if (!string.Equals(before.DisplayName, after.DisplayName, StringComparison.Ordinal))
        {
            UnindexName(entry, before.DisplayName);
            IndexName(entry);
        }

        if (before.Status != after.Status)
        {
            entry.StatusSince = at;
            if (before.Status == RelationshipStatus.Active)
            {
                CountActiveRelationship(before.Customer, -1);
            }

            if (after.Status == RelationshipStatus.Active)
            {
                CountActiveRelationship(after.Customer, +1);
            }
        }

        Reschedule(entry);
        return after;
    }

    private AccessAssignment ChangeAssignment(AssignmentEntry entry, Instant at, Func<AccessAssignment, AccessAssignment> change)
    {
        var before = entry.Value;
        var after = change(before) with { LastModifiedAt = at, ETag = NewETag() };
        entry.Value = after;
        if (before.Status != after.Status)
        {
            entry.StatusSince = at;
        }

        Reschedule(entry);
        return after;
    }

    private void Record(
        AuditRecordKind kind,
        Instant at,
        AuditActor actor,
        RelationshipEntry relationship,
        string summary,
        IReadOnlyDictionary<string, string>? details = null,
        AccessAssignment? assignment = null)
    {
        var record = new AuditRecord
        {
            Id = NewId(),
            OccurredAt = at,
            Kind = kind,
            Actor = actor,
            Source = AuditSource.Sdk,
            RelationshipId = relationship.Value.Id,
            AccessAssignmentId = assignment?.Id,
            CustomerTenantId = relationship.CustomerTenantId,
            PartnerTenantId = Options.PartnerTenantId,
            Summary = summary,
            Details = details ?? NoDetails,
        };
        _audit.Add(record);
        _unannounced.Add(record);
    }

    private static string Quote(Relationship relationship) => $"'{relationship.DisplayName}'";
}
