using CsCheck;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

public class RelationshipNamesTests
{
    private static readonly CustomerParticipant Contoso = new("3f1e0d2c-4b5a-4978-8a6b-5c4d3e2f1a0b", "Contoso Ltd");

    [Fact]
    public void Derive_ShortNames_TemplateCustomerAndTag()
    {
        var name = RelationshipNames.Derive(Contoso, "Service desk");

        name.Should().MatchRegex(@"^Service desk - Contoso Ltd \[[0-9A-Z]{6}\]$");
        name.Should().EndWith($"[{RelationshipNames.Tag(Contoso.TenantId, "Service desk")}]");
    }

    [Fact]
    public void Derive_SameInputs_SameNameEveryTime()
    {
        var first = RelationshipNames.Derive(Contoso, "Service desk");
        var again = RelationshipNames.Derive(Contoso with { TenantId = Contoso.TenantId.ToUpperInvariant() }, "service DESK ");

        again.Should().EndWith(first[^9..], "the tag ignores the case of the tenant id and the template name");
        RelationshipNames.Derive(Contoso, "Service desk").Should().Be(first);
    }

    [Fact]
    public void Tag_KnownInput_IsStableAcrossReleases()
    {
        // Pinned: a change here would make every existing partner's relationships unrecognisable.
        RelationshipNames.Tag("3f1e0d2c-4b5a-4978-8a6b-5c4d3e2f1a0b", "Service desk").Should().Be(PinnedTag);
    }

    [Fact]
    public void Derive_LongCustomerName_ShortenedToFiftyKeepingTag()
    {
        var customer = Contoso with { DisplayName = "The Extraordinarily Long Name Of A Holding Company International" };

        var name = RelationshipNames.Derive(customer, "Escalation engineer");

        name.Length.Should().BeLessThanOrEqualTo(GdapRules.MaxDisplayNameLength);
        name.Should().StartWith("Escalation engineer - The Extraordinarily");
        RelationshipNames.TryParse(name, out var tag, out var generation).Should().BeTrue();
        tag.Should().Be(RelationshipNames.Tag(customer.TenantId, "Escalation engineer"));
        generation.Should().Be(1);
    }

    [Fact]
    public void Derive_SameCustomerNameDifferentTenants_DifferentNames()
    {
        var other = new CustomerParticipant("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", "Contoso Ltd");

        RelationshipNames.Derive(other, "Service desk").Should().NotBe(RelationshipNames.Derive(Contoso, "Service desk"));
    }

    [Fact]
    public void Derive_RenewalGeneration_ParsesBack()
    {
        var name = RelationshipNames.Derive(Contoso, "Service desk", 3);

        name.Should().EndWith("-3]");
        RelationshipNames.TryParse(name, out var tag, out var generation).Should().BeTrue();
        generation.Should().Be(3);
        tag.Should().Be(RelationshipNames.Tag(Contoso.TenantId, "Service desk"));
    }

    [Fact]
    public void Derive_ControlCharactersAndNoName_ProduceValidNames()
    {
        var messy = RelationshipNames.Derive(Contoso with { DisplayName = "Con\ttoso\n  Ltd" }, "Service desk");
        var nameless = RelationshipNames.Derive(Contoso with { DisplayName = null }, "Service desk");

        messy.Should().StartWith("Service desk - Con toso Ltd [");
        nameless.Should().StartWith("Service desk - 3f1e0d2c [");
    }

    [Theory]
    [InlineData("Service desk - Contoso")]
    [InlineData("CIPP_0c9f8d2a")]
    [InlineData("Tier [ABCDEF-0]")]
    [InlineData("Tier [ABCDEI]")]
    public void TryParse_NamesWithoutTag_False(string name)
    {
        RelationshipNames.TryParse(name, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void Derive_AnyCustomerAndTemplate_ValidUniqueAndRecognisable()
    {
        var customers = Gen.Select(Gen.Guid, Gen.String[0, 120], (id, name) => new CustomerParticipant(id.ToString(), name));
        var templates = Gen.String[Gen.Char.AlphaNumeric, 1, AccessTemplate.MaxNameLength];

        Gen.Select(customers, templates, Gen.Int[1, 999]).Sample((customer, template, generation) =>
        {
            var name = RelationshipNames.Derive(customer, template, generation);
            var probe = new CreateRelationshipRequest { DisplayName = name, Duration = NodaTime.Duration.FromDays(1), Roles = [PartnerAccess.Sdk.Access.WellKnownRoles.GlobalReader] };
            GdapRules.Default.ValidateCreate(probe).Should().BeEmpty(name);
            RelationshipNames.TryParse(name, out var tag, out var parsed).Should().BeTrue(name);
            tag.Should().Be(RelationshipNames.Tag(customer.TenantId, template));
            parsed.Should().Be(generation);
        });
    }

    [Fact]
    public void Derive_ManyTenantsSameName_NoCollisions()
    {
        var names = Enumerable.Range(0, 5000)
            .Select(i => RelationshipNames.Derive(new CustomerParticipant(new Guid(i, 0, 0, new byte[8]).ToString(), "Contoso"), "Service desk"))
            .ToList();

        names.Should().OnlyHaveUniqueItems();
        names.Should().OnlyContain(n => n.Length <= GdapRules.MaxDisplayNameLength);
    }

    private const string PinnedTag = "42BA7H";
}
