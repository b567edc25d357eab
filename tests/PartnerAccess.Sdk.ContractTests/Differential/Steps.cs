using CsCheck;
using NodaTime;
using PartnerAccess.Sdk.Access;

namespace PartnerAccess.Sdk.ContractTests.Differential;

/// <summary>
/// One generated operation. Indexes name objects by the order they were created in (modulo how many exist), so the
/// same step means the same object on both implementations, whose ids differ.
/// </summary>
public abstract record Step
{
    /// <summary>Role sets a step picks from: some with Global Administrator, some not subsets of others.</summary>
    public static readonly IReadOnlyList<RoleGrant>[] RoleSets =
    [
        [WellKnownRoles.ExchangeAdministrator, WellKnownRoles.HelpdeskAdministrator],
        [WellKnownRoles.HelpdeskAdministrator],
        [WellKnownRoles.GlobalAdministrator, WellKnownRoles.HelpdeskAdministrator],
        [WellKnownRoles.UserAdministrator, WellKnownRoles.ExchangeAdministrator],
        [],
    ];

    public static readonly string[] Groups = ["869713c9-0b28-4d08-8949-ae07ae1bf528", "a1b2c3d4-0b28-4d08-8949-ae07ae1bf529"];

    /// <summary>Relationship lengths in days: both bounds, a short one that expires in a test, and two out of range.</summary>
    public static readonly int[] Days = [1, 30, 730, 0, 731];

    /// <summary>How far time moves: an hour, a day, past the 30 days, past the 90-day approval clean-up.</summary>
    public static readonly Duration[] Advances = [Duration.FromHours(1), Duration.FromDays(1), Duration.FromDays(31), Duration.FromDays(95)];

    /// <summary>Mostly valid values, sometimes invalid ones, so sequences reach active relationships and assignments.</summary>
    private static readonly Gen<int> DaysIndexGen = CsCheck.Gen.Frequency((8, CsCheck.Gen.Int[0, 2]), (2, CsCheck.Gen.Int[3, Days.Length - 1]));

    private static readonly Gen<int> RoleSetGen = CsCheck.Gen.Frequency((9, CsCheck.Gen.Int[0, RoleSets.Length - 2]), (1, CsCheck.Gen.Const(RoleSets.Length - 1)));

    private static readonly Gen<Step> CreateGen = CsCheck.Gen.Select(CsCheck.Gen.Int[0, 3], DaysIndexGen, RoleSetGen, CsCheck.Gen.Frequency((1, CsCheck.Gen.Bool), (2, CsCheck.Gen.Const(false))), CsCheck.Gen.Bool,
        (name, days, roles, autoExtend, customer) => (Step)new Create(name, days, roles, autoExtend, customer));

    public static Gen<Step> Gen { get; } = CsCheck.Gen.Frequency(
        (4, CreateGen),
        (3, CsCheck.Gen.Select(CsCheck.Gen.Int[0, 7], CsCheck.Gen.Enum<UpdateKind>(), CsCheck.Gen.Int[0, 4], (r, kind, value) => (Step)new Update(r, kind, value))),
        (6, CsCheck.Gen.Int[0, 7].Select(r => (Step)new Lock(r))),
        (6, CsCheck.Gen.Int[0, 7].Select(r => (Step)new Approve(r))),
        (6, CsCheck.Gen.Int[0, 7].Select(r => (Step)new Onboard(r))),
        (8, CsCheck.Gen.Select(CsCheck.Gen.Int[0, 7], CsCheck.Gen.Int[0, Groups.Length - 1], RoleSetGen, (r, g, roles) => (Step)new Assign(r, g, roles))),
        (4, CsCheck.Gen.Select(CsCheck.Gen.Int[0, 7], CsCheck.Gen.Int[0, 3], RoleSetGen, (r, a, roles) => (Step)new UpdateAssignment(r, a, roles))),
        (2, CsCheck.Gen.Select(CsCheck.Gen.Int[0, 7], CsCheck.Gen.Int[0, 3], (r, a) => (Step)new DeleteAssignment(r, a))),
        (2, CsCheck.Gen.Int[0, 7].Select(r => (Step)new Delete(r))),
        (2, CsCheck.Gen.Int[0, 7].Select(r => (Step)new Terminate(r))),
        (2, CsCheck.Gen.Int[0, Advances.Length - 1].Select(a => (Step)new Advance(a))));

    /// <summary>A sequence: a create first (so later steps have something to act on), then any steps.</summary>
    public static Gen<Step[]> Sequences { get; } = CsCheck.Gen.Select(CreateGen, Gen.Array[1, 24], (first, rest) => (Step[])[first, .. rest]);

    public sealed record Create(int Name, int DaysIndex, int RoleSet, bool AutoExtend, bool WithCustomer) : Step;

    public sealed record Update(int Relationship, UpdateKind Kind, int Value) : Step;

    public sealed record Lock(int Relationship) : Step;

    public sealed record Approve(int Relationship) : Step;

    /// <summary>Lock, then the customer approves: the common path, so that more sequences reach active relationships.</summary>
    public sealed record Onboard(int Relationship) : Step;

    public sealed record Assign(int Relationship, int Group, int RoleSet) : Step;

    public sealed record UpdateAssignment(int Relationship, int Assignment, int RoleSet) : Step;

    public sealed record DeleteAssignment(int Relationship, int Assignment) : Step;

    public sealed record Delete(int Relationship) : Step;

    public sealed record Terminate(int Relationship) : Step;

    public sealed record Advance(int By) : Step;
}

/// <summary>What an <see cref="Step.Update"/> changes.</summary>
public enum UpdateKind
{
    DisplayName,
    Duration,
    AutoExtend,
    Roles,
}
