namespace PartnerAccess.Sdk.Testing.Tests;

/// <summary>Runs the telemetry tests alone: their listeners would otherwise record activities of tests running beside them.</summary>
[CollectionDefinition(TelemetryCapture.Collection, DisableParallelization = true)]
public sealed class TelemetryCollection;
