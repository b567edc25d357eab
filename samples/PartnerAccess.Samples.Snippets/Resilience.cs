using NodaTime;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Samples.Snippets;

/// <summary>docs/resilience.md: the one retry layer and what reaches the caller.</summary>
public static class ResilienceSnippets
{
    /// <summary>The retry knobs, with their defaults spelled out.</summary>
    public static GraphPartnerAccessOptions Options()
    {
        #region Snippet:ResilienceOptions
        var options = new GraphPartnerAccessOptions
        {
            MaxAttempts = 4,                                   // per HTTP request, the first one included
            BaseDelay = TimeSpan.FromSeconds(1),               // backoff when Graph sends no Retry-After...
            MaxDelay = TimeSpan.FromSeconds(30),               // ...doubling, with jitter, up to this
            AttemptTimeout = TimeSpan.FromSeconds(100),        // one attempt
            TotalTimeout = TimeSpan.FromMinutes(5),            // all attempts and waits of one request
            EventualConsistencyWindow = TimeSpan.FromSeconds(30), // a 404 right after a create is replication lag
        };
        #endregion

        return options;
    }

    /// <summary>What to do when the retry budget is spent on throttling.</summary>
    public static async Task<Relationship?> ReadOrBackOffAsync(IPartnerAccessClient client, string relationshipId, CancellationToken cancellationToken = default)
    {
        #region Snippet:ResilienceThrottled
        try
        {
            return await client.GetRelationshipAsync(relationshipId, cancellationToken);
        }
        catch (PartnerAccessException e) when (e.ErrorCode == PartnerAccessErrorCode.Throttled)
        {
            // The client already retried, honouring Retry-After; Graph still says "later". Queue the work for then.
            Console.WriteLine($"Throttled; try again after {e.RetryAfter ?? TimeSpan.FromMinutes(1)} (request {e.RequestId}).");
            return null;
        }
        #endregion
    }

    /// <summary>A long-running change, followed to its end.</summary>
    public static async Task<Relationship> RemoveGlobalAdministratorAsync(IPartnerAccessClient client, Relationship relationship, CancellationToken cancellationToken = default)
    {
        #region Snippet:ResilienceLongRunning
        var outcome = await client.RemoveGlobalAdministratorAsync(relationship, cancellationToken);
        if (outcome.IsLongRunning)
        {
            // 202 Accepted: the service works in the background. Poll on the client's clock, as Retry-After suggests.
            var options = new WaitOptions { PollInterval = outcome.RetryAfter ?? Duration.FromSeconds(10) };
            var operation = await client.WaitForOperationAsync(outcome.Operation!, options, cancellationToken);
            Console.WriteLine($"Operation {operation.Id}: {operation.Status}");
        }

        var current = await client.GetRelationshipAsync(relationship.Id, cancellationToken);
        #endregion

        return current;
    }
}
