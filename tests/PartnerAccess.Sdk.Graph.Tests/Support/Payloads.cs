using System.Text.Json.Nodes;

namespace PartnerAccess.Sdk.Graph.Tests.Support;

/// <summary>The §6 wire examples of gdap-wire-spec.md, embedded as files under Wire/Payloads.</summary>
public static class Payloads
{
    public static string Text(string name)
    {
        using var stream = typeof(Payloads).Assembly.GetManifestResourceStream($"Payloads.{name}.json")
            ?? throw new InvalidOperationException($"Payload {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static JsonNode Json(string name) => JsonNode.Parse(Text(name))!;
}
