namespace PartnerAccess.Cli.Infrastructure;

/// <summary>How results are written.</summary>
internal enum OutputFormat
{
    /// <summary>Tables and panels for people.</summary>
    Table,

    /// <summary>Stable camelCase JSON for scripts.</summary>
    Json,
}
