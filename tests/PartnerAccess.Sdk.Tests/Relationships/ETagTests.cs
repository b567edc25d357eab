using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Tests.Relationships;

public class ETagTests
{
    [Fact]
    public void Default_HasNoValue()
    {
        default(ETag).HasValue.Should().BeFalse();
        default(ETag).Value.Should().BeEmpty();
        default(ETag).ToString().Should().BeEmpty();
    }

    [Fact]
    public void IsMatchedBy_SameTokenOrWildcard()
    {
        var etag = new ETag("W/\"JyI0NzAw\"");

        etag.IsMatchedBy(new ETag("W/\"JyI0NzAw\"")).Should().BeTrue();
        etag.IsMatchedBy(ETag.All).Should().BeTrue();
        etag.IsMatchedBy(new ETag("W/\"jyi0nzaw\"")).Should().BeFalse("tokens compare ordinally");
        etag.IsMatchedBy(default).Should().BeFalse();
    }

    [Fact]
    public void Equality_IsByValue()
    {
        new ETag("W/\"1\"").Should().Be(new ETag("W/\"1\""));
        new ETag("W/\"1\"").Should().NotBe(new ETag("W/\"2\""));
    }

    [Fact]
    public void Constructor_Null_Throws()
    {
        FluentActions.Invoking(() => new ETag(null!)).Should().Throw<ArgumentNullException>();
    }
}
