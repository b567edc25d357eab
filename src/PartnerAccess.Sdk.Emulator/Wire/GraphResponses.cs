using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using NodaTime;
using NodaTime.Text;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Emulator.Wire;

/// <summary>Writes Graph-shaped JSON responses and error envelopes.</summary>
internal static class GraphResponses
{
    public const string JsonContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";

    public static readonly JsonSerializerOptions SerializerOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    /// <summary>How every response body is written: the same encoder as <see cref="SerializerOptions"/>, not indented.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = SerializerOptions.Encoder };

    private const int MaxKeptBuffer = 4 * 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private static readonly InstantPattern DateTimePattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'");

    public static string FormatInstant(Instant instant) => DateTimePattern.Format(instant);

    /// <summary>The Graph v1.0 base URL as the caller reached it: the emulator's own scheme, host and port.</summary>
    public static string GraphBase(HttpRequest request, string version = "v1.0") =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/{version}";

    public static string RequestId(HttpContext context) =>
        context.Items.TryGetValue(EmulatorItems.RequestId, out var id) && id is string text ? text : context.TraceIdentifier;

    public static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        await context.Response.WriteAsync(body.ToJsonString(SerializerOptions), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a body as <paramref name="write"/> produces it, with no tree and no string in between. It goes through a
    /// per-thread buffer so that a body is sent whole or not at all: a failure half-way leaves the response to the error
    /// handler, as before.
    /// </summary>
    public static Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(write);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        var json = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        json.Reset(buffer);
        try
        {
            write(json);
            json.Flush();
            context.Response.StatusCode = status;
            context.Response.ContentType = JsonContentType;
            context.Response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            json.Reset(Stream.Null);
            if (buffer.Capacity > MaxKeptBuffer)
            {
                t_buffer = null;
            }
        }

        return FlushAsync(context);
    }

    /// <summary>Writes one entity: <c>@odata.context</c> first (when given), then the properties <paramref name="writeProperties"/> adds.</summary>
    public static Task WriteEntityAsync(HttpContext context, int status, string? odataContext, Action<Utf8JsonWriter> writeProperties) =>
        WriteJsonAsync(context, status, json =>
        {
            json.WriteStartObject();
            if (odataContext is not null)
            {
                json.WriteString("@odata.context", odataContext);
            }

            writeProperties(json);
            json.WriteEndObject();
        });

    public static Task WriteObjectAsync<T>(HttpContext context, int status, T value)
    {
        var node = JsonSerializer.SerializeToNode(value, SerializerOptions) ?? new JsonObject();
        return WriteJsonAsync(context, status, node);
    }

    private static async Task FlushAsync(HttpContext context) =>
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);

    /// <summary>Writes Graph's error envelope; the rule list only when <paramref name="includeRuleDiagnostics"/> opts in.</summary>
    public static Task WriteErrorAsync(HttpContext context, GraphErrorException error, Instant date, bool includeRuleDiagnostics = false)
    {
        var innerError = new JsonObject
        {
            ["date"] = InstantPattern.General.Format(date),
            ["request-id"] = RequestId(context),
            ["client-request-id"] = context.Request.Headers["client-request-id"].FirstOrDefault() ?? RequestId(context),
        };
        if (includeRuleDiagnostics && error.Violations.Count > 0)
        {
            innerError["ruleViolations"] = new JsonArray(error.Violations.Select(ToJson).ToArray<JsonNode?>());
        }

        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = error.Code,
                ["message"] = error.Message,
                ["innerError"] = innerError,
            },
        };
        return WriteJsonAsync(context, error.Status, body);
    }

    private static JsonObject ToJson(RuleViolation violation) => new()
    {
        ["code"] = violation.Code,
        ["target"] = violation.Target,
        ["message"] = violation.Message,
        ["value"] = violation.AttemptedValue,
    };
}

/// <summary>Keys of per-request values in <see cref="HttpContext.Items"/>.</summary>
internal static class EmulatorItems
{
    public const string RequestId = "PartnerAccess.Emulator.RequestId";
    public const string Fault = "PartnerAccess.Emulator.Fault";

    public const string DropConnection = "PartnerAccess.Emulator.DropConnection";
}
