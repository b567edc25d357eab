using System.Collections.Concurrent;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Planning;

/// <summary>
/// Brings many customers to a desired state of access templates: <see cref="PlanAsync"/> reads the partner's
/// relationships and assignments and says what will change; <see cref="ApplyAsync(AccessPlan, IProgress{ApplyProgress}?, CancellationToken)"/>
/// makes the changes, many customers at once, paced to the service's throttling.
/// </summary>
/// <remarks>
/// <para>Idempotent and resumable: relationship names are derived from customer and template
/// (<see cref="RelationshipNames"/>), so planning again after a successful apply finds nothing to do, and applying
/// again after a cancel or crash picks up where the first run stopped without creating anything twice.</para>
/// <para>Customer approval is a human step: the first apply creates and locks relationships and reports the approval
/// links; an apply after approval creates the access assignments.</para>
/// <para>One planner shares one pacer across all its calls, so keep one per client.</para>
/// </remarks>
public sealed class AccessPlanner
{
    private readonly IPartnerAccessClient _client;
    private readonly RequestPacer _pacer;
    private readonly IStateAwareWriteCapability? _writer;
    private readonly IAssignmentBatchReadCapability? _batchReader;

    // Relationships this planner has seen before they were active (created, or awaiting approval), whose assignments it
    // has neither read nor written since: none can exist before approval, so the first plan that finds one active
    // creates them without a read.
    private readonly ConcurrentDictionary<string, byte> _seenBeforeActive = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a planner over a client.</summary>
    /// <param name="client">The client; its <see cref="IPartnerAccessClient.TimeProvider"/> is the planner's clock.</param>
    /// <param name="options">Options; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An option cannot work; the message names every problem.</exception>
    public AccessPlanner(IPartnerAccessClient client, AccessPlannerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Options = options ?? new AccessPlannerOptions();
        if (Options.Problems() is { Count: > 0 } problems)
        {
            // One exception that names every problem, not the first one found.
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _client = client;
        _batchReader = Options.UseBatchReads ? Options.AssignmentBatchReader ?? client as IAssignmentBatchReadCapability : null;
        _writer = client as IStateAwareWriteCapability;
        _pacer = Options.Pacer ?? new RequestPacer(client.TimeProvider, Options.InitialRequestsPerSecond, Options.MaxRequestsPerSecond, Options.RequestsPerSecondLimitHint);
    }

    /// <summary>The options in force.</summary>
    public AccessPlannerOptions Options { get; }

    /// <summary>The pacer's current request rate per second; <see langword="null"/> while it has not been throttled.</summary>
    public double? CurrentRequestsPerSecond => _pacer.CurrentRate;

    /// <summary>
    /// The service's rate limit per second as the pacer measured it at the last throttle (or the hint it was given);
    /// <see langword="null"/> while unknown. Keep it for the next run's <see cref="AccessPlannerOptions.RequestsPerSecondLimitHint"/>.
    /// </summary>
    public double? MeasuredRequestsPerSecondLimit => _pacer.MeasuredLimit;

    /// <summary>Makes a plan from a desired state and a snapshot of the partner's state. Pure: no I/O, no clock.</summary>
    /// <param name="desired">The desired state.</param>
    /// <param name="snapshot">The partner's relationships, assignments and running operations.</param>
    /// <param name="now">The instant expiry is judged against.</param>
    /// <param name="options">Options; defaults when <see langword="null"/>.</param>
    /// <returns>The plan.</returns>
    public static AccessPlan CreatePlan(DesiredState desired, PartnerStateSnapshot snapshot, Instant now, AccessPlannerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(snapshot);
        return PlanCalculator.Create(desired, snapshot, now, options ?? new AccessPlannerOptions());
    }

    /// <summary>Reads the partner's state and plans what it takes to reach <paramref name="desired"/>.</summary>
    /// <param name="desired">The desired state.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The plan; print it with <see cref="AccessPlan.ToString"/>.</returns>
    public async Task<AccessPlan> PlanAsync(DesiredState desired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var matcher = new RelationshipMatcher(desired);
        var matched = await ReadRelationshipsAsync(matcher, null, cancellationToken).ConfigureAwait(false);
        var snapshot = await ReadDetailsAsync(desired, matched, trustSeenBeforeActive: true, cancellationToken).ConfigureAwait(false);

        // One customer's failed read never stops the others: apply reads that customer again in its first round.
        return PlanCalculator.Create(desired, snapshot, _client.TimeProvider.GetCurrentInstant(), Options);
    }

    /// <summary>Plans and applies in one go.</summary>
    /// <param name="desired">The desired state.</param>
    /// <param name="progress">Told each time a customer finishes; optional.</param>
    /// <param name="cancellationToken">Stops the run; what was done stays done, and the next apply resumes.</param>
    /// <returns>The per-customer results.</returns>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task<ApplyResult> ApplyAsync(DesiredState desired, IProgress<ApplyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(desired, cancellationToken).ConfigureAwait(false);
        return await ApplyAsync(plan, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Carries out a plan: customers in parallel (up to <see cref="AccessPlannerOptions.MaxConcurrency"/>), each
    /// customer's steps in order. A customer whose state moved, or that hit a transient failure, is read and planned
    /// again. One customer's failure never stops the others.
    /// </summary>
    /// <param name="plan">The plan, from <see cref="PlanAsync"/>.</param>
    /// <param name="progress">Told each time a customer finishes; optional.</param>
    /// <param name="cancellationToken">Stops the run; what was done stays done, and the next apply resumes.</param>
    /// <returns>The per-customer results, in plan order.</returns>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public Task<ApplyResult> ApplyAsync(AccessPlan plan, IProgress<ApplyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new PlanExecutor(_client, _writer, _pacer, Options, this).ApplyAsync(plan, progress, cancellationToken);
    }

    internal async Task<IReadOnlyList<PlanStep>> ReplanCustomerAsync(DesiredState desired, DesiredCustomer customer, CancellationToken cancellationToken)
    {
        var matcher = new RelationshipMatcher(desired, [customer]);
        var query = new RelationshipQuery { CustomerTenantId = customer.Customer.TenantId };
        var matched = await ReadRelationshipsAsync(matcher, query, cancellationToken).ConfigureAwait(false);

        // A customer planned again after a failure or a moved state is read in full.
        var snapshot = await ReadDetailsAsync(desired, matched, trustSeenBeforeActive: false, cancellationToken).ConfigureAwait(false);
        if (snapshot.Unread.Count > 0)
        {
            // Never plan a customer from a partial read: this round fails and the next one reads again.
            throw snapshot.Unread.Values.First();
        }

        return PlanCalculator.PlanCustomer(desired, customer, matched, snapshot, _client.TimeProvider.GetCurrentInstant(), Options);
    }

    /// <summary>Remembers a relationship seen before it was active: read so, or created by this planner.</summary>
    internal void SeenBeforeActive(Relationship relationship)
    {
        if (relationship.Status is RelationshipStatus.Created or RelationshipStatus.ApprovalPending or RelationshipStatus.Activating && relationship.Id.Length > 0)
        {
            _seenBeforeActive.TryAdd(relationship.Id, 0);
        }
    }

    /// <summary>Forgets it once its assignments have been read or written: from then on they are read as usual.</summary>
    internal void AssignmentsTouched(string relationshipId) => _seenBeforeActive.TryRemove(relationshipId, out _);

    // Paced, sent once: the client's retry layer owns every retry, so none multiplies here. A failed read in apply
    // ends the customer's round, and the next round plans again from fresh reads.
    internal Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        _pacer.RunAsync(call, cancellationToken, Options.PaceEachCall);

    internal Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken) => CallAsync(read, cancellationToken);

    internal async Task<IReadOnlyList<T>> ListAsync<T>(Func<CancellationToken, IAsyncEnumerable<T>> list, CancellationToken cancellationToken) =>
        await ReadAsync<IReadOnlyList<T>>(async ct =>
        {
            var items = new List<T>();
            await foreach (var item in list(ct).WithCancellation(ct).ConfigureAwait(false))
            {
                items.Add(item);
            }

            return items;
        }, cancellationToken).ConfigureAwait(false);

    private async Task<List<MatchedRelationship>> ReadRelationshipsAsync(RelationshipMatcher matcher, RelationshipQuery? query, CancellationToken cancellationToken)
    {
        // Streamed: only the relationships the desired state is about are kept, however many the partner has.
        return await ReadAsync(async ct =>
        {
            var matched = new List<MatchedRelationship>();
            await foreach (var relationship in _client.ListRelationshipsAsync(query, ct).WithCancellation(ct).ConfigureAwait(false))
            {
                if (matcher.Match(relationship) is { } match)
                {
                    matched.Add(match);
                    if (relationship.Status.IsEnded())
                    {
                        AssignmentsTouched(relationship.Id);
                    }
                    else
                    {
                        SeenBeforeActive(relationship);
                    }
                }
            }

            return matched;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PartnerStateSnapshot> ReadDetailsAsync(DesiredState desired, List<MatchedRelationship> matched, bool trustSeenBeforeActive, CancellationToken cancellationToken)
    {
        var active = matched.Where(m => m.Relationship.Status == RelationshipStatus.Active).Select(m => m.Relationship.Id).ToList();
        // Trusted once: the plan that skips the read is the one that creates the assignments, and any later plan reads
        // them (so drift made by others, or a relationship whose groups got nothing to create, is still seen).
        var notRead = trustSeenBeforeActive
            ? active.Where(id => _seenBeforeActive.TryRemove(id, out _)).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unread = new ConcurrentDictionary<string, PartnerAccessException>(StringComparer.OrdinalIgnoreCase);
        var assignments = await ReadAssignmentsAsync(active.Where(id => !notRead.Contains(id)).ToList(), unread, cancellationToken).ConfigureAwait(false);
        var snapshot = new PartnerStateSnapshot
        {
            Relationships = matched.Select(m => m.Relationship).ToList(),
            Assignments = assignments,
            Unread = unread,
            AssignmentsNotRead = notRead,
        };

        // Operations matter only where the plan would start a background change; read just those, then plan for real.
        var probe = PlanCalculator.Create(desired, snapshot, _client.TimeProvider.GetCurrentInstant(), Options);
        var changing = probe.Steps
            .Where(s => s.Kind is PlanStepKind.RemoveGlobalAdministrator or PlanStepKind.UpdateAssignment && s.Relationship is not null)
            .Select(s => s.Relationship!.Id)
            .Where(id => !unread.ContainsKey(id))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (changing.Count == 0)
        {
            return snapshot;
        }

        var operations = new ConcurrentDictionary<string, IReadOnlyList<RelationshipOperation>>(StringComparer.OrdinalIgnoreCase);
        await Parallel.ForEachAsync(changing, ParallelOptions(cancellationToken), async (id, ct) =>
            await ReadOneAsync(id, unread, async () => operations[id] = await ListAsync(c => _client.ListOperationsAsync(id, c), ct).ConfigureAwait(false)).ConfigureAwait(false)).ConfigureAwait(false);
        return snapshot with { Operations = operations, Unread = unread };
    }

    // A relationship whose details could not be read (the client's retry budget ran out) is recorded, not thrown.
    private static async Task ReadOneAsync(string relationshipId, ConcurrentDictionary<string, PartnerAccessException> unread, Func<Task> read)
    {
        try
        {
            await read().ConfigureAwait(false);
        }
        catch (PartnerAccessException error)
        {
            unread[relationshipId] = error;
        }
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>>> ReadAssignmentsAsync(
        IReadOnlyList<string> relationshipIds, ConcurrentDictionary<string, PartnerAccessException> unread, CancellationToken cancellationToken)
    {
        var result = new ConcurrentDictionary<string, IReadOnlyList<AccessAssignment>>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in relationshipIds)
        {
            AssignmentsTouched(id);
        }

        if (relationshipIds.Count == 0)
        {
            return result;
        }

        // Batches save round trips, not quota, and arrive as bursts: worth it while latency sets the pace, not once the
        // service has throttled (the pacer has a rate then).
        if (_batchReader is { } batch && relationshipIds.Count > 1 && _pacer.CurrentRate is null)
        {
            var chunks = relationshipIds.Chunk(Math.Max(1, batch.MaxBatchSize)).ToList();
            var notServed = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(chunks, ParallelOptions(cancellationToken), async (chunk, ct) =>
            {
                // The service counts every item of a batch against its limit; the call itself takes one permit.
                for (var extra = 1; extra < chunk.Length; extra++)
                {
                    await _pacer.AcquireAsync(ct).ConfigureAwait(false);
                }

                AccessAssignmentBatch read;
                try
                {
                    read = await ReadAsync(c => batch.ListAccessAssignmentsAsync(chunk, c), ct).ConfigureAwait(false);
                }
                catch (PartnerAccessException error)
                {
                    foreach (var id in chunk)
                    {
                        unread[id] = error;
                    }

                    return;
                }

                foreach (var (id, list) in read.Assignments)
                {
                    result[id] = list;
                }

                // The envelope's success was recorded; the items the service served count too, or a throttle would
                // set the rate from a fraction of what really went through.
                _pacer.OnSuccess(Math.Max(0, read.Assignments.Count - 1));
                if (read.Throttled.Count > 0)
                {
                    // A 429 inside a 200 envelope: no retry layer saw it, so the pacer slows down here.
                    _pacer.OnThrottled(read.RetryAfter);
                }

                foreach (var id in read.Throttled.Concat(read.Unavailable))
                {
                    notServed.Add(id);
                }
            }).ConfigureAwait(false);

            // Items the envelope did not serve are read one by one, through the client's retry layer; never re-batched.
            await Parallel.ForEachAsync(notServed.Distinct(StringComparer.OrdinalIgnoreCase), ParallelOptions(cancellationToken), async (id, ct) =>
                await ReadOneAsync(id, unread, async () => result[id] = await ListAsync(c => _client.ListAccessAssignmentsAsync(id, null, c), ct).ConfigureAwait(false)).ConfigureAwait(false)).ConfigureAwait(false);
            return result;
        }

        await Parallel.ForEachAsync(relationshipIds, ParallelOptions(cancellationToken), async (id, ct) =>
            await ReadOneAsync(id, unread, async () => result[id] = await ListAsync(c => _client.ListAccessAssignmentsAsync(id, null, c), ct).ConfigureAwait(false)).ConfigureAwait(false)).ConfigureAwait(false);
        return result;
    }

    private ParallelOptions ParallelOptions(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Options.MaxConcurrency, CancellationToken = cancellationToken };
}
