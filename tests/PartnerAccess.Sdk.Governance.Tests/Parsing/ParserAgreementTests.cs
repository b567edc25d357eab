using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Governance.Tests.Parsing;

/// <summary>
/// One GUID parser and one duration parser: for odd spellings, the engine's parsers, templates, desired state and the
/// emulator's reader accept the same texts and refuse the rest with the same rule codes. The emulator opts in to its
/// rule diagnostics here, because what it decides is the thing under test.
/// </summary>
public sealed class ParserAgreementTests : IAsyncLifetime
{
    private const string Relationships = "v1.0/tenantRelationships/delegatedAdminRelationships";
    private static readonly Guid MailRole = WellKnownRoles.ExchangeAdministrator.RoleDefinitionId;
    private static readonly Guid HelpdeskRole = WellKnownRoles.HelpdeskAdministrator.RoleDefinitionId;
    private static readonly string Customer = "4b827261-d21f-4aa9-b7db-7fa1f56fb163";

    /// <summary>A GUID in one of the spellings <see cref="Guid.TryParse(string, out Guid)"/> reads; only the first two are canonical.</summary>
    private static readonly Gen<string> GuidSpellings = Gen.Select(Gen.Guid, Gen.Int[0, 10], (guid, form) => form switch
    {
        0 => guid.ToString("D"),
        1 => guid.ToString("D").ToUpperInvariant(),
        2 => guid.ToString("B"),
        3 => guid.ToString("P"),
        4 => guid.ToString("N"),
        5 => " " + guid.ToString("D"),
        6 => guid.ToString("D") + " ",
        7 => guid.ToString("X"),
        8 => "\t" + guid.ToString("D") + "\n",
        9 => Guid.Empty.ToString("D"),
        _ => guid.ToString("B").ToUpperInvariant(),
    });

    private static readonly Gen<string> DurationSpellings = Gen.Select(Gen.Int[0, 800], Gen.Int[0, 11], (days, form) => form switch
    {
        0 => $"P{days}D",
        1 => $" P{days}D",
        2 => $"P{days}D ",
        3 => $"p{days}d",
        4 => $"PT{days * 24}H",
        5 => $"P{days}DT0S",
        6 => $"{days}",
        7 => $"P{days}D\n",
        8 => $"-P{days}D",
        9 => $"PT{days}M",
        10 => days % 2 == 0 ? "P2Y" : "P1Y",
        _ => $"P{days}.5D",
    });

    private EmulatorHost? _host;
    private string _activeRelationshipId = string.Empty;

    private HttpClient Http => _host!.Control;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync(new GdapEmulatorOptions { IncludeRuleDiagnostics = true });
        var created = await PostAsync(Relationships, RelationshipBody(roles: [MailRole.ToString(), HelpdeskRole.ToString()]));
        _activeRelationshipId = created.Json!.Value.GetProperty("id").GetString()!;
        (await PostAsync($"{Relationships}/{_activeRelationshipId}/requests", "{\"action\":\"lockForApproval\"}")).Status.Should().Be(201);
        await _host.ApproveAsync(_activeRelationshipId);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public void GdapIds_OnlyTheCanonicalFormParses()
    {
        Gen.Guid.Sample(guid =>
        {
            GdapIds.TryParseGuid(guid.ToString("D"), out var lower).Should().BeTrue();
            lower.Should().Be(guid);
            GdapIds.TryParseGuid(guid.ToString("D").ToUpperInvariant(), out _).Should().BeTrue();
            foreach (var odd in new[] { guid.ToString("B"), guid.ToString("P"), guid.ToString("N"), guid.ToString("X"), " " + guid.ToString("D"), guid.ToString("D") + " " })
            {
                GdapIds.TryParseGuid(odd, out _).Should().BeFalse(odd);
            }
        }, iter: 200);
    }

    [Fact]
    public void GdapDurations_SurroundingWhiteSpace_Refused()
    {
        Gen.Int[0, 10_000].Sample(days =>
        {
            var text = GdapDurations.Format(Duration.FromDays(days));
            GdapDurations.TryParse(text, out var parsed).Should().BeTrue();
            parsed.Should().Be(Duration.FromDays(days));
            GdapDurations.TryParse(" " + text, out _).Should().BeFalse();
            GdapDurations.TryParse(text + "\n", out _).Should().BeFalse();
        }, iter: 200);
    }

    [Fact]
    public Task RoleId_EveryLayer_SameAnswer() => GuidSpellings.SampleAsync(async text =>
    {
        // Canonical GUIDs stand for a catalog role, so only the spelling decides the answer.
        var role = GdapIds.TryParseGuid(text, out var parsed) && parsed != Guid.Empty ? Respell(text, MailRole) : text;
        var roles = new[] { HelpdeskRole.ToString(), role };

        var engine = GdapIds.TryParseGuid(role, out var id)
            ? Codes(() => GdapRules.Default.ValidateCreate(Request(roles: [WellKnownRoles.HelpdeskAdministrator, new RoleGrant(id)])))
            : [RuleCodes.RoleInvalidId];
        var template = TemplateCodes(roles: roles);
        var emulator = await EmulatorCodesAsync(Relationships, RelationshipBody(roles: roles));

        template.Should().BeEquivalentTo(engine, $"templates read role '{role}' as the engine does");
        emulator.Should().BeEquivalentTo(engine, $"the emulator reads role '{role}' as the engine does");
    }, iter: 80, threads: 1);

    [Fact]
    public Task Duration_EveryLayer_SameAnswer() => DurationSpellings.SampleAsync(async text =>
    {
        var engine = GdapDurations.TryParse(text, out var duration)
            ? Codes(() => GdapRules.Default.ValidateCreate(Request(duration: duration)))
            : [RuleCodes.DurationInvalid];
        var template = TemplateCodes(duration: text);
        var emulator = await EmulatorCodesAsync(Relationships, RelationshipBody(duration: text));

        template.Should().BeEquivalentTo(engine, $"templates read duration '{text}' as the engine does");
        emulator.Should().BeEquivalentTo(engine, $"the emulator reads duration '{text}' as the engine does");
    }, iter: 80, threads: 1);

    [Fact]
    public Task CustomerTenantId_DesiredStateAndEmulator_SameAnswer() => GuidSpellings.SampleAsync(async text =>
    {
        var engine = Codes(() => GdapRules.Default.ValidateCreate(Request() with { Customer = new CustomerParticipant(text) }));
        var desired = DesiredStateCodes(text);
        var emulator = await EmulatorCodesAsync(Relationships, RelationshipBody(customerTenantId: text));

        desired.Should().BeEquivalentTo(engine, $"desired state reads tenant '{text}' as the engine does");
        emulator.Should().BeEquivalentTo(engine, $"the emulator reads tenant '{text}' as the engine does");
    }, iter: 80, threads: 1);

    [Fact]
    public Task SecurityGroupId_TemplateAndEmulator_SameAnswer() => GuidSpellings.SampleAsync(async text =>
    {
        var template = TemplateCodes(groupId: text);
        var emulator = await EmulatorCodesAsync($"{Relationships}/{_activeRelationshipId}/accessAssignments",
            "{\"accessContainer\":{\"accessContainerId\":" + JsonSerializer.Serialize(text) +
            ",\"accessContainerType\":\"securityGroup\"},\"accessDetails\":{\"unifiedRoles\":[{\"roleDefinitionId\":\"" + MailRole + "\"}]}}");
        var expected = GdapIds.IsGuid(text) ? Array.Empty<string>() : [RuleCodes.AssignmentGroupIdInvalid];

        template.Should().BeEquivalentTo(expected, $"templates read group '{text}' as the engine does");
        emulator.Should().BeEquivalentTo(expected, $"the emulator reads group '{text}' as the engine does");
    }, iter: 80, threads: 1);

    private static string Respell(string spelling, Guid guid) =>
        spelling.Any(char.IsUpper) ? guid.ToString("D").ToUpperInvariant() : guid.ToString("D");

    private static CreateRelationshipRequest Request(IReadOnlyList<RoleGrant>? roles = null, Duration? duration = null) => new()
    {
        DisplayName = "Agreement",
        Duration = duration ?? Duration.FromDays(730),
        Roles = roles ?? [WellKnownRoles.HelpdeskAdministrator],
        Customer = new CustomerParticipant(Customer),
    };

    private static string[] Codes(Func<IReadOnlyList<RuleViolation>> validate) => validate().Select(v => v.Code).ToArray();

    private static string[] TemplateCodes(string[]? roles = null, string duration = "P730D", string? groupId = null)
    {
        var group = groupId is null ? string.Empty : $$""", "groups": [ { "securityGroupId": {{JsonSerializer.Serialize(groupId)}} } ]""";
        var json = $$"""{ "name": "Agreement", "roles": {{JsonSerializer.Serialize(roles ?? [HelpdeskRole.ToString()])}}, "duration": {{JsonSerializer.Serialize(duration)}}{{group}} }""";
        try
        {
            AccessTemplate.FromJson(json);
            return [];
        }
        catch (PartnerAccessException error)
        {
            return error.Violations.Select(v => v.Code).ToArray();
        }
    }

    private static string[] DesiredStateCodes(string tenantId)
    {
        var template = AccessTemplate.FromJson($$"""{ "name": "T", "roles": ["{{HelpdeskRole}}"], "duration": "P730D", "groups": [ { "securityGroupId": "869713c9-0b28-4d08-8949-ae07ae1bf528" } ] }""");
        try
        {
            _ = new DesiredState([template], [new DesiredCustomer(new CustomerParticipant(tenantId, "Contoso"), ["T"])]);
            return [];
        }
        catch (PartnerAccessException error)
        {
            return error.Violations.Select(v => v.Code).ToArray();
        }
    }

    private static string RelationshipBody(string[]? roles = null, string duration = "P730D", string? customerTenantId = null)
    {
        var unifiedRoles = string.Join(",", (roles ?? [HelpdeskRole.ToString()]).Select(r => $$"""{"roleDefinitionId":{{JsonSerializer.Serialize(r)}}}"""));
        return $$"""{"displayName":"{{Guid.NewGuid():N}}","duration":{{JsonSerializer.Serialize(duration)}},"customer":{"tenantId":{{JsonSerializer.Serialize(customerTenantId ?? Customer)}}},"accessDetails":{"unifiedRoles":[{{unifiedRoles}}]""" + "}}";
    }

    private async Task<string[]> EmulatorCodesAsync(string path, string body)
    {
        var reply = await PostAsync(path, body);
        if (reply.Status is 201)
        {
            return [];
        }

        reply.Status.Should().BeOneOf([400, 409], reply.Text);
        return reply.Json!.Value.GetProperty("error").GetProperty("innerError").TryGetProperty("ruleViolations", out var list)
            ? list.EnumerateArray().Select(v => v.GetProperty("code").GetString()!).ToArray()
            : [];
    }

    private async Task<(int Status, JsonElement? Json, string Text)> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone(), text);
    }
}
