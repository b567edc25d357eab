using System.Text;
using Microsoft.AspNetCore.Http;
using PartnerAccess.Sdk.Emulator.Wire;

namespace PartnerAccess.Sdk.Emulator.Tests.Wire;

public sealed class GraphResponsesTests
{
    [Fact]
    public async Task WriteJsonAsync_WriterFailsHalfWay_SendsNothingAndTheNextBodyIsClean()
    {
        var failed = NewContext();
        var next = NewContext();

        var act = () => GraphResponses.WriteJsonAsync(failed, StatusCodes.Status201Created, json =>
        {
            json.WriteStartObject();
            json.WriteString("half", "written");
            throw new InvalidOperationException("boom");
        });
        await act.Should().ThrowAsync<InvalidOperationException>();
        await GraphResponses.WriteJsonAsync(next, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("n", 1);
            json.WriteEndObject();
        });

        failed.Response.Body.Length.Should().Be(0);
        failed.Response.StatusCode.Should().Be(StatusCodes.Status200OK, "the status is left to the error handler");
        failed.Response.ContentType.Should().BeNull();
        Encoding.UTF8.GetString(((MemoryStream)next.Response.Body).ToArray()).Should().Be("{\"n\":1}");
        next.Response.ContentType.Should().Be(GraphResponses.JsonContentType);
    }

    private static DefaultHttpContext NewContext()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        return context;
    }
}
