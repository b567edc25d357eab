using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Planning;
using PartnerAccess.Sdk.Rules;

namespace PartnerAccess.Sdk.Governance.Tests.Planning;

public class StarterTemplatesTests
{
    [Fact]
    public void All_ShipsTheDocumentedStarters()
    {
        StarterTemplates.All.Select(t => t.Name).Should().Equal(
            "Service desk", "Exchange specialist", "Escalation engineer", "Security operations", "Read-only auditor");
    }

    [Fact]
    public void All_EveryStarterPassesTheRuleEngine()
    {
        foreach (var template in StarterTemplates.All)
        {
            template.Validate(GdapRules.Default).Should().BeEmpty(template.Name);
            template.Roles.Should().OnlyContain(r => r.IsKnown, template.Name);
            template.Groups.Should().NotBeEmpty().And.OnlyContain(g => g.Label != null && g.SecurityGroupId == null, template.Name);
        }
    }

    [Fact]
    public void All_LeastPrivilege_NoGlobalAdministratorAndNoWriteRolesForReaders()
    {
        StarterTemplates.All.SelectMany(t => t.Roles).Should().NotContain(WellKnownRoles.GlobalAdministrator);
        StarterTemplates.All.SelectMany(t => t.Roles).Should().NotContain(WellKnownRoles.PrivilegedRoleAdministrator);
        StarterTemplates.ReadOnlyAuditor.Roles.Select(r => r.Name).Should().OnlyContain(n => n.EndsWith("Reader", StringComparison.Ordinal));
    }

    [Fact]
    public void All_TemplatesWithPrivilegedWriteRoles_DoNotAutoExtend()
    {
        // Escalation engineers hold privileged write roles; the tier is renewed deliberately instead of running forever.
        StarterTemplates.EscalationEngineer.AutoExtend.Should().BeFalse();
        StarterTemplates.EscalationEngineer.Roles.Should().Contain(r => r.IsPrivileged);
    }

    [Fact]
    public void Get_IgnoresCase_AndUnknownNameListsStarters()
    {
        StarterTemplates.Get("SERVICE DESK").Should().BeSameAs(StarterTemplates.ServiceDesk);
        var act = () => StarterTemplates.Get("Nope");
        act.Should().Throw<KeyNotFoundException>().WithMessage("*Exchange specialist*");
    }

    [Fact]
    public void Docs_ListEveryRoleOfEveryStarter()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "templates.md"));

        foreach (var template in StarterTemplates.All)
        {
            docs.Should().Contain($"### {template.Name}");
            foreach (var role in template.Roles)
            {
                docs.Should().Contain(role.Name, template.Name).And.Contain(role.RoleDefinitionId.ToString(), template.Name);
            }
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PartnerAccess.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
