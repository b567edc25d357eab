using System.Text.RegularExpressions;
using CsCheck;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using PartnerAccess.Sdk.Time;

using PartnerAccess.Sdk.Tests.Access;

namespace PartnerAccess.Sdk.Tests.Rules;

/// <summary>
/// Generated create requests against an oracle: a plain restatement of the rules in docs/rules.md that shares no code
/// with <see cref="GdapRules"/>. The catalog it uses is read from the embedded JSON text, not from <see cref="RoleCatalog"/>.
/// </summary>
public partial class GdapRulesPropertyTests
{
    private const int Iterations = 4000;
    private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";

    // Field initializers run in text order; the generators below depend on these two.
    private static readonly HashSet<Guid> CatalogIds = RoleCatalogTests.EmbeddedIds().Roles.Select(Guid.Parse).ToHashSet();
    private static readonly HashSet<Guid> ExcludedIds = RoleCatalogTests.EmbeddedIds().Excluded.Select(Guid.Parse).ToHashSet();
    private static readonly HashSet<string> KnownCodes = [.. RuleCodesTests.All];

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex GuidText();

    private static readonly Gen<char> NameChar = Gen.Frequency(
        (60, Gen.Char["abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 -_.,()&'/"]),
        (1, Gen.Char['\u0000', '\u001f']),
        (1, Gen.Char["\u007f\u0085\u009f\t\n\r"]),
        (4, Gen.Char["éüß漢字\u00a0\u2028\u3000"]));

    private static readonly Gen<string> Names = Gen.Frequency(
        (1, Gen.Const((string)null!)),
        (2, Gen.Char[" \t\u3000"].Array[0, 4].Select(c => new string(c))),
        (10, NameChar.Array[0, 60].Select(c => new string(c))),
        (6, NameChar.Array[48, 53].Select(c => new string(c))));

    private static readonly Gen<Duration> Durations = Gen.Select(
        Gen.Frequency((4, Gen.Int[-5, 800]), (1, Gen.OneOf(0, 1, 729, 730, 731))),
        Gen.Frequency((5, Gen.Const(0)), (1, Gen.Int[1, 23])),
        (days, hours) => Duration.FromDays(days) + Duration.FromHours(hours));

    private static readonly Gen<Guid> RoleIds = Gen.Frequency(
        (30, Gen.OneOf(CatalogIds.ToArray())),
        (3, Gen.Const(Guid.Parse(GlobalAdministrator))),
        (2, Gen.OneOf(ExcludedIds.ToArray())),
        (1, Gen.Guid),
        (1, Gen.Const(Guid.Empty)));

    private static readonly Gen<IReadOnlyList<RoleGrant>?> RoleLists = Gen.Frequency(
        (1, Gen.Const((IReadOnlyList<RoleGrant>?)null)),
        (20, Gen.Select(RoleIds.Array[0, 5], Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true))), (ids, repeat) =>
        {
            var list = ids.Select(id => new RoleGrant(id)).ToList();
            if (repeat && list.Count > 0)
            {
                list.Add(new RoleGrant(list[0].RoleDefinitionId));
            }

            return (IReadOnlyList<RoleGrant>?)list;
        })));

    private static readonly Gen<Duration> AutoExtends = Gen.Frequency((3, Gen.Const(0)), (3, Gen.Const(180)), (1, Gen.Const(90))).Select(d => Duration.FromDays(d));

    private static readonly Gen<CustomerParticipant?> Customers = Gen.Frequency(
        (3, Gen.Const((CustomerParticipant?)null)),
        (4, Gen.Guid.Select(g => (CustomerParticipant?)new CustomerParticipant(g.ToString()))),
        (1, Gen.Guid.Select(g => (CustomerParticipant?)new CustomerParticipant(g.ToString().ToUpperInvariant()))),
        (2, Gen.OneOf(
            "not-a-guid", "", " ", "00000000-0000-0000-0000-000000000000", "contoso.onmicrosoft.com",
            "{4b827261-d21f-4aa9-b7db-7fa1f56fb163}", "4b827261d21f4aa9b7db7fa1f56fb163",
            " 4b827261-d21f-4aa9-b7db-7fa1f56fb163", "4b827261-d21f-4aa9-b7db-7fa1f56fb16")
            .Select(t => (CustomerParticipant?)new CustomerParticipant(t))));

    private static readonly Gen<(CreateRelationshipRequest Request, bool AllowUnknown)> Requests = Gen.Select(
        Names, Durations, RoleLists, AutoExtends, Customers, Gen.Bool,
        (name, duration, roles, autoExtend, customer, allowUnknown) => (new CreateRelationshipRequest
        {
            DisplayName = name,
            Duration = duration,
            Roles = roles!,
            AutoExtendDuration = autoExtend,
            Customer = customer,
        }, allowUnknown));

    /// <summary>The rules, restated as plainly as possible.</summary>
    private static HashSet<string> ExpectedCodes(CreateRelationshipRequest request, bool allowUnknown)
    {
        var codes = new HashSet<string>();

        var name = request.DisplayName;
        if (name is null || name.All(char.IsWhiteSpace))
        {
            codes.Add(RuleCodes.DisplayNameRequired);
        }
        else
        {
            if (name.Length > 50)
            {
                codes.Add(RuleCodes.DisplayNameTooLong);
            }

            if (name.Any(char.IsControl))
            {
                codes.Add(RuleCodes.DisplayNameInvalidCharacters);
            }
        }

        var ticks = request.Duration.BclCompatibleTicks;
        if (ticks % TimeSpan.TicksPerDay != 0)
        {
            codes.Add(RuleCodes.DurationNotWholeDays);
        }
        else if (ticks / TimeSpan.TicksPerDay is < 1 or > 730)
        {
            codes.Add(RuleCodes.DurationOutOfRange);
        }

        if (request.Customer is { } customer &&
            (!GuidText().IsMatch(customer.TenantId) || customer.TenantId == "00000000-0000-0000-0000-000000000000"))
        {
            codes.Add(RuleCodes.CustomerTenantIdInvalid);
        }

        var roles = request.Roles;
        if (roles is null || roles.Count == 0)
        {
            codes.Add(RuleCodes.RolesRequired);
        }
        else
        {
            var ids = roles.Select(r => r.RoleDefinitionId).ToList();
            if (ids.Distinct().Count() != ids.Count)
            {
                codes.Add(RuleCodes.RolesDuplicate);
            }

            foreach (var id in ids)
            {
                if (id == Guid.Empty)
                {
                    codes.Add(RuleCodes.RoleInvalidId);
                }
                else if (ExcludedIds.Contains(id))
                {
                    codes.Add(RuleCodes.RoleExcluded);
                }
                else if (!CatalogIds.Contains(id) && !allowUnknown)
                {
                    codes.Add(RuleCodes.RoleNotInCatalog);
                }
            }
        }

        var autoExtendDays = request.AutoExtendDuration.BclCompatibleTicks / (double)TimeSpan.TicksPerDay;
        if (autoExtendDays is not (0 or 180))
        {
            codes.Add(RuleCodes.AutoExtendInvalid);
        }
        else if (autoExtendDays == 180 && roles is not null && roles.Any(r => r.RoleDefinitionId.ToString() == GlobalAdministrator))
        {
            codes.Add(RuleCodes.AutoExtendWithGlobalAdministrator);
        }

        return codes;
    }

    private static string Describe((CreateRelationshipRequest Request, bool AllowUnknown) t) =>
        $"name={(t.Request.DisplayName is null ? "null" : $"\"{Regex.Escape(t.Request.DisplayName)}\" ({t.Request.DisplayName.Length})")}, " +
        $"duration={GdapDurations.Format(t.Request.Duration)}, autoExtend={GdapDurations.Format(t.Request.AutoExtendDuration)}, " +
        $"customer={t.Request.Customer?.TenantId ?? "null"}, roles=[{(t.Request.Roles is null ? "null" : string.Join(",", t.Request.Roles.Select(r => r.RoleDefinitionId)))}], " +
        $"allowUnknown={t.AllowUnknown}";

    [Fact]
    public void ValidateCreate_AnyRequest_ReturnsViolationsAndNeverThrows()
    {
        Requests.Sample(t =>
        {
            var rules = new GdapRules(new GdapRuleOptions { AllowRolesNotInCatalog = t.AllowUnknown });

            var violations = rules.ValidateCreate(t.Request);

            violations.Should().NotBeNull();
            try
            {
                GdapRules.ThrowIfAny(violations);
                violations.Should().BeEmpty();
            }
            catch (PartnerAccessException exception)
            {
                violations.Should().NotBeEmpty();
                exception.Violations.Should().Equal(violations);
                exception.ErrorCode.Should().Be(PartnerAccessErrorCode.Validation);
            }
        }, iter: Iterations, print: Describe);
    }

    [Fact]
    public void ValidateCreate_AnyRequest_AcceptsExactlyWhatTheOracleAccepts()
    {
        Requests.Sample(t =>
        {
            var rules = new GdapRules(new GdapRuleOptions { AllowRolesNotInCatalog = t.AllowUnknown });
            var expected = ExpectedCodes(t.Request, t.AllowUnknown);

            var violations = rules.ValidateCreate(t.Request);

            (violations.Count == 0).Should().Be(expected.Count == 0, "valid exactly when the oracle says so; got [{0}]", string.Join(", ", violations));
            violations.Select(v => v.Code).Distinct().Should().BeEquivalentTo(expected, "every broken rule is reported, and only those");
        }, iter: Iterations, print: Describe);
    }

    [Fact]
    public void ValidateCreate_AnyRequest_UsesOnlyKnownCodesAndMeaningfulMessages()
    {
        Requests.Sample(t =>
        {
            var rules = new GdapRules(new GdapRuleOptions { AllowRolesNotInCatalog = t.AllowUnknown });

            foreach (var violation in rules.ValidateCreate(t.Request))
            {
                KnownCodes.Should().Contain(violation.Code);
                violation.Target.Should().NotBeNullOrWhiteSpace();
                violation.Message.Should().NotBeNullOrWhiteSpace();
            }
        }, iter: Iterations, print: Describe);
    }

    [Fact]
    public void Generators_CoverValidAndEveryCreateRule()
    {
        // Guards the generators: a property over requests that never break a rule proves nothing.
        var seen = new HashSet<string>();
        var valid = 0;
        Requests.Sample(t =>
        {
            var codes = ExpectedCodes(t.Request, t.AllowUnknown);
            lock (seen)
            {
                seen.UnionWith(codes);
                valid += codes.Count == 0 ? 1 : 0;
            }
        }, iter: Iterations, threads: 1);

        valid.Should().BeGreaterThan(Iterations / 100);
        seen.Should().BeEquivalentTo(
        [
            RuleCodes.DisplayNameRequired, RuleCodes.DisplayNameTooLong, RuleCodes.DisplayNameInvalidCharacters,
            RuleCodes.DurationNotWholeDays, RuleCodes.DurationOutOfRange, RuleCodes.CustomerTenantIdInvalid,
            RuleCodes.RolesRequired, RuleCodes.RolesDuplicate, RuleCodes.RoleInvalidId, RuleCodes.RoleExcluded,
            RuleCodes.RoleNotInCatalog, RuleCodes.AutoExtendInvalid, RuleCodes.AutoExtendWithGlobalAdministrator,
        ]);
    }

    [Fact]
    public void GdapDurations_FormatThenParse_RoundTrips()
    {
        Gen.Select(Gen.Int[-800, 800], Gen.Int[0, 23], Gen.Int[0, 59]).Sample((days, hours, minutes) =>
        {
            var duration = Duration.FromDays(days) + Duration.FromHours(hours) + Duration.FromMinutes(minutes);

            GdapDurations.Parse(GdapDurations.Format(duration)).Should().Be(duration);
        }, iter: Iterations);
    }
}
