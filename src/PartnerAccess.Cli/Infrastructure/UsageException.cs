namespace PartnerAccess.Cli.Infrastructure;

/// <summary>The command line cannot be acted on (exit code 1); the message says what to change.</summary>
internal sealed class UsageException(string message) : Exception(message);
