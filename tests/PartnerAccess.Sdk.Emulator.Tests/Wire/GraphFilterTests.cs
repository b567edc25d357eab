using PartnerAccess.Sdk.Emulator.Wire;

namespace PartnerAccess.Sdk.Emulator.Tests.Wire;

public sealed class GraphFilterTests
{
    [Fact]
    public void Parse_NestedParenthesesAndUppercaseAnd_ReturnsEveryClause()
    {
        var clauses = GraphFilter.Parse("((status eq 'active')) AND (customer/tenantId eq 'abc' and displayName eq 'It''s')");

        clauses.Should().Equal(
            new FilterClause("status", "eq", "active"),
            new FilterClause("customer/tenantId", "eq", "abc"),
            new FilterClause("displayName", "eq", "It's"));
    }

    [Fact]
    public void Parse_UnquotedDateValue_KeepsItWhole()
    {
        GraphFilter.Parse("createdDateTime ge 2025-01-01T00:00:00Z").Should().ContainSingle()
            .Which.Should().Be(new FilterClause("createdDateTime", "ge", "2025-01-01T00:00:00Z"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("status")]
    [InlineData("status eq")]
    [InlineData("status has 'x'")]
    [InlineData("status eq 'a' or status eq 'b'")]
    [InlineData("status eq 'a' and")]
    [InlineData("(status eq 'a'")]
    [InlineData("status eq 'a')")]
    [InlineData("status eq 'unterminated")]
    [InlineData("'status' eq 'a'")]
    public void Parse_Invalid_ThrowsBadRequest(string filter)
    {
        var act = () => GraphFilter.Parse(filter);

        act.Should().Throw<GraphErrorException>().Which.Status.Should().Be(400);
    }
}
