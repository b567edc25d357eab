using System.CommandLine;
using System.CommandLine.Parsing;
using NodaTime;
using PartnerAccess.Cli.Infrastructure;
using PartnerAccess.Sdk;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Rules;
using Spectre.Console;

namespace PartnerAccess.Cli.Commands;

/// <summary>Arguments and options several commands share, and how their values are looked up.</summary>
internal static class Arguments
{
    public static Argument<string> Relationship() => new("relationship")
    {
        Description = "The relationship id, or its display name.",
    };

    /// <summary>Roles by Entra name ("Helpdesk Administrator") or template id; repeat the option or separate with commas.</summary>
    public static Option<RoleGrant[]> Roles(string description, bool required = true) => new("--role", "-r")
    {
        Description = description + " Give the Entra role name or template id; repeat the option or separate with commas. `partner-access roles` lists them.",
        Required = required,
        Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "role",
        CustomParser = ParseRoles,
    };

    public static Option<Duration> Span(string name, string description, Duration? defaultValue = null)
    {
        var option = new Option<Duration>(name)
        {
            Description = $"{description} ({DurationText.Hint}).",
            HelpName = "span",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (DurationText.TryParse(text, out var duration))
                {
                    return duration;
                }

                result.AddError($"'{text}' is not {DurationText.Hint}.");
                return Duration.Zero;
            },
        };
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }

        return option;
    }

    public static Option<bool> Yes() => new("--yes", "-y")
    {
        Description = "Do it without asking for confirmation.",
    };

    /// <summary>Reads a relationship by id, or by display name when the text is not an id.</summary>
    public static async Task<Relationship> ResolveRelationshipAsync(CommandContext context, string idOrName)
    {
        if (GdapRules.IsRelationshipId(idOrName))
        {
            return await context.Client.GetRelationshipAsync(idOrName, context.CancellationToken);
        }

        await foreach (var relationship in context.Client.ListRelationshipsAsync(new RelationshipQuery { DisplayName = idOrName }, context.CancellationToken))
        {
            return relationship;
        }

        throw new PartnerAccessException(PartnerAccessErrorCode.NotFound, $"No relationship has the id or display name '{idOrName}'.");
    }

    /// <summary>Asks before a change that cannot be undone, unless --yes was given; without a terminal, --yes is required.</summary>
    public static bool Confirm(CommandContext context, Option<bool> yes, string question)
    {
        if (context.Get(yes))
        {
            return true;
        }

        if (!context.Error.Profile.Capabilities.Interactive)
        {
            throw new UsageException($"{question} Pass --yes to confirm.");
        }

        return context.Error.Confirm(question, defaultValue: false);
    }

    private static RoleGrant[] ParseRoles(ArgumentResult result)
    {
        var roles = new List<RoleGrant>();
        foreach (var text in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (GdapIds.TryParseGuid(text, out var id))
            {
                roles.Add(new RoleGrant(id));
            }
            else if (RoleCatalog.Default.FindByName(text) is { } known)
            {
                roles.Add(new RoleGrant(known.TemplateId));
            }
            else if (RoleCatalog.Default.Excluded.FirstOrDefault(e => string.Equals(e.Name, text, StringComparison.OrdinalIgnoreCase)) is { } excluded)
            {
                // Let the rule engine refuse it, with its code and reason.
                roles.Add(new RoleGrant(excluded.TemplateId));
            }
            else
            {
                result.AddError($"'{text}' is neither a role template id nor a role name GDAP can delegate; `partner-access roles` lists them.");
            }
        }

        return [.. roles];
    }
}
