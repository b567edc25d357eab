using Microsoft.Graph.Models;
using NodaTime;
using PartnerAccess.Sdk.Graph.Wire;
using PartnerAccess.Sdk.Groups;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Graph;

// The partner tenant's groups go through this client's pipeline, so they share its one retry layer, its
// authentication and its create-once logic.
public sealed partial class GraphPartnerAccessClient
{
    /// <summary>A group operation as a span, a count, a duration and a log line, like every operation of this client.</summary>
    internal Task<T> InstrumentGroups<T>(string operation, Func<Task<T>> body) => Telemetry.RunAsync(operation, null, null, body);

    internal IAsyncEnumerable<T> InstrumentGroups<T>(string operation, IAsyncEnumerable<T> source, CancellationToken cancellationToken) =>
        Telemetry.StreamAsync(operation, null, null, source, cancellationToken);

    internal IAsyncEnumerable<PartnerGroup> ListGroupsCoreAsync(string? filter, CancellationToken cancellationToken)
    {
        var builder = Graph.Groups;
        return PageAsync(
            "listing partner groups",
            ct => builder.GetAsync(rc =>
            {
                rc.QueryParameters.Top = _pageSize;
                rc.QueryParameters.Filter = filter;
            }, ct),
            (link, ct) => builder.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.Value,
            ToPartnerGroup,
            cancellationToken);
    }

    internal async Task<PartnerGroup> GetGroupCoreAsync(string groupId, CancellationToken cancellationToken)
    {
        GdapRules.ThrowIfAny(PartnerGroupRules.ValidateGroupId(groupId));
        return await WithConsistencyRetryAsync(groupId, async ct =>
        {
            var model = await CallAsync(HttpMethod.Get, $"reading group {groupId}", c => Graph.Groups[groupId].GetAsync(cancellationToken: c), ct).ConfigureAwait(false);
            return ToPartnerGroup(model) ?? throw new PartnerAccessException(PartnerAccessErrorCode.NotFound, $"Group '{groupId}' was not found.");
        }, cancellationToken).ConfigureAwait(false);
    }

    internal async Task<PartnerGroup?> FindGroupByNameCoreAsync(string displayName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        var matches = new List<PartnerGroup>();
        await foreach (var group in ListGroupsCoreAsync(ODataFilter.ForDisplayName(displayName), cancellationToken).ConfigureAwait(false))
        {
            // Graph compares case-insensitively too; the check keeps a lenient server from widening the match.
            if (string.Equals(group.DisplayName, displayName, StringComparison.OrdinalIgnoreCase))
            {
                matches.Add(group);
            }
        }

        return PartnerGroupRules.SingleByName(displayName, matches);
    }

    internal async Task<PartnerGroup> CreateSecurityGroupCoreAsync(CreatePartnerGroupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        GdapRules.ThrowIfAny(PartnerGroupRules.ValidateCreate(request));

        // Entra ID lets names repeat; this client does not.
        if (await FindGroupByNameCoreAsync(request.DisplayName, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            throw PartnerGroupRules.NameTaken(existing);
        }

        var body = new Group
        {
            DisplayName = request.DisplayName,
            Description = request.Description,
            MailEnabled = false,
            MailNickname = request.MailNickname ?? PartnerGroupRules.MailNicknameFor(request.DisplayName),
            SecurityEnabled = true,
            GroupTypes = [],
        };
        var created = await CreateOnceAsync(
            $"creating group '{request.DisplayName}'",
            ct => Graph.Groups.PostAsync(body, cancellationToken: ct),
            model => ToPartnerGroup(model) ?? throw new PartnerAccessException(PartnerAccessErrorCode.ServiceError, "Graph returned a group without an id."),
            ct => FindGroupByNameCoreAsync(request.DisplayName, ct),
            found => found.SecurityEnabled && !found.MailEnabled,
            found => $"A group named '{found.DisplayName}' appeared while it was being created, but it is not a security group ({found.Id}).",
            // No GDAP rule governs a group create: a refusal stands as Graph explained it.
            _ => Task.FromResult<IReadOnlyList<RuleViolation>>([]),
            cancellationToken).ConfigureAwait(false);
        RememberCreated(created.Id);
        return created;
    }

    internal IAsyncEnumerable<PartnerGroupMember> ListMembersCoreAsync(string groupId, CancellationToken cancellationToken)
    {
        GdapRules.ThrowIfAny(PartnerGroupRules.ValidateGroupId(groupId));
        var builder = Graph.Groups[groupId].Members;
        return PageAsync(
            $"listing members of group {groupId}",
            ct => builder.GetAsync(rc => rc.QueryParameters.Top = _pageSize, ct),
            (link, ct) => builder.WithUrl(link).GetAsync(cancellationToken: ct),
            page => page.Value,
            ToPartnerGroupMember,
            cancellationToken);
    }

    private static PartnerGroup? ToPartnerGroup(Group? source) => source?.Id is not { } id
        ? null
        : new PartnerGroup
        {
            Id = id,
            DisplayName = source.DisplayName ?? string.Empty,
            Description = source.Description,
            MailNickname = source.MailNickname,
            SecurityEnabled = source.SecurityEnabled ?? false,
            MailEnabled = source.MailEnabled ?? false,
            CreatedAt = source.CreatedDateTime is { } created ? Instant.FromDateTimeOffset(created) : null,
        };

    private static PartnerGroupMember? ToPartnerGroupMember(DirectoryObject? source) => source?.Id is not { } id
        ? null
        : source switch
        {
            User user => new PartnerGroupMember { Id = id, Kind = PartnerGroupMemberKind.User, DisplayName = user.DisplayName, UserPrincipalName = user.UserPrincipalName },
            Group group => new PartnerGroupMember { Id = id, Kind = PartnerGroupMemberKind.Group, DisplayName = group.DisplayName },
            ServicePrincipal principal => new PartnerGroupMember { Id = id, Kind = PartnerGroupMemberKind.ServicePrincipal, DisplayName = principal.DisplayName },
            Device device => new PartnerGroupMember { Id = id, Kind = PartnerGroupMemberKind.Device, DisplayName = device.DisplayName },
            _ => new PartnerGroupMember { Id = id, Kind = PartnerGroupMemberKind.Other },
        };
}
