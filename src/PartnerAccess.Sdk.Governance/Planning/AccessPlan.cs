using System.Text;
using NodaTime;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Planning;

/// <summary>What the planner will do for one customer, in order.</summary>
/// <param name="Customer">The customer.</param>
/// <param name="Steps">The steps, including the ones that only report.</param>
public sealed record CustomerPlan(CustomerParticipant Customer, IReadOnlyList<PlanStep> Steps)
{
    /// <summary>How many service writes the steps make.</summary>
    public int Writes => Steps.Sum(s => s.Writes);

    /// <summary>Whether nothing needs to change for this customer.</summary>
    public bool IsUpToDate => Writes == 0;

    /// <summary>Whether a relationship awaits the customer's approval (and nothing else can be done first).</summary>
    public bool AwaitsApproval => Steps.Any(s => s.Kind == PlanStepKind.AwaitApproval);

    // Set when the customer's relationship details could not be read: the steps may be incomplete, and apply reads
    // and plans this customer again before its first write.
    internal PartnerAccessException? ReadFailure { get; init; }

    /// <summary>
    /// Why this customer's relationship details could not be read while planning (the client's retry budget ran out,
    /// or the read was refused); <see langword="null"/> when everything was read. When set, <see cref="Steps"/> may be
    /// incomplete, and apply reads and plans this customer again before its first write.
    /// </summary>
    public PartnerAccessException? ReadError => ReadFailure;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Customer.DisplayName ?? Customer.TenantId).Append(" (").Append(Customer.TenantId).Append(')');
        if (ReadFailure is { } failure)
        {
            text.Append(": not fully read (").Append(failure.Message).Append("); apply reads it again");
        }
        if (Steps.Count == 0)
        {
            text.Append(": up to date");
        }

        foreach (var step in Steps)
        {
            text.AppendLine().Append("  ").Append(step);
        }

        return text.ToString();
    }
}

/// <summary>
/// A readable, per-customer plan: what apply will change to bring the partner's relationships and assignments to the
/// desired state, and what it will only report. Print it with <see cref="ToString"/> before applying.
/// </summary>
/// <param name="Desired">The desired state it was made for; apply re-plans a customer from it when the state moved.</param>
/// <param name="Customers">One entry per desired customer, in the desired state's order.</param>
/// <param name="CreatedAt">When the state was read.</param>
public sealed record AccessPlan(DesiredState Desired, IReadOnlyList<CustomerPlan> Customers, Instant CreatedAt)
{
    /// <summary>How many service writes the plan makes. Zero once the desired state is reached.</summary>
    public int Writes => Customers.Sum(c => c.Writes);

    /// <summary>Every step of every customer.</summary>
    public IEnumerable<PlanStep> Steps => Customers.SelectMany(c => c.Steps);

    /// <summary>How many steps of each kind, for a summary line.</summary>
    /// <returns>Kind and count, for kinds that occur.</returns>
    public IReadOnlyDictionary<PlanStepKind, int> CountByKind() =>
        Steps.GroupBy(s => s.Kind).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The full text of the plan; customers without steps are summarised in one line.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Render(includeUpToDate: false);

    /// <summary>The text of the plan.</summary>
    /// <param name="includeUpToDate">Whether to list customers with nothing to do one by one.</param>
    /// <returns>The text.</returns>
    public string Render(bool includeUpToDate)
    {
        var text = new StringBuilder();
        text.Append("Plan of ").Append(CreatedAt.ToString()).Append(": ")
            .Append(Customers.Count).Append(" customer(s), ").Append(Writes).Append(" write(s)");
        var counts = CountByKind();
        if (counts.Count > 0)
        {
            text.Append(" [").Append(string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"))).Append(']');
        }

        var quiet = 0;
        foreach (var customer in Customers)
        {
            if (customer.Steps.Count == 0 && !includeUpToDate)
            {
                quiet++;
                continue;
            }

            text.AppendLine().Append(customer);
        }

        if (quiet > 0)
        {
            text.AppendLine().Append(quiet).Append(" customer(s) up to date.");
        }

        return text.ToString();
    }
}
