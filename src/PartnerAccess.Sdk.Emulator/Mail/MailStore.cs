using System.Text.Json;
using NodaTime;

namespace PartnerAccess.Sdk.Emulator.Mail;

/// <summary>Captures mail sent through the Graph sendMail endpoint.</summary>
internal sealed class MailStore
{
    private readonly object _gate = new();
    private readonly List<CapturedMail> _mails = [];
    private long _sequence;

    /// <summary>Reads a sendMail body; returns an error message when it is not one.</summary>
    public static string? TryRead(JsonElement body, string userId, Instant now, long sequence, out CapturedMail? mail)
    {
        mail = null;
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetPropertyIgnoringCase("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return "The request body must be an object with a 'message' object.";
        }

        bool? save = null;
        if (body.TryGetPropertyIgnoringCase("saveToSentItems", out var saveElement))
        {
            if (saveElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            {
                return "saveToSentItems must be a boolean.";
            }

            save = saveElement.ValueKind == JsonValueKind.Null ? null : saveElement.GetBoolean();
        }

        string? contentType = null, content = null;
        if (message.TryGetPropertyIgnoringCase("body", out var bodyPart) && bodyPart.ValueKind == JsonValueKind.Object)
        {
            contentType = ReadString(bodyPart, "contentType");
            content = ReadString(bodyPart, "content");
        }

        var to = Addresses(message, "toRecipients");
        if (to.Count == 0)
        {
            return "message.toRecipients must name at least one recipient with emailAddress.address.";
        }

        mail = new CapturedMail
        {
            Sequence = sequence,
            UserId = userId,
            ReceivedAt = now,
            Subject = ReadString(message, "subject"),
            BodyContentType = contentType,
            Body = content,
            ToRecipients = to,
            CcRecipients = Addresses(message, "ccRecipients"),
            BccRecipients = Addresses(message, "bccRecipients"),
            SaveToSentItems = save,
            Message = message.Clone(),
        };
        return null;
    }

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(CapturedMail mail)
    {
        lock (_gate)
        {
            _mails.Add(mail);
        }
    }

    public IReadOnlyList<CapturedMail> Snapshot()
    {
        lock (_gate)
        {
            return _mails.ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _mails.Clear();
        }
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetPropertyIgnoringCase(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Addresses(JsonElement message, string name)
    {
        var result = new List<string>();
        if (message.TryGetPropertyIgnoringCase(name, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var recipient in list.EnumerateArray())
            {
                if (recipient.ValueKind == JsonValueKind.Object &&
                    recipient.TryGetPropertyIgnoringCase("emailAddress", out var address) && address.ValueKind == JsonValueKind.Object &&
                    ReadString(address, "address") is { Length: > 0 } text)
                {
                    result.Add(text);
                }
            }
        }

        return result;
    }
}

/// <summary>Graph reads JSON property names case-insensitively; the Graph .NET SDK writes sendMail as <c>Message</c>.</summary>
internal static class JsonElementCaseExtensions
{
    public static bool TryGetPropertyIgnoringCase(this JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
