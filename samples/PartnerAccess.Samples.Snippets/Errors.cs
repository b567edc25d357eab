using NodaTime;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Samples.Snippets;

/// <summary>docs/errors.md: one exception type, branched on its stable codes.</summary>
public static class ErrorsSnippets
{
    /// <summary>Creates a relationship and reports every broken rule; returns the rule codes it saw.</summary>
    public static async Task<IReadOnlyList<string>> CreateAndReportAsync(IPartnerAccessClient client, CancellationToken cancellationToken = default)
    {
        var codes = new List<string>();

        #region Snippet:ErrorsHandling
        try
        {
            await client.CreateRelationshipAsync(new CreateRelationshipRequest
            {
                DisplayName = "Contoso - everything, forever",
                Duration = Duration.FromDays(731),                 // one day too long
                Roles = [WellKnownRoles.GlobalAdministrator],
                AutoExtendDuration = GdapDurations.AutoExtendPeriod, // never with Global Administrator
            }, cancellationToken);
        }
        catch (PartnerAccessException e) when (e.ErrorCode == PartnerAccessErrorCode.Validation)
        {
            // Every broken rule at once, each with a stable code; nothing was sent to Graph.
            foreach (var violation in e.Violations)
            {
                Console.WriteLine($"{violation.Code} ({violation.Target}): {violation.Message}");
                codes.Add(violation.Code);
            }
        }
        catch (PartnerAccessException e) when (e.ErrorCode == PartnerAccessErrorCode.Conflict)
        {
            Console.WriteLine($"The name is taken: {e.Message}");
        }
        #endregion

        return codes;
    }

    /// <summary>Switches auto-extend on, reading again when someone else changed the relationship first.</summary>
    public static async Task<Relationship> EnableAutoExtendAsync(IPartnerAccessClient client, string relationshipId, CancellationToken cancellationToken = default)
    {
        #region Snippet:ErrorsConcurrency
        for (var attempt = 1; ; attempt++)
        {
            var current = await client.GetRelationshipAsync(relationshipId, cancellationToken);
            try
            {
                return await client.SetAutoExtendAsync(current, enabled: true, cancellationToken);
            }
            catch (PartnerAccessException e) when (e.ErrorCode == PartnerAccessErrorCode.Concurrency && attempt < 3)
            {
                // Someone changed it since we read it (stale ETag). Nothing was overwritten: read again, decide again.
            }
        }
        #endregion
    }

    /// <summary>Names the broken rules of a request without calling any service.</summary>
    public static IReadOnlyList<RuleViolation> Check(CreateRelationshipRequest request)
    {
        #region Snippet:ErrorsCheckFirst
        // The same rules the clients apply, without a client: check a request before you queue it.
        var violations = GdapRules.Default.ValidateCreate(request);
        foreach (var violation in violations)
        {
            Console.WriteLine(violation); // [duration.outOfRange] duration must be between P1D and P2Y ...
        }
        #endregion

        return violations;
    }
}
