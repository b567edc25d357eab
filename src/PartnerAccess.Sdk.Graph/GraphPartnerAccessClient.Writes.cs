using Microsoft.Extensions.Logging;
using Microsoft.Graph.Models;
using PartnerAccess.Sdk.Graph.Resilience;
using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using DomainRequestAction = PartnerAccess.Sdk.Relationships.RelationshipRequestAction;
using RelationshipStatus = PartnerAccess.Sdk.Relationships.RelationshipStatus;
using DomainRequestStatus = PartnerAccess.Sdk.Relationships.RelationshipRequestStatus;

namespace PartnerAccess.Sdk.Graph;

// How every write ends when Graph is terse or its answer is lost:
// - a refusal (400, 409, 412) names no rule on Graph, so the client re-reads the object and runs GdapRules against the
//   fresh state, to throw the same code and rule codes the in-memory client throws;
// - an ambiguous failure (500, 502, 504, no answer) is resolved by reading, never by guessing, and a write is sent
//   again only when the read shows it did not happen; every send draws from one WriteBudget per call.
public sealed partial class GraphPartnerAccessClient
{
    /// <summary>What a read after a lost answer showed about a change.</summary>
    private enum ChangeState
    {
        /// <summary>The change is there.</summary>
        Applied,

        /// <summary>The change is not there and nothing else changed: it can be sent again.</summary>
        NotApplied,

        /// <summary>Something else changed the object meanwhile.</summary>
        Moved,
    }

    /// <summary>
    /// Creates an object without ever creating it twice. After an ambiguous failure it looks for the object first and
    /// creates it again only when it is not there; a refusal is explained by <paramref name="explain"/>.
    /// </summary>
    private async Task<TDomain> CreateOnceAsync<TModel, TDomain>(
        string what,
        Func<CancellationToken, Task<TModel?>> post,
        Func<TModel, TDomain> map,
        Func<CancellationToken, Task<TDomain?>> findExisting,
        Func<TDomain, bool> sameIntent,
        Func<TDomain, string> describeMismatch,
        Func<CancellationToken, Task<IReadOnlyList<RuleViolation>>> explain,
        CancellationToken cancellationToken)
        where TModel : class
        where TDomain : class
    {
        var budget = WriteBudget.Begin(_maxAttempts);
        PartnerAccessException? lastAmbiguous = null;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var model = await CallAsync(HttpMethod.Post, what, post, cancellationToken).ConfigureAwait(false)
                    ?? throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, $"Graph returned no object while {what}.");
                return map(model);
            }
            catch (PartnerAccessException exception) when (ServiceErrors.IsAmbiguous(exception) && !cancellationToken.IsCancellationRequested)
            {
                lastAmbiguous = exception;
                LogAmbiguousWrite(_logger, what, attempt, exception.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer");
            }
            catch (PartnerAccessException refused) when (ServiceErrors.IsRefusal(refused) && !cancellationToken.IsCancellationRequested)
            {
                if (lastAmbiguous is not null)
                {
                    // An earlier attempt did create it, and the list did not show it yet.
                    var late = await findExisting(cancellationToken).ConfigureAwait(false);
                    if (late is not null && sameIntent(late))
                    {
                        return late;
                    }
                }

                throw await ExplainAsync(refused, explain, cancellationToken).ConfigureAwait(false);
            }

            var existing = await findExisting(cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                if (sameIntent(existing))
                {
                    return existing;
                }

                throw new PartnerAccessException(PartnerAccessErrorCode.Conflict, describeMismatch(existing), lastAmbiguous);
            }

            if (!budget.CanSend)
            {
                throw lastAmbiguous;
            }

            await Task.Delay(_backoff.Next(attempt - 1), TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends lockForApproval or terminate. After an ambiguous failure the relationship's status tells whether it
    /// happened (locked, or terminating, is success); it is sent again only while the status has not moved.
    /// </summary>
    private async Task<RelationshipRequest> SendActionOnceAsync(Relationship current, DomainRequestAction action, CancellationToken cancellationToken)
    {
        var budget = WriteBudget.Begin(_maxAttempts);
        var id = current.Id;
        var what = $"sending {GraphNames.ToGraphName(action)} for relationship {id}";
        var builder = Graph.TenantRelationships.DelegatedAdminRelationships[id].Requests;
        PartnerAccessException? lastAmbiguous = null;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // A fresh body per attempt: a Kiota model serializes only changed values the second time, which is nothing.
                var model = await CallAsync(HttpMethod.Post, what, ct => builder.PostAsync(new DelegatedAdminRelationshipRequest
                {
                    Action = action == DomainRequestAction.LockForApproval
                        ? DelegatedAdminRelationshipRequestAction.LockForApproval
                        : DelegatedAdminRelationshipRequestAction.Terminate,
                }, cancellationToken: ct), cancellationToken).ConfigureAwait(false)
                    ?? throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, $"Graph returned no request while {what}.");
                return GraphModelMapper.ToRequest(model, id);
            }
            catch (PartnerAccessException exception) when (ServiceErrors.IsAmbiguous(exception) && !cancellationToken.IsCancellationRequested)
            {
                lastAmbiguous = exception;
                LogAmbiguousWrite(_logger, what, attempt, exception.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer");
            }
            catch (PartnerAccessException refused) when (ServiceErrors.IsRefusal(refused) && !cancellationToken.IsCancellationRequested)
            {
                var fresh = await TryReadAsync<Relationship>(async () => await GetRelationshipCoreAsync(id, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                if (fresh is null)
                {
                    throw;
                }

                if (lastAmbiguous is not null && HasHappened(fresh, action))
                {
                    return await RequestThatHappenedAsync(current, action, cancellationToken).ConfigureAwait(false);
                }

                throw Explained(refused, ValidateAction(fresh, action));
            }

            var now = await GetRelationshipCoreAsync(id, cancellationToken).ConfigureAwait(false);
            if (HasHappened(now, action))
            {
                return await RequestThatHappenedAsync(current, action, cancellationToken).ConfigureAwait(false);
            }

            if (!budget.CanSend)
            {
                throw lastAmbiguous;
            }

            await Task.Delay(_backoff.Next(attempt - 1), TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends a PATCH or DELETE. After an ambiguous failure <paramref name="check"/> reads the object: the change is there
    /// (success), not there with the ETag unchanged (sent again), or the object moved (<c>Concurrency</c>). A refusal is
    /// explained by <paramref name="explain"/>.
    /// </summary>
    private async Task<T> ChangeOnceAsync<T>(
        string what,
        Func<CancellationToken, Task<T>> send,
        Func<CancellationToken, Task<(ChangeState State, T? Value)>> check,
        Func<CancellationToken, Task<IReadOnlyList<RuleViolation>>> explain,
        CancellationToken cancellationToken)
    {
        var budget = WriteBudget.Begin(_maxAttempts);
        PartnerAccessException? lastAmbiguous = null;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await send(cancellationToken).ConfigureAwait(false);
            }
            catch (PartnerAccessException exception) when (ServiceErrors.IsAmbiguous(exception) && !cancellationToken.IsCancellationRequested)
            {
                lastAmbiguous = exception;
                LogAmbiguousWrite(_logger, what, attempt, exception.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer");
            }
            catch (PartnerAccessException refused) when (!cancellationToken.IsCancellationRequested &&
                                                          (ServiceErrors.IsRefusal(refused) || (lastAmbiguous is not null && refused.ErrorCode == PartnerAccessErrorCode.NotFound)))
            {
                if (lastAmbiguous is not null)
                {
                    // The lost attempt may be why this one is refused (a stale If-Match, an object already gone).
                    var (state, value) = await check(cancellationToken).ConfigureAwait(false);
                    if (state == ChangeState.Applied)
                    {
                        return value!;
                    }
                }

                throw refused.ErrorCode == PartnerAccessErrorCode.NotFound ? refused : await ExplainAsync(refused, explain, cancellationToken).ConfigureAwait(false);
            }

            var (after, result) = await check(cancellationToken).ConfigureAwait(false);
            switch (after)
            {
                case ChangeState.Applied:
                    return result!;
                case ChangeState.Moved:
                    throw new PartnerAccessException(PartnerAccessErrorCode.Concurrency,
                        $"The answer was lost while {what}, and the object has changed since it was read without taking this change; read it again.",
                        [new RuleViolation(RuleCodes.ETagMismatch, "If-Match", "The object changed after it was read; read it again.", null)],
                        lastAmbiguous);
            }

            if (!budget.CanSend)
            {
                throw lastAmbiguous;
            }

            await Task.Delay(_backoff.Next(attempt - 1), TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Re-reads and runs the rules to say why Graph refused a write; Graph's own error when the rules find nothing.</summary>
    private async Task<PartnerAccessException> ExplainAsync(PartnerAccessException refused, Func<CancellationToken, Task<IReadOnlyList<RuleViolation>>> explain, CancellationToken cancellationToken)
    {
        IReadOnlyList<RuleViolation> violations;
        try
        {
            violations = await explain(cancellationToken).ConfigureAwait(false);
        }
        catch (PartnerAccessException exception) when (exception.ErrorCode == PartnerAccessErrorCode.NotFound)
        {
            // The object is gone: that is why the write was refused, as the in-memory client would say.
            return exception;
        }
        catch (PartnerAccessException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogExplainFailed(_logger, refused.Status ?? 0, exception.ErrorCode);
            return refused;
        }

        return Explained(refused, violations);
    }

    /// <summary>The rules' explanation of a refusal, keeping Graph's status, code and request id.</summary>
    private static PartnerAccessException Explained(PartnerAccessException refused, IReadOnlyList<RuleViolation> violations)
    {
        if (violations.Count == 0)
        {
            return refused;
        }

        var explained = PartnerAccessException.FromViolations(violations);
        return new PartnerAccessException(explained.ErrorCode, explained.Message, explained.Violations, refused)
        {
            Status = refused.Status,
            ServiceErrorCode = refused.ServiceErrorCode,
            RequestId = refused.RequestId,
        };
    }

    private static async Task<T?> TryReadAsync<T>(Func<Task<T?>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (PartnerAccessException)
        {
            return null;
        }
    }

    private IReadOnlyList<RuleViolation> ValidateAction(Relationship fresh, DomainRequestAction action) =>
        action == DomainRequestAction.LockForApproval ? _rules.ValidateLockForApproval(fresh) : _rules.ValidateTerminate(fresh);

    // Locked is anything past 'created'; terminated is any step of termination.
    private static bool HasHappened(Relationship fresh, DomainRequestAction action) => action == DomainRequestAction.LockForApproval
        ? fresh.Status is not (RelationshipStatus.Created or RelationshipStatus.Unknown)
        : fresh.Status is RelationshipStatus.TerminationRequested or RelationshipStatus.Terminating or RelationshipStatus.Terminated;

    /// <summary>
    /// The request a lost attempt made, as Graph lists it. A list may lag behind the status it caused, so it is read
    /// again like any eventual-consistency 404 (<see cref="GraphPartnerAccessOptions.EventualConsistencyMaxRetries"/>,
    /// waits doubling from <see cref="GraphPartnerAccessOptions.EventualConsistencyDelay"/>). When it is still not
    /// listed, the request is built from the status, without an id.
    /// </summary>
    private async Task<RelationshipRequest> RequestThatHappenedAsync(Relationship current, DomainRequestAction action, CancellationToken cancellationToken)
    {
        RelationshipRequest? found = null;
        for (var look = 0; ; look++)
        {
            found = await TryReadAsync(() => FindRequestSinceAsync(current.Id, action, current.LastModifiedAt, cancellationToken)).ConfigureAwait(false);
            if (found is not null || look >= _consistencyMaxRetries)
            {
                break;
            }

            await Task.Delay(_consistencyDelay * Math.Pow(2, look), TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        return found ?? new RelationshipRequest
        {
            Id = string.Empty,
            RelationshipId = current.Id,
            Action = action,
            Status = DomainRequestStatus.Succeeded,
            CreatedAt = Now(),
            LastModifiedAt = Now(),
        };
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Ambiguous failure while {What} (attempt {Attempt}, {Failure}); reading whether it happened before sending anything again.")]
    private static partial void LogAmbiguousWrite(ILogger logger, string what, int attempt, string failure);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Graph refused a write with HTTP {Status}; re-reading to explain it failed ({ErrorCode}), so Graph's own error is kept.")]
    private static partial void LogExplainFailed(ILogger logger, int status, PartnerAccessErrorCode errorCode);
}
