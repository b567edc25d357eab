using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Renewal;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Notifications;

/// <summary>What happened to one planned notice in a run.</summary>
public enum NotificationDelivery
{
    /// <summary>Every sender delivered it, and the ledger recorded it.</summary>
    Sent = 1,

    /// <summary>The ledger says it was sent before; nothing was sent again.</summary>
    AlreadySent,

    /// <summary>No recipient is configured for it; it is tried again on the next run.</summary>
    NoRecipients,

    /// <summary>A sender failed; it was not recorded and is tried again on the next run.</summary>
    Failed,
}

/// <summary>One planned notice and what became of it.</summary>
/// <param name="Notice">The notice.</param>
/// <param name="Delivery">What happened.</param>
/// <param name="Error">Why it failed, for <see cref="NotificationDelivery.Failed"/>.</param>
public sealed record NotificationOutcome(Notice Notice, NotificationDelivery Delivery, string? Error = null);

/// <summary>The result of one run of the notification pipeline.</summary>
/// <param name="RanAt">The instant the run planned for.</param>
/// <param name="Outcomes">Every planned notice and what became of it.</param>
public sealed record NotificationRunResult(Instant RanAt, IReadOnlyList<NotificationOutcome> Outcomes)
{
    /// <summary>The notices sent in this run.</summary>
    public IReadOnlyList<Notice> Sent => Outcomes.Where(o => o.Delivery == NotificationDelivery.Sent).Select(o => o.Notice).ToList();

    /// <summary>How many notices failed.</summary>
    public int FailedCount => Outcomes.Count(o => o.Delivery == NotificationDelivery.Failed);
}

/// <summary>Loads a relationship's access assignments, for renewal plans.</summary>
/// <param name="relationship">The relationship.</param>
/// <param name="cancellationToken">Cancels the call.</param>
/// <returns>Its assignments, including deleted ones.</returns>
public delegate Task<IReadOnlyList<AccessAssignment>> AccessAssignmentLoader(Relationship relationship, CancellationToken cancellationToken);

/// <summary>
/// Runs the notification pipeline once: plan (<see cref="NotificationPlanner"/>), skip what the
/// <see cref="INotificationLedger"/> has, compose (<see cref="NotificationComposer"/>), deliver to every
/// <see cref="INotificationSender"/>, record. A notice is recorded only when every sender delivered it, so a failure is
/// retried on the next run; a crash between delivery and record can repeat one notice once, never lose it.
/// </summary>
public sealed partial class NotificationDispatcher
{
    private readonly INotificationLedger _ledger;
    private readonly IReadOnlyList<INotificationSender> _senders;
    private readonly INotificationRecipientResolver _recipients;
    private readonly NotificationComposer _composer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RenewalOptions _renewalOptions;
    private readonly GdapRules _rules;
    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);

    /// <summary>Creates a dispatcher.</summary>
    /// <param name="planner">Decides which notices are due.</param>
    /// <param name="ledger">Remembers what was sent.</param>
    /// <param name="senders">Deliver messages; at least one.</param>
    /// <param name="recipients">Finds who gets each notice.</param>
    /// <param name="composer">Writes the messages.</param>
    /// <param name="timeProvider">The clock "now" comes from.</param>
    /// <param name="logger">Logs failures; none when <see langword="null"/>.</param>
    /// <param name="renewalOptions">How renewals are proposed in expiry notices; defaults when <see langword="null"/>.</param>
    /// <param name="rules">Checks proposed renewals; <see cref="GdapRules.Default"/> when <see langword="null"/>.</param>
    public NotificationDispatcher(
        NotificationPlanner planner,
        INotificationLedger ledger,
        IEnumerable<INotificationSender> senders,
        INotificationRecipientResolver recipients,
        NotificationComposer composer,
        TimeProvider timeProvider,
        ILogger<NotificationDispatcher>? logger = null,
        RenewalOptions? renewalOptions = null,
        GdapRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(senders);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Planner = planner;
        _ledger = ledger;
        _senders = senders.ToList();
        if (_senders.Count == 0)
        {
            throw new ArgumentException("At least one notification sender is required.", nameof(senders));
        }

        _recipients = recipients;
        _composer = composer;
        _timeProvider = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _renewalOptions = renewalOptions ?? new RenewalOptions();
        _rules = rules ?? GdapRules.Default;
    }

    /// <summary>The planner in use.</summary>
    public NotificationPlanner Planner { get; }

    /// <summary>Plans and sends the notices due now for <paramref name="relationships"/>. Runs of one dispatcher never overlap.</summary>
    /// <param name="relationships">Every relationship of the partner, as just read (renewal names must not clash with any).</param>
    /// <param name="loadAssignments">Reads assignments for renewal plans in expiry notices; generic renewal steps when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run; notices already sent stay recorded.</param>
    /// <returns>What happened to each planned notice.</returns>
    public async Task<NotificationRunResult> DispatchAsync(
        IReadOnlyCollection<Relationship> relationships,
        AccessAssignmentLoader? loadAssignments = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relationships);
        await _oneRunAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _timeProvider.GetCurrentInstant();
            var notices = Planner.Plan(relationships, now);
            var renewals = new Dictionary<string, RenewalPlan?>(StringComparer.Ordinal);
            var outcomes = new List<NotificationOutcome>(notices.Count);
            foreach (var notice in notices)
            {
                outcomes.Add(await DispatchOneAsync(notice, relationships, loadAssignments, renewals, cancellationToken).ConfigureAwait(false));
            }

            return new NotificationRunResult(now, outcomes);
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    private async Task<NotificationOutcome> DispatchOneAsync(
        Notice notice,
        IReadOnlyCollection<Relationship> relationships,
        AccessAssignmentLoader? loadAssignments,
        Dictionary<string, RenewalPlan?> renewals,
        CancellationToken cancellationToken)
    {
        if (await _ledger.ContainsAsync(notice.DedupeKey, cancellationToken).ConfigureAwait(false))
        {
            return new NotificationOutcome(notice, NotificationDelivery.AlreadySent);
        }

        var recipients = await _recipients.ResolveAsync(notice, cancellationToken).ConfigureAwait(false);
        if (recipients.Count == 0)
        {
            LogNoRecipients(_logger, notice.Kind, notice.Audience, notice.Relationship.Id);
            return new NotificationOutcome(notice, NotificationDelivery.NoRecipients);
        }

        var renewal = await RenewalForAsync(notice, relationships, loadAssignments, renewals, cancellationToken).ConfigureAwait(false);
        var message = _composer.Compose(notice, recipients, renewal);
        try
        {
            foreach (var sender in _senders)
            {
                await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSendFailed(_logger, e, notice.Kind, notice.Audience, notice.Relationship.Id);
            return new NotificationOutcome(notice, NotificationDelivery.Failed, e.Message);
        }

        var entry = new NotificationLedgerEntry(notice.DedupeKey, _timeProvider.GetCurrentInstant(), notice.Kind, notice.Relationship.Id);
        await _ledger.RecordAsync(entry, CancellationToken.None).ConfigureAwait(false);
        return new NotificationOutcome(notice, NotificationDelivery.Sent);
    }

    private async Task<RenewalPlan?> RenewalForAsync(
        Notice notice,
        IReadOnlyCollection<Relationship> relationships,
        AccessAssignmentLoader? loadAssignments,
        Dictionary<string, RenewalPlan?> renewals,
        CancellationToken cancellationToken)
    {
        if (notice.Audience != NotificationAudience.Partner || notice.Kind is not (NotificationKind.ExpiringSoon or NotificationKind.Expired))
        {
            return null;
        }

        var relationship = notice.Relationship;
        if (renewals.TryGetValue(relationship.Id, out var known))
        {
            return known;
        }

        IReadOnlyList<AccessAssignment> assignments = [];
        if (loadAssignments is not null)
        {
            try
            {
                assignments = await loadAssignments(relationship, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The notice still goes out, with generic renewal steps; it matters more than the detail.
                LogAssignmentsUnavailable(_logger, e, relationship.Id);
                renewals[relationship.Id] = null;
                return null;
            }
        }

        var plan = RenewalPlanner.Plan(relationship, assignments, relationships, _renewalOptions, _rules);
        renewals[relationship.Id] = plan;
        return plan;
    }

    [LoggerMessage(EventId = 4101, EventName = "GdapNoticeNoRecipients", Level = LogLevel.Debug,
        Message = "No recipients for GDAP notice {Kind} for {Audience} about relationship {RelationshipId}; it is not sent")]
    private static partial void LogNoRecipients(ILogger logger, NotificationKind kind, NotificationAudience audience, string relationshipId);

    [LoggerMessage(EventId = 4102, EventName = "GdapNoticeSendFailed", Level = LogLevel.Warning,
        Message = "Sending GDAP notice {Kind} for {Audience} about relationship {RelationshipId} failed; it is retried on the next run")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, NotificationKind kind, NotificationAudience audience, string relationshipId);

    [LoggerMessage(EventId = 4103, EventName = "GdapNoticeAssignmentsUnavailable", Level = LogLevel.Warning,
        Message = "Could not read the access assignments of relationship {RelationshipId}; its notice proposes a renewal without them")]
    private static partial void LogAssignmentsUnavailable(ILogger logger, Exception exception, string relationshipId);
}
