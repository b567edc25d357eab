using PartnerAccess.Sdk.Audit;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Relationships;

namespace PartnerAccess.Sdk.Testing;

public sealed partial class GdapSimulator
{
    /// <summary>Lists the customers the partner has at least one active relationship with, by name, then id.</summary>
    /// <returns>The customers.</returns>
    public IReadOnlyList<DelegatedAdminCustomer> ListCustomers() => Run(_ => CustomersInOrder().ToList());

    /// <summary>
    /// Runs <paramref name="read"/> over the customers in <see cref="ListCustomers"/> order under the lock, without copying
    /// them; the sorted order is kept until a customer appears, disappears or is renamed. The sequence is valid only inside
    /// <paramref name="read"/>, which must not call back into the simulator.
    /// </summary>
    internal TResult ReadCustomers<TResult>(Func<IEnumerable<DelegatedAdminCustomer>, TResult> read) => Run(_ => read(CustomersInOrder()));

    /// <summary>Reads one customer; a customer exists while the partner has an active relationship with it.</summary>
    /// <param name="customerId">The customer id (its tenant id).</param>
    /// <returns>The customer.</returns>
    /// <exception cref="PartnerAccessException">NotFound.</exception>
    public DelegatedAdminCustomer GetCustomer(string customerId) => Run(_ => FindCustomer(customerId).Visible!);

    /// <summary>Lists where the partner manages a customer's services.</summary>
    /// <param name="customerId">The customer id (its tenant id).</param>
    /// <returns>The service management details.</returns>
    /// <exception cref="PartnerAccessException">NotFound.</exception>
    public IReadOnlyList<ServiceManagementDetail> ListServiceManagementDetails(string customerId) =>
        Run(_ => FindCustomer(customerId).ServiceManagementDetails.ToList());

    /// <summary>Reads the audit trail: every change the simulator made, and the seeded partner sign-ins.</summary>
    /// <param name="query">Filters by relationship, customer, partner, time range and kind.</param>
    /// <returns>The matching records, oldest first (records at the same instant in the order they happened).</returns>
    public IReadOnlyList<AuditRecord> ListAuditRecords(AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Run(_ => _audit.Where(query.Matches).OrderBy(r => r.OccurredAt).ToList());
    }

    /// <summary>Seeds partner sign-ins into customer tenants, as the customer's Entra sign-in log would show them.</summary>
    /// <param name="signIns">The records, normally of kind <see cref="AuditRecordKind.PartnerSignIn"/>.</param>
    public void AddSignIns(IEnumerable<AuditRecord> signIns)
    {
        ArgumentNullException.ThrowIfNull(signIns);
        var records = signIns.ToList();
        if (records.Any(r => r is null))
        {
            throw new ArgumentException("A sign-in record is null.", nameof(signIns));
        }

        Run(_ => _audit.AddRange(records));
    }

    private CustomerEntry FindCustomer(string customerId) =>
        customerId is not null && _customers.TryGetValue(customerId, out var customer) && customer.Visible is not null
            ? customer
            : throw NotFound("Customer", customerId);

    private List<DelegatedAdminCustomer> CustomersInOrder() =>
        _customersInOrder ??= _customers.Values.Select(c => c.Visible).OfType<DelegatedAdminCustomer>()
            .OrderBy(c => c.DisplayName ?? c.TenantId, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>Keeps the customer's name as the approving customer gave it.</summary>
    private void RememberCustomer(CustomerParticipant? participant)
    {
        if (participant is null)
        {
            return;
        }

        if (!_customers.TryGetValue(participant.TenantId, out var customer))
        {
            _customers.Add(participant.TenantId, new CustomerEntry(participant.TenantId, participant.DisplayName));
            return;
        }

        if (participant.DisplayName is { } name && !string.Equals(name, customer.DisplayName, StringComparison.Ordinal))
        {
            customer.DisplayName = name;
            if (customer.Visible is not null)
            {
                customer.Visible = customer.Visible with { DisplayName = name, ETag = NewETag() };
                _customersInOrder = null;
            }
        }
    }

    /// <summary>The customer object exists while at least one relationship with it is active (wire spec §1.9).</summary>
    private void CountActiveRelationship(CustomerParticipant? participant, int delta)
    {
        if (participant is null)
        {
            return;
        }

        RememberCustomer(participant);
        var customer = _customers[participant.TenantId];
        customer.ActiveRelationships += delta;
        if (customer.ActiveRelationships > 0 && customer.Visible is null)
        {
            customer.Visible = new DelegatedAdminCustomer
            {
                Id = customer.TenantId,
                TenantId = customer.TenantId,
                DisplayName = customer.DisplayName,
                ETag = NewETag(),
            };
            _customersInOrder = null;
            if (customer.ServiceManagementDetails.Count == 0)
            {
                customer.ServiceManagementDetails.Add(new ServiceManagementDetail(
                    NewId(), "Azure Active Directory", $"https://aad.portal.azure.com/{customer.TenantId}"));
                customer.ServiceManagementDetails.Add(new ServiceManagementDetail(
                    NewId(), "Microsoft 365 admin center", $"https://admin.microsoft.com/Partner/BeginClientSession.aspx?CTID={customer.TenantId}"));
            }
        }
        else if (customer.ActiveRelationships == 0)
        {
            customer.Visible = null;
            _customersInOrder = null;
        }
    }
}
