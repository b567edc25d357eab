using System.Text;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Groups;

/// <summary>The checks every <see cref="IPartnerGroups"/> implementation runs before it sends anything, and their stable codes.</summary>
public static class PartnerGroupRules
{
    /// <summary>The longest group display name Entra ID accepts.</summary>
    public const int MaxDisplayNameLength = 256;

    /// <summary>The longest mail alias Entra ID accepts.</summary>
    public const int MaxMailNicknameLength = 64;

    /// <summary>A group id is not a GUID.</summary>
    public const string GroupIdInvalid = "group.invalidId";

    /// <summary>The group display name is missing, too long or has control characters.</summary>
    public const string DisplayNameInvalid = "group.displayName.invalid";

    /// <summary>The mail alias has characters Entra ID rejects, or is too long.</summary>
    public const string MailNicknameInvalid = "group.mailNickname.invalid";

    /// <summary>A group with the display name already exists.</summary>
    public const string DisplayNameNotUnique = "group.displayName.notUnique";

    /// <summary>Checks a group id.</summary>
    /// <param name="groupId">The id.</param>
    /// <returns>The violations; empty when it is a GUID.</returns>
    public static IReadOnlyList<RuleViolation> ValidateGroupId(string? groupId) =>
        Guid.TryParse(groupId, out var guid) && guid != Guid.Empty
            ? []
            : [new RuleViolation(GroupIdInvalid, "groupId", $"The group id '{groupId}' is not a GUID.", groupId)];

    /// <summary>Checks a create request, reporting every problem.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The violations; empty when it is valid.</returns>
    public static IReadOnlyList<RuleViolation> ValidateCreate(CreatePartnerGroupRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<RuleViolation>();
        if (string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > MaxDisplayNameLength || request.DisplayName.Any(char.IsControl))
        {
            violations.Add(new RuleViolation(DisplayNameInvalid, "displayName",
                $"A group's displayName is required, at most {MaxDisplayNameLength} characters, without control characters.", request.DisplayName));
        }

        if (request.MailNickname is { } nickname && (nickname.Length is 0 or > MaxMailNicknameLength || !nickname.All(IsNicknameCharacter)))
        {
            violations.Add(new RuleViolation(MailNicknameInvalid, "mailNickname",
                $"mailNickname '{nickname}' must be 1 to {MaxMailNicknameLength} ASCII letters, digits or the characters - _ . (no spaces or @()\\[]\";:<>,).", nickname));
        }

        return violations;
    }

    /// <summary>
    /// The mail alias for a display name: its ASCII letters, digits, dots, hyphens and underscores, spaces turned into
    /// hyphens, at most <see cref="MaxMailNicknameLength"/> characters; <c>group</c> when nothing is left.
    /// </summary>
    /// <param name="displayName">The display name.</param>
    /// <returns>The alias.</returns>
    public static string MailNicknameFor(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var builder = new StringBuilder(Math.Min(displayName.Length, MaxMailNicknameLength));
        foreach (var c in displayName)
        {
            if (builder.Length == MaxMailNicknameLength)
            {
                break;
            }

            if (IsNicknameCharacter(c))
            {
                builder.Append(c);
            }
            else if (c == ' ' && builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var nickname = builder.ToString().Trim('-', '.');
        return nickname.Length == 0 ? "group" : nickname;
    }

    /// <summary>Chooses the one group with a name among the groups a read by name found.</summary>
    /// <param name="displayName">The name looked for.</param>
    /// <param name="matches">The groups with that name.</param>
    /// <returns>The group; <see langword="null"/> when there is none.</returns>
    /// <exception cref="PartnerAccessException">Conflict when there are several: no one of them can be chosen safely.</exception>
    public static PartnerGroup? SingleByName(string displayName, IReadOnlyList<PartnerGroup> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new PartnerAccessException(PartnerAccessErrorCode.Conflict,
                $"{matches.Count} groups are named '{displayName}' ({string.Join(", ", matches.Select(m => m.Id))}); rename or delete all but one, or bind by id.",
                [new RuleViolation(DisplayNameNotUnique, "displayName", $"Several groups are named '{displayName}'.", displayName)]),
        };
    }

    /// <summary>The failure of a create whose name is taken.</summary>
    /// <param name="existing">The group that has the name.</param>
    /// <returns>A Conflict exception naming it.</returns>
    public static PartnerAccessException NameTaken(PartnerGroup existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        return new PartnerAccessException(PartnerAccessErrorCode.Conflict,
            $"A group named '{existing.DisplayName}' already exists ({existing.Id}); it was not created again.",
            [new RuleViolation(DisplayNameNotUnique, "displayName", $"A group named '{existing.DisplayName}' already exists.", existing.DisplayName)]);
    }

    private static bool IsNicknameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
