using System.Text;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Extensions;
using PartnerAccess.Sdk.Emulator;
using PartnerAccess.Sdk.Graph;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Testing;
using Xunit.Abstractions;

namespace PartnerAccess.Sdk.ContractTests.Differential;

/// <summary>
/// Model-based differential test: random operation sequences run against <see cref="InMemoryPartnerAccessClient"/> and
/// against <see cref="GraphPartnerAccessClient"/> over the emulator in Graph's dialect (no rule diagnostics), and
/// everything a caller can observe must be the same: each step's result or error code and rule codes, then every
/// relationship's and assignment's state. CsCheck shrinks a difference to a short sequence and prints it.
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output) : IAsyncLifetime
{
    private EmulatorHost? _host;
    private GraphPartnerAccessClient? _graph;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync(new GdapEmulatorOptions { StartTime = Instant.FromUtc(2025, 1, 1, 0, 0) });
        _host.Emulator.Options.IncludeRuleDiagnostics.Should().BeFalse("the SDK proves itself against Graph's dialect");

        // No faults here, so a 404 is final: no eventual-consistency retries that would wait on real timers.
        _graph = _host.CreateClient(options =>
        {
            options.EventualConsistencyMaxRetries = 0;
            options.MaxAttempts = 1;
        });
    }

    public async Task DisposeAsync()
    {
        _graph?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public Task RandomSequences_InMemoryAndGraphOverEmulator_ObserveTheSame() =>
        Step.Sequences.SampleAsync(
            async steps =>
            {
                var difference = await CompareAsync(steps);
                difference.Should().BeNull();
            },
            writeLine: output.WriteLine,
            iter: 200,
            threads: 1,
            print: Print);

    [Fact]
    public async Task KnownSequence_LockApproveAssignTerminate_ObserveTheSame()
    {
        Step[] steps =
        [
            new Step.Create(0, 1, 0, false, true),
            new Step.Lock(0),
            new Step.Lock(0),
            new Step.Approve(0),
            new Step.Assign(0, 0, 1),
            new Step.Assign(0, 0, 1),
            new Step.Assign(0, 1, 2),
            new Step.UpdateAssignment(0, 0, 0),
            new Step.Update(0, UpdateKind.Roles, 1),
            new Step.Terminate(0),
            new Step.Advance(3),
        ];

        (await CompareAsync(steps)).Should().BeNull();
    }

    private static string Print(Step[] steps) => Environment.NewLine + string.Join(Environment.NewLine, steps.Select((s, i) => $"  {i}: {s}"));

    /// <summary>Runs the steps on a fresh in-memory service and the reset emulator; the first difference, or null.</summary>
    private async Task<string?> CompareAsync(IReadOnlyList<Step> steps)
    {
        var host = _host!;
        host.Emulator.Reset();
        var time = new FakeTimeProvider(host.Emulator.Clock.GetUtcNow());
        var memory = new InMemoryPartnerAccessClient(time);
        var expected = new ClientModel(
            memory,
            (id, customer) =>
            {
                try
                {
                    memory.Simulator.Approve(id, customer);
                    return Task.FromResult(true);
                }
                catch (PartnerAccessException)
                {
                    return Task.FromResult(false);
                }
            },
            by =>
            {
                time.Advance(by.ToTimeSpan());
                return Task.CompletedTask;
            });
        var actual = new ClientModel(
            _graph!,
            async (id, customer) =>
            {
                using var content = new StringContent($$"""{"customerTenantId":"{{customer.TenantId}}","customerDisplayName":"{{customer.DisplayName}}"}""", Encoding.UTF8, "application/json");
                using var response = await host.Control.PostAsync($"_emulator/relationships/{Uri.EscapeDataString(id)}/approve", content);
                return response.IsSuccessStatusCode;
            },
            host.AdvanceAsync);

        var log = new StringBuilder();
        for (var i = 0; i < steps.Count; i++)
        {
            var want = await expected.RunAsync(steps[i]);
            var got = await actual.RunAsync(steps[i]);
            log.AppendLine($"  {i}: {steps[i]} -> {want}");
            if (want != got)
            {
                return $"step {i} ({steps[i]}): in-memory '{want}', Graph over emulator '{got}'{Environment.NewLine}{log}";
            }
        }

        var wantState = await expected.DescribeAsync();
        var gotState = await actual.DescribeAsync();
        return wantState == gotState
            ? null
            : $"final state differs{Environment.NewLine}in-memory:{Environment.NewLine}{wantState}{Environment.NewLine}Graph over emulator:{Environment.NewLine}{gotState}{Environment.NewLine}{log}";
    }
}
