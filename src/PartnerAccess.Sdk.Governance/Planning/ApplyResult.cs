using System.Text;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Planning;

/// <summary>How applying the plan ended for one customer.</summary>
public enum CustomerOutcome
{
    /// <summary>The customer is in the desired state, or the service is finishing the last changes.</summary>
    Succeeded = 1,

    /// <summary>Everything possible is done; a relationship awaits the customer's approval (see the approval links).</summary>
    PendingApproval,

    /// <summary>A step failed and the customer did not converge; see <see cref="CustomerResult.Error"/>.</summary>
    Failed,
}

/// <summary>The result of applying the plan for one customer.</summary>
public sealed record CustomerResult
{
    /// <summary>The customer.</summary>
    public required CustomerParticipant Customer { get; init; }

    /// <summary>How it ended.</summary>
    public required CustomerOutcome Outcome { get; init; }

    /// <summary>How many service writes were made for this customer.</summary>
    public int Writes { get; init; }

    /// <summary>The steps that were carried out (writes) or reported (the rest), in order.</summary>
    public IReadOnlyList<PlanStep> Steps { get; init; } = [];

    /// <summary>Links the customer opens to approve the relationships that await approval.</summary>
    public IReadOnlyList<Uri> ApprovalLinks { get; init; } = [];

    /// <summary>The failure, for <see cref="CustomerOutcome.Failed"/>.</summary>
    public PartnerAccessException? Error { get; init; }

    /// <summary>How many rounds of read-plan-write it took; more than one after a transient failure.</summary>
    public int Attempts { get; init; } = 1;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Customer.DisplayName ?? Customer.TenantId).Append(": ").Append(Outcome).Append(", ").Append(Writes).Append(" write(s)");
        if (Attempts > 1)
        {
            text.Append(", ").Append(Attempts).Append(" attempts");
        }

        if (Error is not null)
        {
            text.Append(" [").Append(Error.ErrorCode).Append("] ").Append(Error.Message);
        }

        foreach (var link in ApprovalLinks)
        {
            text.AppendLine().Append("  approve: ").Append(link);
        }

        return text.ToString();
    }
}

/// <summary>The result of applying a plan: one entry per customer, in plan order.</summary>
/// <param name="Customers">The per-customer results.</param>
public sealed record ApplyResult(IReadOnlyList<CustomerResult> Customers)
{
    /// <summary>How many service writes were made.</summary>
    public int Writes => Customers.Sum(c => c.Writes);

    /// <summary>How many calls the service throttled (each was retried after its Retry-After).</summary>
    public int ThrottledCalls { get; init; }

    /// <summary>Customers that succeeded.</summary>
    public int Succeeded => Customers.Count(c => c.Outcome == CustomerOutcome.Succeeded);

    /// <summary>Customers that await approval.</summary>
    public int PendingApproval => Customers.Count(c => c.Outcome == CustomerOutcome.PendingApproval);

    /// <summary>Customers that failed.</summary>
    public int Failed => Customers.Count(c => c.Outcome == CustomerOutcome.Failed);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Applied to ").Append(Customers.Count).Append(" customer(s): ")
            .Append(Succeeded).Append(" succeeded, ").Append(PendingApproval).Append(" pending approval, ")
            .Append(Failed).Append(" failed; ").Append(Writes).Append(" write(s), ").Append(ThrottledCalls).Append(" throttled call(s)");
        foreach (var customer in Customers.Where(c => c.Outcome != CustomerOutcome.Succeeded))
        {
            text.AppendLine().Append(customer);
        }

        return text.ToString();
    }
}

/// <summary>Progress of an apply, reported each time a customer finishes.</summary>
/// <param name="CustomersCompleted">Customers finished so far.</param>
/// <param name="CustomersTotal">Customers in the plan.</param>
/// <param name="Writes">Service writes made so far.</param>
/// <param name="Completed">The customer that just finished.</param>
public sealed record ApplyProgress(int CustomersCompleted, int CustomersTotal, int Writes, CustomerResult Completed);
