using System.Collections;
using System.Net;
using CsCheck;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Emulator.Wire;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Emulator.Tests.Wire;

/// <summary>Pages cut a collection into consecutive pieces: every item once, in order, and a nextLink only before the last.</summary>
public sealed class PagingPartitionTests : EmulatorTestBase
{
    [Fact]
    public Task ListRelationships_AnyCountTopAndFilter_PagesPartitionTheCollection() =>
        Gen.Select(Gen.Int[0, 40], Gen.Int[1, 12], Gen.Bool, Gen.Bool).SampleAsync(async (n, top, filtered, count) =>
        {
            Emulator.Reset();
            Seed(n);
            var expected = Emulator.Simulator.ListRelationships()
                .Where(r => !filtered || r.Status == RelationshipStatus.ApprovalPending)
                .Select(r => r.Id)
                .ToList();
            var query = $"$top={top}" + (filtered ? "&$filter=status eq 'approvalPending'" : string.Empty) + (count ? "&$count=true" : string.Empty);

            var pages = await ReadAllPagesAsync($"{Relationships}?{query}");

            pages.SelectMany(p => p.Ids).Should().Equal(expected);
            pages.Should().HaveCount(Math.Max(1, (expected.Count + top - 1) / top));
            pages.SkipLast(1).All(p => p.Ids.Count == top && p.NextLink != null).Should().BeTrue("every page but the last is full and links on");
            pages[^1].NextLink.Should().BeNull();
            pages.Should().OnlyContain(p => p.Count == (count ? expected.Count : null));
        }, iter: 25, threads: 1);

    [Fact]
    public async Task ListRelationships_SkipTokenPastTheEnd_ReturnsAnEmptyLastPage()
    {
        Seed(3);
        var token = Convert.ToBase64String("o:7"u8.ToArray()).TrimEnd('=');

        var reply = await GetAsync($"{Relationships}?$top=2&$count=true&$skiptoken={token}");

        reply.Status.Should().Be(HttpStatusCode.OK);
        reply.Values.Should().BeEmpty();
        reply.Body.TryGetProperty("@odata.nextLink", out _).Should().BeFalse();
        reply.Body.GetProperty("@odata.count").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task ListRelationships_OrderByWithTop_PagesPartitionTheSortedCollection()
    {
        Seed(11);
        var expected = Emulator.Simulator.ListRelationships()
            .OrderByDescending(r => GraphNames.ToGraphName(r.Status), StringComparer.OrdinalIgnoreCase)
            .Select(r => r.Id)
            .ToList();

        var pages = await ReadAllPagesAsync($"{Relationships}?$top=4&$orderby=status desc");

        pages.SelectMany(p => p.Ids).Should().Equal(expected);
        pages.Select(p => p.Ids.Count).Should().Equal(4, 4, 3);
    }

    [Fact]
    public async Task ListAccessAssignments_TopAndFilter_PagesPartitionTheCollection()
    {
        var relationshipId = IdOf(await CreateActiveRelationshipAsync(ExchangeAdministrator, GlobalReader));
        var groups = Enumerable.Range(0, 7).Select(i => $"{i:D8}-0b28-4d08-8949-ae07ae1bf528").ToList();
        foreach (var group in groups)
        {
            await CreateAssignmentAsync(relationshipId, group);
        }

        var all = await ReadAllPagesAsync($"{Relationships}/{relationshipId}/accessAssignments?$top=3");
        var one = await ReadAllPagesAsync($"{Relationships}/{relationshipId}/accessAssignments?$top=3&$filter=accessContainer/accessContainerId eq '{groups[4]}'");

        all.Select(p => p.Ids.Count).Should().Equal(3, 3, 1);
        all.SelectMany(p => p.Ids).Should().Equal(Emulator.Simulator.ListAccessAssignments(relationshipId).Select(a => a.Id));
        one.Should().ContainSingle().Which.Ids.Should().ContainSingle();
    }

    [Fact]
    public async Task ListCustomers_TopBeforeAndAfterANewCustomer_PagesTheCurrentOrder()
    {
        foreach (var name in new[] { "Delta", "alpha", "Charlie", "bravo", "Echo" })
        {
            Activate(name);
        }

        var before = await ReadAllPagesAsync("v1.0/tenantRelationships/delegatedAdminCustomers?$top=2");
        Activate("Able");
        var after = await ReadAllPagesAsync("v1.0/tenantRelationships/delegatedAdminCustomers?$top=2");

        before.SelectMany(p => p.Ids).Should().Equal(Emulator.Simulator.ListCustomers().Where(c => c.DisplayName != "Able").Select(c => c.Id));
        after.SelectMany(p => p.Ids).Should().Equal(Emulator.Simulator.ListCustomers().Select(c => c.Id));
        after.Select(p => p.Ids.Count).Should().Equal(2, 2, 2);
        Emulator.Simulator.ListCustomers().Select(c => c.DisplayName).Should().Equal("Able", "alpha", "bravo", "Charlie", "Delta", "Echo");
    }

    [Fact]
    public void Read_AnyOffsetAndTop_IsThatSliceOfTheSource() =>
        Gen.Select(Gen.Int[0, 60], Gen.Int[0, 70], Gen.Int[1, 20], Gen.Bool).Sample((n, offset, top, countAll) =>
        {
            var source = Enumerable.Range(0, n).ToList();

            var window = Window<int>.Read(source, offset, top, countAll);

            window.Items.Should().Equal(source.Skip(offset).Take(top));
            window.HasMore.Should().Be(offset + top < n);
            if (countAll)
            {
                window.Total.Should().Be(n);
            }
        });

    [Fact]
    public void Read_WithoutCount_WalksNoFurtherThanOnePastThePage() =>
        Gen.Select(Gen.Int[0, 500], Gen.Int[0, 500], Gen.Int[1, 300]).Sample((n, offset, top) =>
        {
            var source = new CountingSequence(n);

            Window<int>.Read(source, offset, top, countAll: false);

            source.Walked.Should().Be(Math.Min(n, offset + top + 1));
        });

    /// <summary>Creates <paramref name="n"/> relationships straight in the simulator and locks every third one.</summary>
    private void Seed(int n)
    {
        for (var i = 0; i < n; i++)
        {
            var relationship = Emulator.Simulator.CreateRelationship(new CreateRelationshipRequest
            {
                DisplayName = UniqueName("Paging"),
                Duration = Duration.FromDays(730),
                Roles = [new RoleGrant(Guid.Parse(ExchangeAdministrator))],
                Customer = new CustomerParticipant(CustomerTenantId, "Contoso Inc"),
            });
            if (i % 3 == 1)
            {
                Emulator.Simulator.CreateRequest(relationship.Id, RelationshipRequestAction.LockForApproval);
            }
        }
    }

    /// <summary>Takes a new relationship with a new customer to active, which makes the customer visible.</summary>
    private void Activate(string customerName)
    {
        var customer = new CustomerParticipant(Guid.NewGuid().ToString(), customerName);
        var relationship = Emulator.Simulator.CreateRelationship(new CreateRelationshipRequest
        {
            DisplayName = UniqueName("Customer"),
            Duration = Duration.FromDays(730),
            Roles = [new RoleGrant(Guid.Parse(ExchangeAdministrator))],
            Customer = customer,
        });
        Emulator.Simulator.CreateRequest(relationship.Id, RelationshipRequestAction.LockForApproval);
        Emulator.Simulator.Approve(relationship.Id, customer);
    }

    private async Task<List<Page>> ReadAllPagesAsync(string url)
    {
        var pages = new List<Page>();
        string? next = url;
        while (next is not null)
        {
            pages.Count.Should().BeLessThan(100, "paging must end");
            var reply = await GetAsync(next);
            reply.Status.Should().Be(HttpStatusCode.OK, reply.Text);
            next = reply.Body.TryGetProperty("@odata.nextLink", out var link) ? link.GetString() : null;
            int? count = reply.Body.TryGetProperty("@odata.count", out var total) ? total.GetInt32() : null;
            pages.Add(new Page(reply.Values.Select(IdOf).ToList(), next, count));
        }

        return pages;
    }

    private sealed record Page(List<string> Ids, string? NextLink, int? Count);

    /// <summary>0, 1, 2, ... counting how many items a reader pulled.</summary>
    private sealed class CountingSequence(int count) : IEnumerable<int>
    {
        public int Walked { get; private set; }

        public IEnumerator<int> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                Walked++;
                yield return i;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
