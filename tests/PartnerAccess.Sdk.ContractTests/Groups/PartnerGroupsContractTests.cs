using PartnerAccess.Sdk.Groups;

namespace PartnerAccess.Sdk.ContractTests.Groups;

/// <summary>What the groups suite needs: the implementation, and the directory's side (an admin adding or deleting groups).</summary>
public interface IPartnerGroupsHarness : IAsyncDisposable
{
    IPartnerGroups Groups { get; }

    /// <summary>Adds a group (duplicate names allowed, as in Entra ID) with users as members; returns its id.</summary>
    Task<string> SeedGroupAsync(string displayName, params string[] members);

    /// <summary>Deletes a group, as an administrator might by mistake.</summary>
    Task DeleteGroupAsync(string groupId);
}

/// <summary>One behaviour suite for every <see cref="IPartnerGroups"/>; the harness pages at two items to prove paging.</summary>
public abstract class PartnerGroupsContractTests : IAsyncLifetime
{
    private IPartnerGroupsHarness? _harness;

    protected IPartnerGroupsHarness Harness => _harness ?? throw new InvalidOperationException("Not initialised.");

    protected IPartnerGroups Groups => Harness.Groups;

    public async Task InitializeAsync() => _harness = await CreateHarnessAsync();

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    protected abstract Task<IPartnerGroupsHarness> CreateHarnessAsync();

    [Fact]
    public async Task CreateSecurityGroup_NewName_CreatesSecurityGroupFoundByName()
    {
        var created = await Groups.CreateSecurityGroupAsync(new CreatePartnerGroupRequest { DisplayName = "GDAP - Helpdesk agents", Description = "First line" });

        created.SecurityEnabled.Should().BeTrue();
        created.MailEnabled.Should().BeFalse();
        created.MailNickname.Should().Be("GDAP--Helpdesk-agents");
        Guid.TryParse(created.Id, out _).Should().BeTrue();
        (await Groups.FindGroupByNameAsync("gdap - helpdesk AGENTS")).Should().BeEquivalentTo(created);
        (await Groups.GetGroupAsync(created.Id)).Should().BeEquivalentTo(created);
    }

    [Fact]
    public async Task CreateSecurityGroup_NameTaken_ThrowsConflictAndCreatesNothing()
    {
        await Harness.SeedGroupAsync("GDAP - Exchange");

        var act = () => Groups.CreateSecurityGroupAsync(new CreatePartnerGroupRequest { DisplayName = "GDAP - Exchange" });

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.Violations.Should().ContainSingle(v => v.Code == PartnerGroupRules.DisplayNameNotUnique);
        (await ToListAsync(Groups.ListGroupsAsync())).Should().ContainSingle();
    }

    [Fact]
    public async Task CreateSecurityGroup_SeveralBrokenRules_ReportsEveryViolation()
    {
        var act = () => Groups.CreateSecurityGroupAsync(new CreatePartnerGroupRequest { DisplayName = " ", MailNickname = "has space" });

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Select(v => v.Code).Should().BeEquivalentTo([PartnerGroupRules.DisplayNameInvalid, PartnerGroupRules.MailNicknameInvalid]);
    }

    [Fact]
    public async Task EnsureSecurityGroup_CalledTwice_CreatesOneGroup()
    {
        var request = new CreatePartnerGroupRequest { DisplayName = "GDAP - Security operations" };

        var first = await Groups.EnsureSecurityGroupAsync(request);
        var second = await Groups.EnsureSecurityGroupAsync(request);

        first.Created.Should().BeTrue();
        second.Created.Should().BeFalse();
        second.Group.Id.Should().Be(first.Group.Id);
        (await ToListAsync(Groups.ListGroupsAsync())).Should().ContainSingle();
    }

    [Fact]
    public async Task FindGroupByName_TwoGroupsShareTheName_ThrowsConflict()
    {
        await Harness.SeedGroupAsync("Helpdesk");
        await Harness.SeedGroupAsync("Helpdesk");

        var act = () => Groups.FindGroupByNameAsync("Helpdesk");

        (await act.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.Conflict);
    }

    [Fact]
    public async Task FindGroupByName_NoSuchGroupOrQuoteInName_ReturnsNullOrTheGroup()
    {
        var id = await Harness.SeedGroupAsync("O'Brien's engineers");

        (await Groups.FindGroupByNameAsync("Nobody")).Should().BeNull();
        (await Groups.FindGroupByNameAsync("O'Brien's engineers"))!.Id.Should().Be(id);
    }

    [Fact]
    public async Task ListGroups_ManyGroupsAndAPrefix_PagesThroughAndFiltersByPrefix()
    {
        foreach (var name in new[] { "GDAP - A", "Other", "GDAP - B", "gdap - C", "GDAP - D" })
        {
            await Harness.SeedGroupAsync(name);
        }

        (await ToListAsync(Groups.ListGroupsAsync())).Should().HaveCount(5);
        (await ToListAsync(Groups.ListGroupsAsync("GDAP - "))).Select(g => g.DisplayName).Should().BeEquivalentTo(["GDAP - A", "GDAP - B", "gdap - C", "GDAP - D"]);
    }

    [Fact]
    public async Task ListMembers_SeededUsers_ReturnsEveryMemberAcrossPages()
    {
        var id = await Harness.SeedGroupAsync("Helpdesk", "Ana", "Ben", "Cy");

        var members = await Groups.GetMembersAsync(id);

        members.Select(m => m.DisplayName).Should().Equal("Ana", "Ben", "Cy");
        members.Should().OnlyContain(m => m.Kind == PartnerGroupMemberKind.User && m.UserPrincipalName!.EndsWith("@partner.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetGroupAndListMembers_DeletedGroup_ThrowNotFound()
    {
        var id = await Harness.SeedGroupAsync("Gone", "Ana");
        await Harness.DeleteGroupAsync(id);

        var get = () => Groups.GetGroupAsync(id);
        var members = () => Groups.GetMembersAsync(id);

        (await get.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
        (await members.Should().ThrowAsync<PartnerAccessException>()).Which.ErrorCode.Should().Be(PartnerAccessErrorCode.NotFound);
    }

    [Fact]
    public async Task GetGroup_IdIsNotAGuid_ThrowsValidationNamingTheValue()
    {
        var act = () => Groups.GetGroupAsync("not-a-guid");

        var error = (await act.Should().ThrowAsync<PartnerAccessException>()).Which;
        error.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
        error.Violations.Should().ContainSingle(v => v.Code == PartnerGroupRules.GroupIdInvalid && v.AttemptedValue == "not-a-guid");
    }

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
