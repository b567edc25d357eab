namespace PartnerAccess.Sdk.Notifications;

/// <summary>Finds who should receive a notice.</summary>
/// <remarks>The default, <see cref="NotificationRecipients"/>, reads configuration; implement this to look people up elsewhere, for example in a CRM.</remarks>
public interface INotificationRecipientResolver
{
    /// <summary>The mail addresses for a notice; empty when nobody should get it.</summary>
    /// <param name="notice">The notice.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The addresses.</returns>
    Task<IReadOnlyList<string>> ResolveAsync(Notice notice, CancellationToken cancellationToken = default);
}

/// <summary>
/// Who receives notices, from configuration. Partner-side notices go to <see cref="Partner"/>, or to the addresses
/// listed for that customer in <see cref="PartnerByCustomer"/> (for example the account owner). Customer-side notices
/// go to the addresses listed for the customer's tenant in <see cref="Customer"/>; a customer with no entry gets none.
/// </summary>
public sealed class NotificationRecipients : INotificationRecipientResolver
{
    /// <summary>Partner-side addresses for every customer without its own entry in <see cref="PartnerByCustomer"/>.</summary>
    public IList<string> Partner { get; } = new List<string>();

    /// <summary>Partner-side addresses per customer tenant id; they replace <see cref="Partner"/> for that customer.</summary>
    public IDictionary<string, IList<string>> PartnerByCustomer { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Customer-side addresses per customer tenant id.</summary>
    public IDictionary<string, IList<string>> Customer { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The addresses for a notice, without duplicates (compared case-insensitively), in configured order.</summary>
    /// <param name="notice">The notice.</param>
    /// <returns>The addresses; empty when none are configured.</returns>
    public IReadOnlyList<string> For(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var tenant = notice.CustomerTenantId;
        IEnumerable<string> addresses = notice.Audience switch
        {
            NotificationAudience.Partner when tenant is not null && PartnerByCustomer.TryGetValue(tenant, out var own) => own,
            NotificationAudience.Partner => Partner,
            NotificationAudience.Customer when tenant is not null && Customer.TryGetValue(tenant, out var customer) => customer,
            _ => [],
        };
        return addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ResolveAsync(Notice notice, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(For(notice));
    }
}
