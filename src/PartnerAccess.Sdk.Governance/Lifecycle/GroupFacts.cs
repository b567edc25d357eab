using PartnerAccess.Sdk.Groups;

namespace PartnerAccess.Sdk.Lifecycle;

/// <summary>What one run learned about partner groups: whether each exists and how many members it has, read once per group.</summary>
internal sealed class GroupFacts(IPartnerGroups? groups)
{
    private readonly Dictionary<string, Fact> _facts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The facts of a group; <see langword="null"/> when no <see cref="IPartnerGroups"/> was given.</summary>
    public async Task<Fact?> ReadAsync(string groupId, CancellationToken cancellationToken)
    {
        if (groups is null)
        {
            return null;
        }

        if (_facts.TryGetValue(groupId, out var known))
        {
            return known;
        }

        Fact fact;
        try
        {
            var group = await groups.GetGroupAsync(groupId, cancellationToken).ConfigureAwait(false);
            var members = 0;
            await foreach (var member in groups.ListMembersAsync(groupId, cancellationToken).ConfigureAwait(false))
            {
                members++;
            }

            fact = new Fact(true, group.DisplayName, members);
        }
        catch (PartnerAccessException exception) when (exception.ErrorCode is PartnerAccessErrorCode.NotFound or PartnerAccessErrorCode.Validation)
        {
            fact = new Fact(false, null, 0);
        }

        _facts[groupId] = fact;
        return fact;
    }

    public sealed record Fact(bool Exists, string? Name, int Members);
}
